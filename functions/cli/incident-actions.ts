import { randomInt } from 'node:crypto';
import type { AlertContext } from '../alerts/alert-text.ts';
import { type Delivery, deliverDueAlerts } from '../alerts/deliver-alerts.ts';
import type { IncidentStore } from '../alerts/incident-store.port.ts';
import type { Notifier } from '../alerts/notifier.port.ts';
import { hasUnsent } from '../alerts/outbox.ts';
import type { AuditEntry, StoredIncident } from '../alerts/stored-incident.ts';
import type { CorrelationConfig } from '../correlation/correlation-config.ts';
import { hostStateOf } from '../correlation/host-state.ts';
import type { HostLedger, StoredHost } from '../hosts/host-ledger.port.ts';
import { type Annotation, type HostChange, updateHosts } from '../hosts/update-hosts.ts';
import { IncidentActionError } from './errors.ts';
import { type Actor, acknowledgeEntry, hasEnded, manualRestart, resolveEntry } from './manual-action.ts';

export interface ActionPorts {
  incidents: IncidentStore;
  ledger: HostLedger;
  /** The detection settings the pipeline runs with: the host's incidents are recomputed in the same write. */
  config: CorrelationConfig;
  notifyAtRisk: boolean;
  clock: () => Date;
  /** Sends the notifications the write queued; without it they wait for the sweeper. */
  delivery?: { notifier: Notifier; text: AlertContext };
  /** Record ids of resolutions by hand (random by default). */
  recordId?: () => number;
}

export interface ActionResult {
  incident: StoredIncident;
  /** This action's audit entry, as written. */
  entry: AuditEntry;
  /** Notifications this write queued for the incident (e.g. `resolved#1`). */
  queued: string[];
  deliveries: Delivery[];
  /** Other incidents of the host that the restart by hand ended too. */
  alsoEnded: string[];
}

/**
 * `incidents ack`: records who acknowledged the incident and why, in one conditional write with its host's state.
 */
export function acknowledgeIncident(id: string, actor: Actor, ports: ActionPorts): Promise<ActionResult> {
  return act(id, ports, (incident, now) => ({
    change: { host: incident.host },
    annotate: { incidentId: id, entry: acknowledgeEntry(actor, now), acknowledge: true },
  }));
}

/**
 * `incidents resolve`: a resolution by hand.
 * 1. read the incident (it must exist and not be superseded);
 * 2. if it is still open or at risk, merge a restart of scope `manual` into its host's state: the correlation ends
 *    what is open on the host, and the outbox queues `resolved#n` once; an incident that has ended gets only the
 *    audit entry ("already resolved");
 * 3. write state, incidents and the audit entry in one transaction, conditional on what was read (updateHosts): of
 *    two people resolving at once, the second one's write is redone on the first one's result — one resolution,
 *    two audit entries, one notification;
 * 4. send what the write queued (the claim in deliverDueAlerts lets only one sender publish).
 */
export function resolveIncident(id: string, actor: Actor, ports: ActionPorts): Promise<ActionResult> {
  return act(id, ports, (incident, now) => {
    const restart = manualRestart(incident, actor, now, (ports.recordId ?? randomRecordId)());
    const partial = hostStateOf(incident.host, [restart], ports.config);
    return {
      change: hasEnded(incident)
        ? { host: incident.host }
        : {
            host: incident.host,
            // decided again on each attempt: if another person's resolution won the race, ours only adds its entry
            partialFor: (stored) => (stillOpen(stored, id) ? partial : undefined),
          },
      annotate: { incidentId: id, entry: resolveEntry(actor, now) },
    };
  });
}

type Plan = (incident: StoredIncident, now: Date) => { change: HostChange; annotate: Annotation };

async function act(id: string, ports: ActionPorts, plan: Plan): Promise<ActionResult> {
  const incident = await ports.incidents.get(id);
  if (!incident) throw new IncidentActionError(`no incident ${id}`, id);
  if (incident.status === 'superseded') {
    throw new IncidentActionError(
      `incident ${id} was superseded${incident.supersededBy ? ` by ${incident.supersededBy}: act on that one` : ' (its failures joined another incident)'}`,
      id,
    );
  }
  const now = ports.clock();
  const { change, annotate } = plan(incident, now);
  const saved = await updateHosts([change], undefined, {
    ledger: ports.ledger,
    config: ports.config,
    clock: ports.clock,
    notifyAtRisk: ports.notifyAtRisk,
    annotate,
  });
  const mine = saved.find((s) => s.incident.id === id);
  const entry = mine?.incident.audit.at(-1);
  if (!mine || !entry) {
    throw new IncidentActionError(
      `incident ${id} is no longer computed from the state of ${incident.host} (superseded meanwhile, or older than the retention): nothing was recorded`,
      id,
    );
  }
  const alsoEnded = saved
    .filter((s) => s.incident.id !== id && s.statusChanged && hasEnded(s.incident))
    .map((s) => s.incident.id);
  const deliveries: Delivery[] = [];
  if (ports.delivery) {
    for (const s of saved.filter((x) => hasUnsent(x.incident))) {
      deliveries.push(
        ...(await deliverDueAlerts(s.incident.id, {
          incidents: ports.incidents,
          notifier: ports.delivery.notifier,
          clock: ports.clock,
          text: ports.delivery.text,
        })),
      );
    }
  }
  const current = deliveries.length > 0 ? ((await ports.incidents.get(id)) ?? mine.incident) : mine.incident;
  return { incident: current, entry, queued: mine.queued, deliveries, alsoEnded };
}

/** Whether the host's stored state still gives the incident as open or at risk. */
function stillOpen(stored: StoredHost | undefined, id: string): boolean {
  const status = stored?.known.find((k) => k.id === id)?.status;
  return status === undefined || status === 'open' || status === 'at-risk';
}

function randomRecordId(): number {
  return randomInt(1, 2 ** 31 - 1);
}
