import type { SQSClient } from '@aws-sdk/client-sqs';
import { receiveAlerts } from '../../local/on-call.ts';

export interface LoggedAlert {
  incidentId: string;
  kind: string;
  host: string;
  /** When SNS accepted it (the envelope's Timestamp), ms. */
  publishedAt: number;
  receivedAt: number;
}

/** The stand-in on-call subscriber, reading its queue the whole run: every alert, with when it was published. */
export class OnCallLog {
  readonly alerts: LoggedAlert[] = [];
  private running = true;
  private readonly loop: Promise<void>;

  constructor(sqs: SQSClient, queueUrl: string) {
    this.loop = (async () => {
      while (this.running) {
        for (const alert of await receiveAlerts(sqs, queueUrl, 1)) {
          this.alerts.push({
            incidentId: alert.attributes.incidentId ?? '',
            kind: alert.attributes.kind ?? '',
            host: alert.attributes.host ?? '',
            publishedAt: Date.parse(alert.timestamp),
            receivedAt: Date.now(),
          });
        }
      }
    })();
  }

  /** Reads what is still on its way (a few seconds of quiet), then stops. */
  async close(quietSeconds = 3): Promise<LoggedAlert[]> {
    let seen = -1;
    while (seen !== this.alerts.length) {
      seen = this.alerts.length;
      await new Promise((r) => setTimeout(r, quietSeconds * 1000));
    }
    this.running = false;
    await this.loop;
    return this.alerts;
  }
}
