import type { Signal } from '../signals/signal.ts';
import type { CorrelationConfig } from './correlation-config.ts';
import { distinctSignals } from './distinct-signals.ts';
import { type HostState, hostStateOf } from './host-state.ts';
import type { Incident, UnexplainedFailures } from './incident.ts';
import { incidentsOf } from './incidents-of.ts';

export interface Correlation {
  /** Every incident, at-risk and cleared leaks included, by leak time then host. */
  incidents: Incident[];
  /** Per host named, the failures no leak explains. */
  unexplained: UnexplainedFailures[];
}

/**
 * The detection rules applied to a set of signals at once: the reference the incremental paths (the pipeline's
 * host states, the scan's merge) must equal. Each event counts once (the same event read twice is one), so
 * permutation, batching and duplication of the input cannot change the result. `horizon`: the event time up to
 * which silence is known (default: the latest signal).
 */
export function correlateAll(
  signals: readonly Signal[],
  config: CorrelationConfig,
  horizon?: string,
): Correlation {
  const states = hostStatesOf(distinctSignals(signals), config);
  const latest = horizon ?? latestOf(states);
  const incidents: Incident[] = [];
  const unexplained: UnexplainedFailures[] = [];
  for (const state of states.values()) {
    const result = incidentsOf(state, config, latest);
    incidents.push(...result.incidents);
    if (result.unexplained) unexplained.push(result.unexplained);
  }
  incidents.sort((a, b) => compare(a.leakAt, b.leakAt) || compare(a.host, b.host) || compare(a.id, b.id));
  unexplained.sort((a, b) => compare(a.host, b.host));
  return { incidents, unexplained };
}

/** The incidents of correlateAll. */
export function correlate(
  signals: readonly Signal[],
  config: CorrelationConfig,
  horizon?: string,
): Incident[] {
  return correlateAll(signals, config, horizon).incidents;
}

function hostStatesOf(signals: readonly Signal[], config: CorrelationConfig): Map<string, HostState> {
  const byHost = new Map<string, Signal[]>();
  for (const signal of signals) {
    const list = byHost.get(signal.host);
    if (list) list.push(signal);
    else byHost.set(signal.host, [signal]);
  }
  return new Map([...byHost].map(([host, list]) => [host, hostStateOf(host, list, config)]));
}

function latestOf(states: Map<string, HostState>): string | undefined {
  let latest: string | undefined;
  for (const state of states.values())
    if (state.latest && (!latest || state.latest > latest)) latest = state.latest;
  return latest;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
