import { nsToEventTime } from '../reader/event-time.ts';
import { eventKey, type HiveLeak, type Restart } from '../signals/signal.ts';
import { atRiskIncidents } from './at-risk.ts';
import type { CorrelationConfig } from './correlation-config.ts';
import type { FailureSession } from './failure-session.ts';
import { countedFailures } from './failures-from.ts';
import { allRestarts, type HostState, horizonOf } from './host-state.ts';
import type { Incident, Resolution, UnexplainedFailures } from './incident.ts';
import { incidentFacts } from './incident-facts.ts';
import {
  distinctProcesses,
  ns,
  reachOf,
  restartEnds,
  type Spans,
  sameIdentity,
  spansOf,
} from './leak-reach.ts';

/** What one host's state says: its incidents (at risk, open, resolved, cleared) and the failures no leak explains. */
export interface HostCorrelation {
  incidents: Incident[];
  unexplained?: UnexplainedFailures;
}

/**
 * The detection rules, on one host's state, in event time (`horizon`: up to where silence is known; default the
 * host's latest signal, or later where the clock confirmed it).
 *
 * 1. Failures form sessions: chained by gaps shorter than `quiet` (host-state.ts).
 * 2. Sessions are taken in time order. A session is an incident when a leak not claimed by an earlier incident
 *    reaches it: the leak's reach — from `skew` before it to `window` after it, cut short by a restart that ends
 *    the leaking process — overlaps the session. The anchoring leak is the latest such leak at or before the
 *    session's first failure, else the earliest one after it (a client clock running behind); then the first 1530
 *    of that logoff's burst (the user hive and the _Classes hive, same SID, within `skew`).
 * 3. The incident claims every unclaimed leak from `window` before its first failure to `skew` after its last (the
 *    hive pair, later leaks); a leak after that stays free to anchor the next incident. A session no leak reaches
 *    is unexplained (counted, never paged).
 * 4. It resolves at the first restart at or after its last failure that ends the leaking process (or the host, or
 *    by hand), once event time is `settle` past it; else `quiet` after its last failure. A failure after a restart,
 *    within `quiet`, continues the session: the restart did not fix it (or it broke again), so it reopens.
 * 5. Leaks no incident claimed are at risk until their reach ends (at-risk.ts).
 */
export function incidentsOf(
  state: HostState,
  config: CorrelationConfig,
  horizon: string | undefined = horizonOf(state),
): HostCorrelation {
  if (horizon === undefined) return { incidents: [] };
  // silence is known at least up to the host's own latest signal: a later incident means this one went quiet
  if (state.latest !== undefined && state.latest > horizon) horizon = state.latest;
  const spans = spansOf(config);
  const claimed = new Set<string>();
  const incidents: Incident[] = [];
  const unexplained: FailureSession[] = [];
  let claimedUntil: bigint | undefined;
  const restarts = allRestarts(state);
  for (const session of state.sessions) {
    const free = state.leaks.filter((leak) => claimedUntil === undefined || ns(leak.time) > claimedUntil);
    const anchor = anchorOf(session, free, restarts, spans);
    if (!anchor) {
      unexplained.push(session);
      continue;
    }
    const first = ns(session.first);
    const last = ns(session.last);
    const leaks = free.filter((l) => ns(l.time) >= first - spans.window && ns(l.time) <= last + spans.skew);
    for (const leak of leaks) claimed.add(eventKey(leak));
    claimedUntil = last + spans.skew;
    const ordered = [anchor, ...leaks.filter((leak) => leak !== anchor)];
    incidents.push(failingIncident(state, restarts, session, ordered, config, spans, ns(horizon)));
  }
  incidents.push(...atRiskIncidents(state, restarts, claimed, config, spans, ns(horizon)));
  incidents.sort((a, b) => compare(a.leakAt, b.leakAt) || compare(a.id, b.id));
  const result: HostCorrelation = { incidents };
  if (unexplained.length > 0) result.unexplained = unexplainedOf(state.host, unexplained);
  return result;
}

function anchorOf(
  session: FailureSession,
  leaks: readonly HiveLeak[],
  restarts: readonly Restart[],
  spans: Spans,
): HiveLeak | undefined {
  const first = ns(session.first);
  const last = ns(session.last);
  const reaching = leaks.filter(
    (leak) =>
      ns(leak.time) - spans.skew <= last && reachOf(leak, leak.processes, restarts, spans).end >= first,
  );
  const chosen = reaching.filter((leak) => ns(leak.time) <= first).at(-1) ?? reaching[0];
  if (!chosen) return undefined;
  const at = ns(chosen.time);
  return (
    reaching.find((l) => sameIdentity(l, chosen) && ns(l.time) >= at - spans.skew && ns(l.time) <= at) ??
    chosen
  );
}

function failingIncident(
  state: HostState,
  restarts: readonly Restart[],
  session: FailureSession,
  leaks: readonly HiveLeak[],
  config: CorrelationConfig,
  spans: Spans,
  horizon: bigint,
): Incident {
  const processes = distinctProcesses(leaks);
  const anchor = leaks[0] as HiveLeak;
  const counted = countedFailures(session, ns(anchor.time) - spans.skew);
  const first = ns(counted.first);
  const last = ns(session.last);
  const relevant = restarts.filter((r) => restartEnds(r, processes));
  const after = relevant.find((r) => ns(r.time) >= last);
  const during = relevant.filter((r) => ns(r.time) >= first && ns(r.time) < last).slice(-5);
  let resolution: Resolution | undefined;
  let restartSeen: Restart | undefined;
  if (after && ns(after.time) <= last + spans.quiet) {
    const settled = ns(after.time) + (after.scope === 'manual' ? 0n : spans.settle) <= horizon;
    if (settled)
      resolution = { by: after.scope === 'manual' ? 'manual' : 'restart', at: after.time, restart: after };
    else restartSeen = after;
  } else if (after) restartSeen = after;
  if (!resolution && last + spans.quiet <= horizon) {
    resolution = { by: 'quiet', at: nsToEventTime(last + spans.quiet) };
  }
  return incidentFacts(state, anchor, leaks, config, {
    session: counted,
    status: resolution ? 'resolved' : 'open',
    ...(resolution ? { resolution } : {}),
    ...(restartSeen ? { restartSeen } : {}),
    ...(during.length > 0 ? { ineffectiveRestarts: during } : {}),
  });
}

function unexplainedOf(host: string, sessions: readonly FailureSession[]): UnexplainedFailures {
  const clients = new Set<string>();
  let count = 0;
  for (const session of sessions) {
    count += session.count;
    for (const client of session.clients) clients.add(client.name);
  }
  const first = sessions[0] as FailureSession;
  const last = sessions[sessions.length - 1] as FailureSession;
  return {
    host,
    hostAsNamed: first.firstFailures[0]?.hostAsNamed ?? host,
    failureCount: count,
    firstFailureAt: first.first,
    lastFailureAt: last.last,
    clients: [...clients].sort(),
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
