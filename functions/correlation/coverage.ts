import { z } from 'zod';
import { EventTimeSchema } from '../reader/event-record.ts';
import type { Signal } from '../signals/signal.ts';

/**
 * Exact de-duplication without one stored item per event. Record ids rise per (Computer, Channel) until the log
 * is cleared, and every producer writes a channel's events in record-id order (oldest or newest first) without
 * skipping one that matches its query. So the signals of one channel that an object carries form runs, and a run
 * claims every signal event of that channel between its ends: a later object's signal inside a run is one already
 * counted (a shipper re-sending after a restart, two exports that overlap). The claim also bounds the times: after a
 * cleared log the same record ids come back with later times, outside every old run, so they still count.
 *
 * The assumption, stated: an object holds every signal event of a channel between its first and last one of that
 * channel (a reader error ends the runs open at that point, since the broken event may have been one).
 */
export const CoverageRunSchema = z.object({
  /** Lower case, as eventIdentity folds them. */
  computer: z.string(),
  channel: z.string(),
  lo: z.number().int().min(0),
  hi: z.number().int().min(0),
  /** TimeCreated of the run's first and last signal in record-id order (`from` ≤ `to`). */
  from: EventTimeSchema,
  to: EventTimeSchema,
});
export type CoverageRun = z.infer<typeof CoverageRunSchema>;

/** Whether a run claims the signal event (recordId, time) of its channel. */
export function runCovers(run: CoverageRun, recordId: number, time: string): boolean {
  return run.lo <= recordId && recordId <= run.hi && run.from <= time && time <= run.to;
}

/** Whether two runs may hold the same events (same channel, overlapping ids and times). */
export function runsOverlap(a: CoverageRun, b: CoverageRun): boolean {
  return (
    a.computer === b.computer &&
    a.channel === b.channel &&
    a.lo <= b.hi &&
    b.lo <= a.hi &&
    a.from <= b.to &&
    b.from <= a.to
  );
}

export function channelKey(signal: Signal): { computer: string; channel: string } {
  return { computer: signal.evidence.computer.toLowerCase(), channel: signal.evidence.channel.toLowerCase() };
}

interface OpenRun extends CoverageRun {
  direction?: 'up' | 'down';
}

/** Runs already counted, for the channel and time of a signal. */
export type KnownRuns = (computer: string, channel: string, time: string) => readonly CoverageRun[];

/**
 * Follows one object's signals in the order read and says which are new: not claimed by a known run (stored, or
 * an earlier run of this object). Every signal, new or not, extends the object's own runs.
 */
export class CoverageTracker {
  private readonly open = new Map<string, OpenRun>();
  private readonly closed: CoverageRun[] = [];

  constructor(private readonly known: KnownRuns) {}

  /** True when the signal's event is counted for the first time. */
  admit(signal: Signal): boolean {
    const { computer, channel } = channelKey(signal);
    const id = signal.evidence.recordId;
    const time = signal.time;
    const key = `${computer}|${channel}`;
    const run = this.open.get(key);
    if (run && extend(run, id, time)) return !this.claimed(computer, channel, id, time);
    if (run) {
      this.closed.push(closedRun(run));
      this.open.delete(key);
    }
    const isNew = !this.claimed(computer, channel, id, time);
    this.open.set(key, { computer, channel, lo: id, hi: id, from: time, to: time });
    return isNew;
  }

  /** A reader error: the broken event may have been a signal of any open run, so each claim stops here. */
  breakRuns(): void {
    for (const run of this.open.values()) this.closed.push(closedRun(run));
    this.open.clear();
  }

  /** The runs this object claims, once it has been read to the end. */
  runs(): CoverageRun[] {
    this.breakRuns();
    return [...this.closed];
  }

  private claimed(computer: string, channel: string, id: number, time: string): boolean {
    const mine = (run: CoverageRun) => run.computer === computer && run.channel === channel;
    return (
      this.known(computer, channel, time).some((run) => runCovers(run, id, time)) ||
      this.closed.some((run) => mine(run) && runCovers(run, id, time))
    );
  }
}

/** Extends an open run when the signal continues it in record-id and time order; false when it breaks the run. */
function extend(run: OpenRun, id: number, time: string): boolean {
  if (run.direction !== 'down' && id > run.hi && time >= run.to) {
    run.hi = id;
    run.to = time;
    run.direction = 'up';
    return true;
  }
  if (run.direction !== 'up' && id < run.lo && time <= run.from) {
    run.lo = id;
    run.from = time;
    run.direction = 'down';
    return true;
  }
  return false;
}

function closedRun(run: OpenRun): CoverageRun {
  const { direction: _, ...closed } = run;
  return closed;
}
