import { createHash } from 'node:crypto';
import { eventTimeToNs } from '../reader/event-time.ts';
import { eventKey, type HiveLeak, type LeakingProcess, type Restart } from '../signals/signal.ts';

export const NS_PER_MS = 1_000_000n;

/** Durations of the detection contract in nanoseconds, for event-time arithmetic. */
export interface Spans {
  window: bigint;
  skew: bigint;
  quiet: bigint;
  settle: bigint;
}

export function spansOf(config: { window: number; skew: number; quiet: number; settle: number }): Spans {
  return {
    window: BigInt(config.window) * NS_PER_MS,
    skew: BigInt(config.skew) * NS_PER_MS,
    quiet: BigInt(config.quiet) * NS_PER_MS,
    settle: BigInt(config.settle) * NS_PER_MS,
  };
}

export const ns = eventTimeToNs;

/** The id of the incident a leak anchors: the same leak on the same host always gives the same id. */
export function incidentId(host: string, anchor: HiveLeak): string {
  return createHash('sha256')
    .update(`${host}\n${eventKey(anchor)}`)
    .digest('hex')
    .slice(0, 16);
}

/**
 * Whether a restart ends what these processes hold: the host restarted (or someone resolved it by hand), or the
 * restart names one of the processes (pid, and image name where the event gives one).
 */
export function restartEnds(restart: Restart, processes: readonly LeakingProcess[]): boolean {
  if (restart.scope !== 'process') return true;
  return processes.some(
    (p) => p.pid === restart.pid && (restart.image === undefined || restart.image === p.name.toLowerCase()),
  );
}

/**
 * How long a leak can explain failures: until `window` after it, or until a restart (after the leak) ends the
 * leaking process, whichever comes first. `by` is that restart.
 */
export function reachOf(
  leak: HiveLeak,
  processes: readonly LeakingProcess[],
  restarts: readonly Restart[],
  spans: Spans,
): { end: bigint; by?: Restart } {
  const at = ns(leak.time);
  const windowEnd = at + spans.window;
  const by = restarts.find((r) => ns(r.time) > at && restartEnds(r, processes));
  return by && ns(by.time) < windowEnd ? { end: ns(by.time), by } : { end: windowEnd };
}

/** Every matching process of some leaks, each (name, pid) once, in the order given. */
export function distinctProcesses(leaks: readonly HiveLeak[]): LeakingProcess[] {
  const seen = new Map<string, LeakingProcess>();
  for (const p of leaks.flatMap((leak) => leak.processes)) {
    const key = `${p.name.toLowerCase()}|${p.pid}`; // one process: both hives' 1530s list it
    if (!seen.has(key)) seen.set(key, { name: p.name.toLowerCase(), pid: p.pid, path: p.path });
  }
  return [...seen.values()];
}

export function sameIdentity(a: HiveLeak, b: HiveLeak): boolean {
  return a.sid.toUpperCase() === b.sid.toUpperCase();
}
