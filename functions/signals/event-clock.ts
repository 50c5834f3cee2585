import { nsToEventTime } from '../reader/event-time.ts';
import type { Signal } from './signal.ts';

/**
 * How far ahead of the reading machine's clock an event may be stamped: a server's clock set a time zone wrong
 * (local time written as UTC) is at most 14 hours ahead. A signal further ahead is a broken or hostile clock, and
 * kept it would become the host's latest time, from which retention lets go of everything today.
 */
export const MAX_AHEAD_MS = 24 * 3_600_000;

/**
 * The check for one object read at `now`: why a signal cannot be taken (stamped more than MAX_AHEAD_MS after `now`),
 * or undefined. Event times are fixed-width, so string order is time order: one comparison per signal.
 */
export function aheadOfClock(now: Date): (signal: Pick<Signal, 'time'>) => string | undefined {
  const latest = nsToEventTime(BigInt(now.getTime() + MAX_AHEAD_MS) * 1_000_000n);
  return (signal) =>
    signal.time <= latest
      ? undefined
      : `event time ${signal.time} is more than a day ahead of this clock (${now.toISOString()}): refused`;
}
