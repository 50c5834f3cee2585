/**
 * Event time helpers. Event times are ISO-8601 UTC strings with exactly 9 fractional digits, so
 * string order is time order; arithmetic goes through bigint nanoseconds to keep 100 ns steps.
 */
const SYSTEM_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;

/** Normalises a `SystemTime` attribute (0–9 fractional digits, Z or offset) to 9 digits in UTC. */
export function normaliseSystemTime(raw: string): string | undefined {
  const m = SYSTEM_TIME.exec(raw.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac = '', zone = 'Z'] = m;
  const fraction = frac.padEnd(9, '0');
  if (zone === 'Z') {
    const check = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    if (Number.isNaN(check) || new Date(check).getUTCDate() !== Number(d)) return undefined;
    return `${y}-${mo}-${d}T${h}:${mi}:${s}.${fraction}Z`;
  }
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${zone}`);
  if (Number.isNaN(ms)) return undefined;
  return `${new Date(ms).toISOString().slice(0, 19)}.${fraction}Z`;
}

/** Nanoseconds since the Unix epoch. */
export function eventTimeToNs(time: string): bigint {
  const ms = Date.parse(`${time.slice(0, 19)}Z`);
  return BigInt(ms) * 1_000_000n + BigInt(time.slice(20, 29));
}

/** The first and last event times with a four-digit year: where string order is time order. */
const FIRST_NS = eventTimeToNs('0000-01-01T00:00:00.000000000Z');
const LAST_NS = eventTimeToNs('9999-12-31T23:59:59.999999999Z');

/**
 * The inverse of eventTimeToNs. Seconds are floored (a time before 1970 has a negative count but a positive
 * fraction), and arithmetic past year 9999 or before year 0000 (a hostile event's time plus the window) stops at
 * the edge, so the result is always a valid event time.
 */
export function nsToEventTime(ns: bigint): string {
  const t = ns < FIRST_NS ? FIRST_NS : ns > LAST_NS ? LAST_NS : ns;
  const frac = ((t % 1_000_000_000n) + 1_000_000_000n) % 1_000_000_000n;
  const seconds = (t - frac) / 1_000_000_000n;
  return `${new Date(Number(seconds) * 1000).toISOString().slice(0, 19)}.${frac.toString().padStart(9, '0')}Z`;
}

/** Milliseconds since the epoch (loses sub-millisecond precision: for display and durations only). */
export function eventTimeToMs(time: string): number {
  return Number(eventTimeToNs(time) / 1_000_000n);
}
