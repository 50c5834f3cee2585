import type { AlertContext } from '../alerts/alert-text.ts';
import { type Delivery, deliverDueAlerts } from '../alerts/deliver-alerts.ts';
import type { IncidentStore } from '../alerts/incident-store.port.ts';
import type { Notifier } from '../alerts/notifier.port.ts';
import type { StoredIncident } from '../alerts/stored-incident.ts';
import { correlateHost } from '../correlation/correlate-host.ts';
import type { CorrelationConfig } from '../correlation/correlation-config.ts';
import type { SignalStore } from '../correlation/signal-store.port.ts';
import { countingSignalStore } from '../ingest/counting-signal-store.ts';
import { eventTimeToMs, nsToEventTime } from '../reader/event-time.ts';

export interface SweepPorts {
  signals: SignalStore;
  incidents: IncidentStore;
  notifier: Notifier;
  clock: () => Date;
  correlation: CorrelationConfig;
  alertText: AlertContext;
  /** Resolved incidents with leaks older than this are not looked at again for unsent notifications. */
  lookbackMs: number;
  leaseMs?: number;
}

export interface SweepReport {
  openChecked: number;
  resolved: string[];
  deliveries: Delivery[];
}

/**
 * The scheduled sweep:
 * 1. every open incident whose last failure is `quiet` behind the clock: recompute its host with the clock
 *    as horizon, which resolves it (and queues the resolved notification);
 * 2. every recent incident with a notification still due (a failed publish, a claim whose invocation died):
 *    send it, each once.
 */
export async function sweep(ports: SweepPorts): Promise<SweepReport> {
  const now = ports.clock();
  const horizon = nsToEventTime(BigInt(now.getTime()) * 1_000_000n);
  const open = await ports.incidents.listByStatus('open');
  const resolved: string[] = [];
  const candidates = new Map<string, StoredIncident>();
  const quietHosts = new Set(
    open
      .filter((incident) => eventTimeToMs(incident.lastFailureAt) + ports.correlation.quiet <= now.getTime())
      .map((incident) => incident.host),
  );
  for (const host of quietHosts) {
    const store = countingSignalStore(ports.signals);
    const { incidents } = await correlateHost(host, [], { store, config: ports.correlation, horizon });
    const saved = await ports.incidents.saveComputed(host, incidents, store.lastCount(), ports.clock());
    for (const { incident, resolved: nowResolved } of saved) {
      if (nowResolved) resolved.push(incident.id);
      if (hasUnsent(incident)) candidates.set(incident.id, incident);
    }
  }

  const leakSince = nsToEventTime(BigInt(now.getTime() - ports.lookbackMs) * 1_000_000n);
  for (const incident of [
    ...(await ports.incidents.listByStatus('open')),
    ...(await ports.incidents.listByStatus('resolved', leakSince)),
  ]) {
    if (hasUnsent(incident)) candidates.set(incident.id, incident);
  }
  const deliveries: Delivery[] = [];
  for (const incident of candidates.values()) {
    const fresh = (await ports.incidents.get(incident.id)) ?? incident;
    deliveries.push(...(await deliverDueAlerts(fresh, { ...ports, text: ports.alertText })));
  }
  return { openChecked: open.length, resolved, deliveries };
}

function hasUnsent(incident: StoredIncident): boolean {
  return [incident.openedAlert, incident.resolvedAlert].some((entry) => entry && entry.state !== 'sent');
}
