import { eventTimeToMs } from '../reader/event-time.ts';
import type { Signal } from './signal.ts';

/**
 * How far ahead of the reading machine's clock an event may be stamped: a server's clock set a time zone wrong
 * (local time written as UTC) is at most 14 hours ahead. A signal further ahead is a broken or hostile clock, and
 * kept it would become the host's latest time, from which retention lets go of everything today.
 */
export const MAX_AHEAD_MS = 24 * 3_600_000;

/** Why the signal cannot be taken (stamped more than MAX_AHEAD_MS after `now`), or undefined. */
export function aheadOfClock(signal: Pick<Signal, 'time'>, now: Date): string | undefined {
  const ahead = eventTimeToMs(signal.time) - now.getTime();
  if (ahead <= MAX_AHEAD_MS) return undefined;
  return `event time ${signal.time} is more than a day ahead of this clock (${now.toISOString()}): refused`;
}
