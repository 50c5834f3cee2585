import type { AlertContext } from '../alerts/alert-text.ts';
import { type Delivery, deliverDueAlerts } from '../alerts/deliver-alerts.ts';
import type { IncidentStore } from '../alerts/incident-store.port.ts';
import type { Notifier } from '../alerts/notifier.port.ts';
import { hasUnsent } from '../alerts/outbox.ts';
import type { IncidentStatusName, StoredIncident } from '../alerts/stored-incident.ts';
import type { CorrelationConfig } from '../correlation/correlation-config.ts';
import type { FleetNoticeContext } from '../fleet/fleet-notice-text.ts';
import type { FleetStore } from '../fleet/fleet-store.port.ts';
import { type FleetSweepReport, notifySilentHosts } from '../fleet/notify-silent-hosts.ts';
import type { HostLedger } from '../hosts/host-ledger.port.ts';
import { updateHosts } from '../hosts/update-hosts.ts';
import { eventTimeToMs, nsToEventTime } from '../reader/event-time.ts';

export interface SweepPorts {
  ledger: HostLedger;
  incidents: IncidentStore;
  notifier: Notifier;
  clock: () => Date;
  correlation: CorrelationConfig;
  alertText: AlertContext;
  notifyAtRisk: boolean;
  /** Ended incidents with leaks older than this are not looked at again for unsent notifications. */
  lookbackMs: number;
  leaseMs?: number;
  fleet: FleetStore;
  /** No object for this long makes a host silent; undefined: not looked for. */
  silentAfterMs?: number;
  fleetText: FleetNoticeContext;
}

export interface SweepReport {
  openChecked: number;
  /** Hosts whose state the clock moved on (quiet, settled restarts, at-risk windows that ran out). */
  hostsRefreshed: string[];
  resolved: string[];
  deliveries: Delivery[];
  /** What failed, one entry per host or incident: the rest of the sweep went on. */
  failures: { host?: string; incidentId?: string; error: string }[];
  /** Shipping hosts that went silent or came back, and their notices. */
  fleet: FleetSweepReport;
}

/**
 * The scheduled sweep. Its work is bounded by the incidents still open or at risk, never by what a host holds:
 * 1. every host with an incident that the clock may end (its last failure `quiet` behind, a restart `settle`
 *    behind, an at-risk window run out): tell its state the time (one small read and one write per host), which
 *    recomputes its incidents and queues their notifications;
 * 2. every recent incident with a notification still due (a failed publish, a claim whose invocation died): send it;
 * 3. the fleet, one paged query: a host silent for `silentAfter` gets one notice, and one when it ships again
 *    (notify-silent-hosts.ts).
 * One host's or one incident's failure is reported and the sweep goes on with the others.
 */
export async function sweep(ports: SweepPorts): Promise<SweepReport> {
  const now = ports.clock();
  const horizon = nsToEventTime(BigInt(now.getTime()) * 1_000_000n);
  const failures: SweepReport['failures'] = [];
  const open = await all(ports.incidents, 'open');
  const atRisk = await all(ports.incidents, 'at-risk');
  const hosts = new Set(
    [...open, ...atRisk].filter((incident) => endsByNow(incident, ports.correlation, now)).map((i) => i.host),
  );
  const resolved: string[] = [];
  const candidates = new Map<string, StoredIncident>();
  for (const host of [...hosts].sort()) {
    try {
      const saved = await updateHosts([{ host, clockHorizon: horizon }], undefined, {
        ...ports,
        config: ports.correlation,
      });
      for (const { incident, statusChanged } of saved) {
        if (statusChanged && (incident.status === 'resolved' || incident.status === 'cleared'))
          resolved.push(incident.id);
        if (hasUnsent(incident)) candidates.set(incident.id, incident);
      }
    } catch (error) {
      failures.push({ host, error: messageOf(error) });
    }
  }
  const since = nsToEventTime(BigInt(now.getTime() - ports.lookbackMs) * 1_000_000n);
  for (const incident of [
    ...open,
    ...atRisk,
    ...(await all(ports.incidents, 'resolved', since)),
    ...(await all(ports.incidents, 'cleared', since)),
  ]) {
    if (hasUnsent(incident)) candidates.set(incident.id, incident);
  }
  const deliveries: Delivery[] = [];
  for (const id of candidates.keys()) {
    try {
      deliveries.push(...(await deliverDueAlerts(id, { ...ports, text: ports.alertText })));
    } catch (error) {
      failures.push({ incidentId: id, error: messageOf(error) });
    }
  }
  let fleet: FleetSweepReport;
  try {
    fleet = await notifySilentHosts(ports);
  } catch (error) {
    fleet = { hosts: 0, silent: [], back: [], deliveries: [], failures: [] };
    failures.push({ error: `fleet: ${messageOf(error)}` });
  }
  for (const failure of fleet.failures) failures.push(failure);
  return {
    openChecked: open.length + atRisk.length,
    hostsRefreshed: [...hosts].sort(),
    resolved,
    deliveries,
    failures,
    fleet,
  };
}

/** Whether the clock alone may change the incident now. */
function endsByNow(incident: StoredIncident, config: CorrelationConfig, now: Date): boolean {
  const t = now.getTime();
  if (incident.status === 'at-risk')
    return incident.atRiskUntil !== undefined && eventTimeToMs(incident.atRiskUntil) <= t;
  if (incident.restartSeen && eventTimeToMs(incident.restartSeen.time) + config.settle <= t) return true;
  return incident.lastFailureAt !== undefined && eventTimeToMs(incident.lastFailureAt) + config.quiet <= t;
}

/** Every incident of a status (every page), leak at or after `since`. */
async function all(
  store: IncidentStore,
  status: IncidentStatusName,
  since?: string,
): Promise<StoredIncident[]> {
  const incidents: StoredIncident[] = [];
  let after: string | undefined;
  do {
    const page = await store.listByStatus(status, {
      ...(since ? { since } : {}),
      ...(after ? { after } : {}),
    });
    incidents.push(...page.incidents);
    after = page.next;
  } while (after);
  return incidents;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
