import { nsToEventTime } from '../reader/event-time.ts';
import { eventKey, type HiveLeak, type Restart } from '../signals/signal.ts';
import type { CorrelationConfig } from './correlation-config.ts';
import type { HostState } from './host-state.ts';
import type { Incident } from './incident.ts';
import { incidentFacts } from './incident-facts.ts';
import { distinctProcesses, ns, reachOf, type Spans, sameIdentity } from './leak-reach.ts';

/**
 * Early warning: a 1530 naming dllhost.exe or w3wp.exe that no incident claimed is an application that fails on
 * its next activation. One at-risk incident per logoff burst (same SID within `skew`: the user and _Classes hive),
 * with the id the incident would get, so the first failure promotes it in place. It stays at risk until its reach
 * ends — `window` after the leak, or a restart of the leaking process — and is then `cleared`.
 */
export function atRiskIncidents(
  state: HostState,
  restarts: readonly Restart[],
  claimed: ReadonlySet<string>,
  config: CorrelationConfig,
  spans: Spans,
  horizon: bigint,
): Incident[] {
  const incidents: Incident[] = [];
  for (const burst of burstsOf(
    state.leaks.filter((leak) => !claimed.has(eventKey(leak))),
    spans,
  )) {
    const anchor = burst[0] as HiveLeak;
    const reach = reachOf(anchor, distinctProcesses(burst), restarts, spans);
    const until = nsToEventTime(reach.end);
    const ended = reach.end <= horizon;
    incidents.push(
      incidentFacts(state, anchor, burst, config, {
        status: ended ? 'cleared' : 'at-risk',
        atRiskUntil: until,
        ...(ended
          ? {
              resolution: reach.by
                ? { by: reach.by.scope === 'manual' ? 'manual' : 'restart', at: until, restart: reach.by }
                : { by: 'window', at: until },
            }
          : {}),
      }),
    );
  }
  return incidents;
}

/** Leaks (in time order) grouped by logoff: a leak joins the burst of an earlier one of the same SID within `skew`. */
function burstsOf(leaks: readonly HiveLeak[], spans: Spans): HiveLeak[][] {
  const bursts: HiveLeak[][] = [];
  for (const leak of leaks) {
    const burst = bursts.find(
      (b) =>
        sameIdentity(b[0] as HiveLeak, leak) && ns(leak.time) - ns((b[0] as HiveLeak).time) <= spans.skew,
    );
    if (burst) burst.push(leak);
    else bursts.push([leak]);
  }
  return bursts;
}
