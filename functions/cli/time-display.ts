/**
 * Times as the person reading them lives them: in one IANA zone (the machine's, which Node takes from `TZ`, or UTC
 * with `--utc`), each with its UTC offset at that instant so that a time across a DST change is never ambiguous.
 */
export interface TimeDisplay {
  /** `Europe/Paris`, `UTC`. */
  readonly zone: string;
  /** `2026-11-17 10:14:21 +01:00` (with `.123` when `ms`). */
  dateTime(time: string | number, options?: { ms?: boolean }): string;
  /** `2026-11-17 10:14` without the offset: table cells, under a header naming the zone. */
  minute(time: string | number): string;
  /** `10:14:21` (the day and offset are given elsewhere). */
  clock(time: string | number, options?: { ms?: boolean }): string;
  /** `+01:00` at that instant. */
  offset(time: string | number): string;
  /** `Europe/Paris (UTC+01:00)`: the zone and its offset at that instant, for headers. */
  label(time: string | number): string;
}

/** The display for `--utc`, an explicit zone, or the machine's zone (TZ respected). */
export function timeDisplay(options: { utc?: boolean; zone?: string } = {}): TimeDisplay {
  const zone = options.utc ? 'UTC' : (options.zone ?? new Intl.DateTimeFormat().resolvedOptions().timeZone);
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    fractionalSecondDigits: 3,
    hourCycle: 'h23',
    timeZoneName: 'longOffset',
  });
  const fields = (time: string | number) => {
    // event times (9 digits) and ISO times (3) both parse: only milliseconds are shown
    const ms = typeof time === 'number' ? time : Date.parse(time);
    const p = Object.fromEntries(parts.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
    const gmt = p.timeZoneName ?? 'GMT';
    return {
      date: `${p.year}-${p.month}-${p.day}`,
      clock: `${p.hour}:${p.minute}:${p.second}`,
      ms: p.fractionalSecond ?? '000',
      offset: gmt === 'GMT' ? '+00:00' : gmt.replace('GMT', ''),
    };
  };
  return {
    zone,
    dateTime(time, o = {}) {
      const f = fields(time);
      return `${f.date} ${f.clock}${o.ms ? `.${f.ms}` : ''} ${f.offset}`;
    },
    minute(time) {
      const f = fields(time);
      return `${f.date} ${f.clock.slice(0, 5)}`;
    },
    clock(time, o = {}) {
      const f = fields(time);
      return `${f.clock}${o.ms ? `.${f.ms}` : ''}`;
    },
    offset: (time) => fields(time).offset,
    label: (time) => (zone === 'UTC' ? 'UTC' : `${zone} (UTC${fields(time).offset})`),
  };
}

/** Milliseconds between two UTC instants given in the zone's wall time: what the zone adds to UTC at `ms`. */
export function zoneOffsetMs(zone: string, ms: number): number {
  const offset = timeDisplay({ zone }).offset(ms);
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
}

/** The instant a wall-clock time names in a zone (`2026-11-17 00:00` in Europe/Paris is 23:00 UTC the day before). */
export function wallTimeToMs(
  zone: string,
  wall: { y: number; mo: number; d: number; h?: number; mi?: number; s?: number },
): number {
  const asUtc = Date.UTC(wall.y, wall.mo - 1, wall.d, wall.h ?? 0, wall.mi ?? 0, wall.s ?? 0);
  // the offset at the guess, then at the corrected instant (they differ only within a DST change)
  const first = asUtc - zoneOffsetMs(zone, asUtc);
  return asUtc - zoneOffsetMs(zone, first);
}
