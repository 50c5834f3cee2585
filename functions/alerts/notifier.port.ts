import type { FleetNoticeKind } from '../fleet/fleet-host.ts';
import type { ChatNotification } from './chat-notification.ts';
import type { AlertKind } from './stored-incident.ts';

/** What a notification is about: an incident's alert, or a shipping host that went silent or came back. */
export type NoticeKind = AlertKind | FleetNoticeKind;

/** A notification as it goes out: written for people, with attributes for subscription filters. */
export interface AlertMessage {
  /** Printable ASCII, under 100 characters (SNS's limit for email subjects). */
  readonly subject: string;
  /** Plain text for email and every other subscriber: the default. */
  readonly body: string;
  /** The same notification in Amazon Q Developer's custom format, sent to chat when the stack is set to. */
  readonly chat?: ChatNotification;
  readonly attributes: {
    readonly host: string;
    readonly severity: 'high' | 'info';
    readonly kind: NoticeKind;
    /** Incident alerts: the incident (with `kind`, what a subscriber drops a repeat by). */
    readonly incidentId?: string;
    /** Host notices: `<host>#silent#<n>` / `<host>#back#<n>` (what a subscriber drops a repeat by). */
    readonly noticeId?: string;
  };
}

/** Sends notifications to on-call (SNS in the pipeline). Throws when the message was not accepted. */
export interface Notifier {
  publish(message: AlertMessage): Promise<{ messageId: string }>;
}
