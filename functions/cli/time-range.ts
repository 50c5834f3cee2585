import { parseDuration } from '../correlation/correlation-config.ts';
import { nsToEventTime } from '../reader/event-time.ts';
import { wallTimeToMs } from './time-display.ts';

/** A leak-time range as the indexes' sort key writes it (event times, 9 digits, UTC). */
export interface TimeRange {
  since?: string;
  until?: string;
}

export class TimeRangeError extends Error {
  override readonly name = 'TimeRangeError';
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WALL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;
const WEEK_MS = 7 * 86_400_000;

/**
 * `--since` / `--until`: a duration back from now (`7d`, `36h`, `2w`), a date (`2026-11-17`: midnight in `zone`;
 * for `until`, the whole day is included), a wall time in `zone` (`2026-11-17 09:30`), or an ISO time with its
 * offset (`2026-11-17T09:30:00Z`).
 */
export function parseTimeRange(
  given: { since?: string; until?: string },
  now: Date,
  zone: string,
): TimeRange {
  const range: TimeRange = {};
  if (given.since !== undefined) range.since = instant('--since', given.since, now, zone, 'start');
  if (given.until !== undefined) range.until = instant('--until', given.until, now, zone, 'end');
  if (range.since && range.until && range.since > range.until) {
    throw new TimeRangeError(`--since ${given.since} is after --until ${given.until}`);
  }
  return range;
}

function instant(option: string, text: string, now: Date, zone: string, edge: 'start' | 'end'): string {
  const value = text.trim();
  const back = value.endsWith('w') ? weeks(value) : parseDuration(value);
  if (back !== undefined) {
    if (back < 0) throw new TimeRangeError(`${option}: "${text}" is a negative duration`);
    return atMs(now.getTime() - back);
  }
  const date = DATE.exec(value);
  if (date) {
    const [y, mo, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
    checkDate(option, text, y, mo, d);
    const start = wallTimeToMs(zone, { y, mo, d });
    if (edge === 'start') return atMs(start);
    // the last instant of that day: the next day's midnight, less one nanosecond
    const next = new Date(Date.UTC(y, mo - 1, d + 1));
    const end = wallTimeToMs(zone, {
      y: next.getUTCFullYear(),
      mo: next.getUTCMonth() + 1,
      d: next.getUTCDate(),
    });
    return nsToEventTime(BigInt(end) * 1_000_000n - 1n);
  }
  const wall = WALL.exec(value);
  if (wall) {
    const [y, mo, d] = [Number(wall[1]), Number(wall[2]), Number(wall[3])];
    checkDate(option, text, y, mo, d);
    return atMs(
      wallTimeToMs(zone, { y, mo, d, h: Number(wall[4]), mi: Number(wall[5]), s: Number(wall[6] ?? 0) }),
    );
  }
  const iso = /[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isNaN(iso)) return atMs(iso);
  throw new TimeRangeError(
    `${option}: "${text}" is not a duration (7d, 36h, 2w), a date (2026-11-17), a time (2026-11-17 09:30) or an ISO time`,
  );
}

function weeks(value: string): number | undefined {
  const m = /^(\d+)w$/.exec(value);
  return m ? Number(m[1]) * WEEK_MS : undefined;
}

function checkDate(option: string, text: string, y: number, mo: number, d: number): void {
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) {
    throw new TimeRangeError(`${option}: "${text}" is not a calendar date`);
  }
}

function atMs(ms: number): string {
  return nsToEventTime(BigInt(ms) * 1_000_000n);
}
