import { eventTimeToNs } from '../reader/event-time.ts';
import type { ActivationFailure, HiveLeak, Signal } from '../signals/signal.ts';
import type { CorrelationConfig } from './correlation-config.ts';
import { byTimeThenEvent, distinctSignals } from './distinct-signals.ts';
import type { Incident } from './incident.ts';
import { incidentOf } from './incident-of.ts';

const NS_PER_MS = 1_000_000n;

/** An incident being assembled: its anchoring leak, failures so far, and the leaks it may claim. */
export interface IncidentDraft {
  anchor: HiveLeak;
  leaks: HiveLeak[];
  failures: ActivationFailure[];
}

/**
 * The detection rules, in event time. Incidents are a pure function of the set of distinct events, so
 * permutation, batching and duplication of the input cannot change them.
 *
 * Per host, failures are taken in time order:
 * 1. A failure earlier than `quiet` after the open incident's last failure joins that incident.
 * 2. Otherwise the open incident (if any) has resolved; the failure opens a new incident when a leak not
 *    claimed by an earlier incident precedes it (`leak − skew ≤ failure ≤ leak + window`). The anchoring
 *    leak is the latest such leak at or before the failure; failing that (the failure is up to `skew`
 *    early, as a drifting client clock makes it), the earliest such leak after it. One logoff unloads the
 *    user hive and the _Classes hive ~2 s apart: the anchor is the first 1530 of that burst (same SID,
 *    within `skew` before).
 * 3. An incident claims every unclaimed leak from `window` before its first failure to `skew` after its
 *    last one (the user and _Classes 1530 pair, later leaks); a leak after that stays free to anchor the
 *    next incident ("a later leak + failure opens a new one"). Failures that no leak precedes are dropped.
 *
 * Status: resolved at `lastFailure + quiet` when that is at or before `horizon` (default: the latest
 * time among the given signals; the scan passes the latest event it read, the sweeper the clock), or
 * when a later incident of the host exists.
 */
export function correlate(
  signals: readonly Signal[],
  config: CorrelationConfig,
  horizon?: string,
): Incident[] {
  const distinct = distinctSignals(signals);
  const until = horizon ?? latestTime(distinct);
  if (until === undefined) return [];
  const byHost = new Map<string, Signal[]>();
  for (const signal of distinct) {
    const list = byHost.get(signal.host);
    if (list) list.push(signal);
    else byHost.set(signal.host, [signal]);
  }
  const incidents: Incident[] = [];
  for (const hostSignals of byHost.values()) {
    const drafts = draftsOfHost(hostSignals, config);
    // a later incident on the host means this one went quiet, whatever the horizon: one open incident per host
    drafts.forEach((draft, i) => {
      incidents.push(incidentOf(draft, config, until, i < drafts.length - 1));
    });
  }
  return incidents.sort(
    (a, b) => compare(a.leakAt, b.leakAt) || compare(a.host, b.host) || compare(a.id, b.id),
  );
}

/** The incidents of one host's distinct signals, before they are given their final shape. */
function draftsOfHost(signals: readonly Signal[], config: CorrelationConfig): IncidentDraft[] {
  const ordered = [...signals].sort(byTimeThenEvent);
  const leaks = ordered.filter((s): s is HiveLeak => s.kind === 'leak');
  const failures = ordered.filter((s): s is ActivationFailure => s.kind === 'failure');
  const window = BigInt(config.window) * NS_PER_MS;
  const skew = BigInt(config.skew) * NS_PER_MS;
  const quiet = BigInt(config.quiet) * NS_PER_MS;

  const drafts: IncidentDraft[] = [];
  let open: { draft: IncidentDraft; lastNs: bigint; firstNs: bigint } | undefined;
  let claimedUntil: bigint | undefined; // leaks at or before this instant belong to earlier incidents
  const close = () => {
    if (!open) return;
    const from = open.firstNs - window;
    const to = open.lastNs + skew;
    open.draft.leaks = leaks.filter((leak) => {
      const ns = eventTimeToNs(leak.time);
      return ns >= from && ns <= to && (claimedUntil === undefined || ns > claimedUntil);
    });
    claimedUntil = to;
    open = undefined;
  };

  for (const failure of failures) {
    const ns = eventTimeToNs(failure.time);
    if (open && ns < open.lastNs + quiet) {
      open.draft.failures.push(failure);
      open.lastNs = ns;
      continue;
    }
    close();
    const anchor = anchorOf(leaks, ns, { window, skew, claimedUntil });
    if (!anchor) continue;
    const draft: IncidentDraft = { anchor, leaks: [anchor], failures: [failure] };
    drafts.push(draft);
    open = { draft, firstNs: ns, lastNs: ns };
  }
  close();
  return drafts;
}

/** The leak that a failure at `ns` follows (see correlate, step 2), or undefined. */
function anchorOf(
  leaks: readonly HiveLeak[],
  ns: bigint,
  limits: { window: bigint; skew: bigint; claimedUntil: bigint | undefined },
): HiveLeak | undefined {
  let before: HiveLeak | undefined;
  for (const leak of leaks) {
    const leakNs = eventTimeToNs(leak.time);
    if (limits.claimedUntil !== undefined && leakNs <= limits.claimedUntil) continue;
    if (leakNs - limits.skew > ns) break;
    if (ns > leakNs + limits.window) continue;
    if (leakNs <= ns)
      before = leak; // leaks are in time order: the last one seen is the latest
    else return firstOfBurst(leaks, before ?? leak, ns, limits); // else the first leak after it (within skew)
  }
  return before && firstOfBurst(leaks, before, ns, limits);
}

/**
 * One logoff unloads the user hive and the _Classes hive about 2 s apart: the earliest unclaimed leak of
 * the same identity at most `skew` before `leak`, that the failure at `failureNs` still follows.
 */
function firstOfBurst(
  leaks: readonly HiveLeak[],
  leak: HiveLeak,
  failureNs: bigint,
  limits: { window: bigint; skew: bigint; claimedUntil: bigint | undefined },
): HiveLeak {
  const leakNs = eventTimeToNs(leak.time);
  const sid = leak.sid.toLowerCase();
  for (const other of leaks) {
    const ns = eventTimeToNs(other.time);
    if (limits.claimedUntil !== undefined && ns <= limits.claimedUntil) continue;
    if (ns < leakNs - limits.skew || failureNs > ns + limits.window) continue;
    if (other.sid.toLowerCase() === sid) return other;
  }
  return leak;
}

function latestTime(signals: readonly Signal[]): string | undefined {
  let latest: string | undefined;
  for (const signal of signals) if (latest === undefined || signal.time > latest) latest = signal.time;
  return latest;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
