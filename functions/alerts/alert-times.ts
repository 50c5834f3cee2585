/**
 * Times as notifications show them: always UTC, and the zone always named — on-call reads them against logs that
 * Windows stamps in UTC. Inputs are event times (9 fractional digits) or ISO times from the clock (3 digits).
 */

/** `2026-11-17 09:14:21.123 UTC` */
export function longTime(time: string): string {
  return `${time.slice(0, 10)} ${time.slice(11, 23)} UTC`;
}

/** `2026-11-17 09:14:21 UTC` */
export function secondsTime(time: string): string {
  return `${time.slice(0, 10)} ${time.slice(11, 19)} UTC`;
}

/** `2026-11-17 09:14 UTC` */
export function shortTime(time: string): string {
  return `${time.slice(0, 10)} ${time.slice(11, 16)} UTC`;
}

/** `09:14:21 UTC` when on the day of `reference`, else the date too: a logoff is read beside the leak it caused. */
export function timeOnDayOf(time: string, reference: string, precision: 'seconds' | 'minutes'): string {
  const clock = time.slice(11, precision === 'seconds' ? 19 : 16);
  return time.slice(0, 10) === reference.slice(0, 10) ? `${clock} UTC` : `${time.slice(0, 10)} ${clock} UTC`;
}

/** `2 h 10 min`, `3 d 4 h`, `45 s`: the two largest units (hours up to two days), for how long something lasted. */
export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 1000) return 'under a second';
  const units: [string, number][] = [
    ...(ms >= 2 * 86_400_000 ? ([['d', 86_400_000]] as [string, number][]) : []),
    ['h', 3_600_000],
    ['min', 60_000],
    ['s', 1000],
  ];
  const parts: string[] = [];
  let rest = Math.floor(ms / 1000) * 1000;
  for (const [name, size] of units) {
    if (parts.length === 2) break;
    const n = Math.floor(rest / size);
    if (n > 0 || parts.length > 0) {
      if (n > 0) parts.push(`${n} ${name}`);
      rest -= n * size;
      if (parts.length > 0 && n === 0) break;
    }
  }
  return parts.join(' ');
}

/** Milliseconds between two times (event or clock), later minus earlier. */
export function between(from: string, to: string): number {
  return Date.parse(`${to.slice(0, 23)}Z`) - Date.parse(`${from.slice(0, 23)}Z`);
}
