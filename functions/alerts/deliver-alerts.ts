import { randomUUID } from 'node:crypto';
import { type AlertContext, alertMessage } from './alert-text.ts';
import type { IncidentStore } from './incident-store.port.ts';
import type { Notifier } from './notifier.port.ts';
import { isDue } from './outbox.ts';
import type { AlertKind, StoredIncident } from './stored-incident.ts';

export interface DeliveryPorts {
  incidents: IncidentStore;
  notifier: Notifier;
  clock: () => Date;
  text: AlertContext;
  /** How long a claim protects a publish in flight; longer than any invocation (Lambda's limit is 15 min). */
  leaseMs?: number;
}

export interface Delivery {
  incidentId: string;
  host: string;
  kind: AlertKind;
  outcome: 'sent' | 'failed';
  /** 1 for a first attempt; more when an earlier publish failed (a retry). */
  attempt: number;
  messageId?: string;
  error?: string;
}

export const DefaultLeaseMs = 15 * 60_000;

/**
 * Sends what the incident's outbox holds, each notification once:
 * 1. skip entries that are not due (sent, or claimed by a live invocation);
 * 2. claim the entry with a conditional write — only one invocation wins;
 * 3. publish, then record the message id; on failure give the entry back as pending for the sweeper.
 * `resolved` goes out only after `opened` was sent.
 * The one duplicate window: a crash after SNS accepted the message and before it was recorded. The claim's
 * lease then runs out and the sweeper publishes again; subscribers can drop it by the incidentId + kind attributes.
 */
export async function deliverDueAlerts(incident: StoredIncident, ports: DeliveryPorts): Promise<Delivery[]> {
  const deliveries: Delivery[] = [];
  let current = incident;
  for (const kind of ['opened', 'resolved'] as const) {
    if (kind === 'resolved' && current.openedAlert?.state !== 'sent') break;
    const now = ports.clock();
    const leaseExpiredBefore = new Date(now.getTime() - (ports.leaseMs ?? DefaultLeaseMs)).toISOString();
    if (!isDue(entryOf(current, kind), leaseExpiredBefore)) continue;
    const token = randomUUID();
    const claimed = await ports.incidents.claimAlert(current.id, kind, { token, now, leaseExpiredBefore });
    if (!claimed) break;
    const delivery = await publishClaimed(claimed, kind, token, ports);
    deliveries.push(delivery);
    if (delivery.outcome === 'failed') break;
    current = (await ports.incidents.get(current.id)) ?? claimed;
  }
  return deliveries;
}

async function publishClaimed(
  claimed: StoredIncident,
  kind: AlertKind,
  token: string,
  ports: DeliveryPorts,
): Promise<Delivery> {
  const attempt = entryOf(claimed, kind)?.attempts ?? 1;
  const base = { incidentId: claimed.id, host: claimed.host, kind, attempt };
  let messageId: string;
  try {
    ({ messageId } = await ports.notifier.publish(alertMessage(claimed, kind, ports.text)));
  } catch (error) {
    const reason = error instanceof Error ? `${error.message}${causeOf(error)}` : String(error);
    await ports.incidents.releaseAlert(claimed.id, kind, token, reason);
    return { ...base, outcome: 'failed', error: reason };
  }
  await ports.incidents.completeAlert(claimed.id, kind, token, messageId, ports.clock());
  return { ...base, outcome: 'sent', messageId };
}

function entryOf(incident: StoredIncident, kind: AlertKind) {
  return kind === 'opened' ? incident.openedAlert : incident.resolvedAlert;
}

function causeOf(error: Error): string {
  return error.cause instanceof Error ? `: ${error.cause.message}` : '';
}
