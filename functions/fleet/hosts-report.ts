import { type TimeDisplay, timeDisplay } from '../cli/time-display.ts';
import type { ShippedObject } from '../ingest/ingest-record.port.ts';
import type { FleetHost } from './fleet-host.ts';

/** One day of a host's shipping, in the report's time zone. */
export interface DayActivity {
  /** `YYYY-MM-DD` in the report's zone. */
  day: string;
  objects: number;
  events: number;
  errors: number;
}

/** What `hivewatch hosts` says about one shipping host. */
export interface HostReport {
  host: string;
  /** `silent`: nothing for `silentAfter` (whether or not the sweeper has sent its notice yet). */
  status: 'shipping' | 'silent';
  /** Since its last object, in milliseconds. */
  quietMs: number;
  /** The sweeper decided this silence (its notice is sent or on its way). */
  noticed: boolean;
  firstSeenAt: string;
  lastSeenAt: string;
  lastObjectKey: string;
  lastEventAt?: string;
  /** Silences so far. */
  silences: number;
  /** Every day of the period, oldest first, days without an object included. */
  days: DayActivity[];
}

export interface ReportOptions {
  now: Date;
  /** Undefined: silence is not judged. */
  silentAfterMs?: number;
  /** Days in the period, today included. */
  days: number;
  /** IANA time zone of the days (`UTC`, `Europe/Berlin`). */
  zone: string;
}

/** The first instant of the period: midnight, `days - 1` days before today, in the zone (ISO, for the index query). */
export function periodStart(options: Pick<ReportOptions, 'now' | 'days' | 'zone'>): string {
  const days = periodDays(options);
  const first = days[0] as string;
  // the zone's midnight of the first day is within a day of UTC midnight: step back a day to be safe, filter later
  return new Date(Date.parse(`${first}T00:00:00Z`) - 86_400_000).toISOString();
}

/** The days of the period in the zone, oldest first. */
export function periodDays(options: Pick<ReportOptions, 'now' | 'days' | 'zone'>): string[] {
  const today = dayIn(options.now.toISOString(), options.zone);
  const base = Date.parse(`${today}T12:00:00Z`);
  return Array.from({ length: options.days }, (_, i) =>
    new Date(base - (options.days - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}

/** Sums one host's objects per day as they come (memory: one entry per day, whatever the object count). */
export class DayTally {
  private readonly byDay = new Map<string, DayActivity>();

  constructor(private readonly options: Pick<ReportOptions, 'now' | 'days' | 'zone'>) {
    for (const day of periodDays(options)) this.byDay.set(day, { day, objects: 0, events: 0, errors: 0 });
  }

  add(object: ShippedObject): void {
    const entry = this.byDay.get(dayIn(object.ingestedAt, this.options.zone));
    if (!entry) return; // before the period (the query starts a day early)
    entry.objects += 1;
    entry.events += object.events;
    entry.errors += object.errors;
  }

  days(): DayActivity[] {
    return [...this.byDay.values()];
  }
}

export function hostReport(host: FleetHost, days: DayActivity[], options: ReportOptions): HostReport {
  const quietMs = Math.max(0, options.now.getTime() - Date.parse(host.lastSeenAt));
  const silent = options.silentAfterMs !== undefined && quietMs >= options.silentAfterMs;
  return {
    host: host.host,
    status: silent ? 'silent' : 'shipping',
    quietMs,
    noticed: host.silentSince !== undefined,
    firstSeenAt: host.firstSeenAt,
    lastSeenAt: host.lastSeenAt,
    lastObjectKey: host.lastObjectKey,
    ...(host.lastEventAt ? { lastEventAt: host.lastEventAt } : {}),
    silences: host.silences,
    days,
  };
}

/** `YYYY-MM-DD` of an ISO or event time in a zone. */
export function dayIn(time: string, zone: string): string {
  return displayIn(zone).minute(time).slice(0, 10);
}

/** `YYYY-MM-DD HH:MM` of an ISO or event time in a zone. */
export function minuteIn(time: string, zone: string): string {
  return displayIn(zone).minute(time);
}

/** One display per zone: a report formats a time per ingest record. */
const displays = new Map<string, TimeDisplay>();
export function displayIn(zone: string): TimeDisplay {
  let display = displays.get(zone);
  if (!display) {
    display = timeDisplay({ zone });
    displays.set(zone, display);
  }
  return display;
}
