import type { AlertKind } from './stored-incident.ts';

/** An alert as it goes out: written for people, with attributes for subscription filters. */
export interface AlertMessage {
  readonly subject: string;
  readonly body: string;
  readonly attributes: {
    readonly host: string;
    readonly severity: 'high' | 'info';
    readonly kind: AlertKind;
    readonly incidentId: string;
  };
}

/** Sends alerts to on-call (SNS in the pipeline). Throws when the message was not accepted. */
export interface Notifier {
  publish(message: AlertMessage): Promise<{ messageId: string }>;
}
