import { z } from 'zod';
import { eventTimeToNs, nsToEventTime } from '../reader/event-time.ts';
import {
  byTimeThenEvent,
  eventKey,
  type HiveLeak,
  HiveLeakSchema,
  type Restart,
  RestartSchema,
  type Signal,
} from '../signals/signal.ts';
import type { CorrelationConfig } from './correlation-config.ts';
import { type FailureSession, FailureSessionSchema, mergeSessions, sessionOf } from './failure-session.ts';
import { type Identity, IdentitySchema, identityOf, mergeIdentities } from './identities.ts';

/** Leaks and restarts kept per host, the latest ones (a host that leaks more than this within `retention` is odd). */
export const LEAK_LIMIT = 200;
export const RESTART_LIMIT = 500;
/**
 * Exits and recycles kept per process id, the latest ones. A busy server ends thousands of dllhost/w3wp processes a
 * day; only the pids its leaks name matter, so they are kept per pid (apart from the state, read when a leak names
 * the pid) and never add up in one place.
 */
export const RESTARTS_PER_PID = 8;
const NS_PER_MS = 1_000_000n;

/**
 * Everything hivewatch keeps about one host (the server named by its signals): small, and the same size after a
 * week of failures as after one. Its leaks, its restarts, the logons and logoffs of the identities seen on it,
 * and its failures as sessions (FailureSession). States merge (mergeHostStates) into exactly the state of all
 * their signals together, whatever the split and the order, as long as no event is merged twice: that is what
 * lets each S3 object update a host without reading its history.
 */
export const HostStateSchema = z.object({
  host: z.string(),
  /** Sorted by time, then event identity; distinct; the LEAK_LIMIT latest. */
  leaks: z.array(HiveLeakSchema),
  /** Sorted by first failure; consecutive sessions are at least `quiet` apart. */
  sessions: z.array(FailureSessionSchema),
  /** Host restarts and resolutions by hand: sorted by time, then event identity; distinct; the RESTART_LIMIT latest. */
  restarts: z.array(RestartSchema),
  /** Process exits and recycles by pid (sorted by pid), each the RESTARTS_PER_PID latest. */
  processRestarts: z.array(z.object({ pid: z.number().int(), restarts: z.array(RestartSchema) })),
  /** By SID (see identities.ts). */
  identities: z.array(IdentitySchema),
  /** The latest event time of any signal merged: the host's own horizon for `quiet`. */
  latest: z.string().optional(),
  /** A horizon the clock has confirmed (the sweeper, a resolution by hand): event time known to have passed. */
  clockHorizon: z.string().optional(),
});
export type HostState = z.infer<typeof HostStateSchema>;

export function emptyHostState(host: string): HostState {
  return { host, leaks: [], sessions: [], restarts: [], processRestarts: [], identities: [] };
}

/** The state of one host's signals (signals of other hosts are left out). */
export function hostStateOf(host: string, signals: Iterable<Signal>, config: CorrelationConfig): HostState {
  const state = emptyHostState(host);
  const failures: FailureSession[] = [];
  const identities: Identity[] = [];
  const processRestarts: Restart[] = [];
  for (const signal of signals) {
    if (signal.host !== host) continue;
    if (state.latest === undefined || signal.time > state.latest) state.latest = signal.time;
    if (signal.kind === 'failure') failures.push(sessionOf(signal));
    else if (signal.kind === 'leak') state.leaks.push(signal);
    else if (signal.kind === 'restart' && signal.scope === 'process') processRestarts.push(signal);
    else if (signal.kind === 'restart') state.restarts.push(signal);
    else identities.push(identityOf(signal));
  }
  state.leaks = distinctLatest(state.leaks, LEAK_LIMIT);
  state.restarts = distinctLatest(state.restarts, RESTART_LIMIT);
  state.processRestarts = byPid(processRestarts);
  state.sessions = chainSessions(failures, config.quiet);
  state.identities = mergeIdentities(identities);
  return prune(state, config);
}

/** Two states of the same host as one: the state of all their signals (each event in only one of them). */
export function mergeHostStates(a: HostState, b: HostState, config: CorrelationConfig): HostState {
  const merged: HostState = {
    host: a.host,
    leaks: distinctLatest([...a.leaks, ...b.leaks], LEAK_LIMIT),
    sessions: chainSessions([...a.sessions, ...b.sessions], config.quiet),
    restarts: distinctLatest([...a.restarts, ...b.restarts], RESTART_LIMIT),
    processRestarts: byPid([...a.processRestarts, ...b.processRestarts].flatMap((p) => p.restarts)),
    identities: mergeIdentities([...a.identities, ...b.identities]),
  };
  const latest = later(a.latest, b.latest);
  if (latest !== undefined) merged.latest = latest;
  const clock = later(a.clockHorizon, b.clockHorizon);
  if (clock !== undefined) merged.clockHorizon = clock;
  return prune(merged, config);
}

/** The event time up to which the host's silence is known: its latest signal, or later where the clock said so. */
export function horizonOf(state: HostState): string | undefined {
  return later(state.latest, state.clockHorizon);
}

/** The state with the clock's word that event time `horizon` has passed (never moves back). */
export function withClockHorizon(state: HostState, horizon: string): HostState {
  const clock = later(state.clockHorizon, horizon);
  return clock === undefined ? state : { ...state, clockHorizon: clock };
}

/**
 * Sessions (any order, possibly overlapping) chained by gaps shorter than `quiet`: a late failure that falls in
 * the gap between two sessions joins them into one.
 */
export function chainSessions(sessions: readonly FailureSession[], quietMs: number): FailureSession[] {
  const quiet = BigInt(quietMs) * NS_PER_MS;
  const ordered = [...sessions].sort((x, y) => (x.first < y.first ? -1 : x.first > y.first ? 1 : 0));
  const chained: FailureSession[] = [];
  let lastNs = 0n;
  for (const session of ordered) {
    const previous = chained[chained.length - 1];
    if (previous && eventTimeToNs(session.first) - lastNs < quiet) {
      const merged = mergeSessions(previous, session);
      chained[chained.length - 1] = merged;
      lastNs = eventTimeToNs(merged.last);
    } else {
      chained.push(session);
      lastNs = eventTimeToNs(session.last);
    }
  }
  return chained;
}

/**
 * What `retention` lets go, relative to the host's latest signal: sessions that ended before it, leaks and restarts
 * older than it by more than `window` (they can no longer anchor or end anything kept). A dropped session does not
 * come back: a failure this late starts a session of its own, which is dropped in turn.
 */
function prune(state: HostState, config: CorrelationConfig): HostState {
  if (state.latest === undefined) return state;
  const edge = nsToEventTime(eventTimeToNs(state.latest) - BigInt(config.retention) * NS_PER_MS);
  const sessions = state.sessions.filter((s) => s.last >= edge);
  // a session kept may have begun long before the edge: keep what can still anchor it
  const start = sessions[0] && sessions[0].first < edge ? sessions[0].first : edge;
  const oldest = nsToEventTime(eventTimeToNs(start) - BigInt(config.window) * NS_PER_MS);
  return {
    ...state,
    sessions,
    leaks: state.leaks.filter((l) => l.time >= oldest),
    restarts: state.restarts.filter((r) => r.time >= oldest),
    processRestarts: state.processRestarts
      .map((p) => ({ pid: p.pid, restarts: p.restarts.filter((r) => r.time >= oldest) }))
      .filter((p) => p.restarts.length > 0),
  };
}

/** Every restart of the host (host-wide, by hand, and per process), in time order. */
export function allRestarts(state: Pick<HostState, 'restarts' | 'processRestarts'>): Restart[] {
  return [...state.restarts, ...state.processRestarts.flatMap((p) => p.restarts)].sort(byTimeThenEvent);
}

/** Process restarts grouped by pid, each group its RESTARTS_PER_PID latest, distinct. */
export function byPid(restarts: readonly Restart[]): HostState['processRestarts'] {
  const groups = new Map<number, Restart[]>();
  for (const restart of restarts) {
    const pid = restart.pid ?? -1;
    groups.set(pid, [...(groups.get(pid) ?? []), restart]);
  }
  return [...groups]
    .sort(([a], [b]) => a - b)
    .map(([pid, list]) => ({ pid, restarts: distinctLatest(list, RESTARTS_PER_PID) }));
}

function distinctLatest<T extends HiveLeak | Restart>(items: readonly T[], limit: number): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) {
    const key = eventKey(item);
    const seen = byKey.get(key);
    // the same event read from two places: keep one copy, the same whatever the order
    if (!seen || compareCopies(item, seen) < 0) byKey.set(key, item);
  }
  return [...byKey.values()].sort(byTimeThenEvent).slice(-limit);
}

function compareCopies(a: HiveLeak | Restart, b: HiveLeak | Restart): number {
  if (a.evidence.source !== b.evidence.source) return a.evidence.source < b.evidence.source ? -1 : 1;
  return a.evidence.offset - b.evidence.offset;
}

function later(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a > b ? a : b;
}
