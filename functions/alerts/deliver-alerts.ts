import { randomUUID } from 'node:crypto';
import { type AlertContext, alertMessage } from './alert-text.ts';
import type { IncidentStore } from './incident-store.port.ts';
import type { Notifier } from './notifier.port.ts';
import { dueAlert } from './outbox.ts';
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
  key: string;
  kind: AlertKind;
  outcome: 'sent' | 'failed';
  /** 1 for a first attempt; more when an earlier publish failed (a retry). */
  attempt: number;
  messageId?: string;
  error?: string;
}

export const DefaultLeaseMs = 15 * 60_000;
/** Notifications sent for one incident in one call (an incident rarely has more than two due at once). */
const PerCall = 6;

/**
 * Sends what the incident's outbox holds, in decision order, each notification once:
 * 1. take the first entry due (outbox.ts dueAlert: every earlier one sent);
 * 2. claim it with a conditional write — only one invocation wins;
 * 3. publish, then record the message id; on failure give the entry back as pending for the sweeper and stop.
 * The one duplicate window: a crash after SNS accepted the message and before it was recorded. The claim's
 * lease then runs out and the sweeper publishes again; subscribers can drop it by the incidentId + kind attributes.
 */
export async function deliverDueAlerts(incidentId: string, ports: DeliveryPorts): Promise<Delivery[]> {
  const deliveries: Delivery[] = [];
  for (let n = 0; n < PerCall; n++) {
    const incident = await ports.incidents.get(incidentId);
    if (!incident) break;
    const now = ports.clock();
    const leaseExpiredBefore = new Date(now.getTime() - (ports.leaseMs ?? DefaultLeaseMs)).toISOString();
    const due = dueAlert(incident, leaseExpiredBefore);
    if (!due) break;
    const [key] = due;
    const token = randomUUID();
    const claimed = await ports.incidents.claimAlert(incident.id, key, { token, now, leaseExpiredBefore });
    if (!claimed) break;
    const delivery = await publishClaimed(claimed, key, token, ports);
    deliveries.push(delivery);
    if (delivery.outcome === 'failed') break;
  }
  return deliveries;
}

async function publishClaimed(
  claimed: StoredIncident,
  key: string,
  token: string,
  ports: DeliveryPorts,
): Promise<Delivery> {
  const entry = claimed.alerts[key];
  const kind = entry?.kind ?? 'opened';
  const base = { incidentId: claimed.id, host: claimed.host, key, kind, attempt: entry?.attempts ?? 1 };
  let messageId: string;
  try {
    ({ messageId } = await ports.notifier.publish(alertMessage(claimed, kind, ports.text)));
  } catch (error) {
    const reason = error instanceof Error ? `${error.message}${causeOf(error)}` : String(error);
    await ports.incidents.releaseAlert(claimed.id, key, token, reason);
    return { ...base, outcome: 'failed', error: reason };
  }
  await ports.incidents.completeAlert(claimed.id, key, token, messageId, ports.clock());
  return { ...base, outcome: 'sent', messageId };
}

function causeOf(error: Error): string {
  return error.cause instanceof Error ? `: ${error.cause.message}` : '';
}
