import { describe, expect, it } from 'vitest';
import type { FleetHost } from '../../functions/fleet/fleet-host.ts';
import { DayTally, hostReport, periodDays, periodStart } from '../../functions/fleet/hosts-report.ts';
import { hostsTable } from '../../functions/fleet/hosts-text.ts';

const now = new Date('2026-11-17T09:30:00.000Z');
const object = (ingestedAt: string, events = 10, errors = 0) => ({
  key: `incoming/app01/${ingestedAt}.xml.gz`,
  ingestedAt,
  events,
  errors,
});
const fleetHost: FleetHost = {
  host: 'app01',
  firstSeenAt: '2026-11-01T00:00:00.000Z',
  lastSeenAt: '2026-11-17T07:00:00.000Z',
  lastObjectKey: 'incoming/app01/last.xml.gz',
  lastEventAt: '2026-11-17T06:58:00.000000000Z',
  silences: 0,
  notices: {},
};

describe('events and errors per day, in the reader’s time zone', () => {
  it('the period is today and the days before it, in the zone', () => {
    expect(periodDays({ now, days: 3, zone: 'UTC' })).toEqual(['2026-11-15', '2026-11-16', '2026-11-17']);
    // 12:00 UTC on the 17th is 01:00 on the 18th in Auckland (UTC+13 in November)
    expect(periodDays({ now: new Date('2026-11-17T12:00:00Z'), days: 2, zone: 'Pacific/Auckland' })).toEqual([
      '2026-11-17',
      '2026-11-18',
    ]);
    expect(periodStart({ now, days: 3, zone: 'UTC' }) <= '2026-11-15T00:00:00.000Z').toBe(true);
  });

  it('an object counts on the day it was ingested there; objects before the period are left out', () => {
    const utc = new DayTally({ now, days: 2, zone: 'UTC' });
    const ny = new DayTally({ now, days: 2, zone: 'America/New_York' });
    for (const o of [
      object('2026-11-17T03:00:00.000Z', 5, 1),
      object('2026-11-16T23:00:00.000Z', 7),
      object('2026-11-14T12:00:00.000Z', 100),
    ]) {
      utc.add(o);
      ny.add(o);
    }
    expect(utc.days()).toEqual([
      { day: '2026-11-16', objects: 1, events: 7, errors: 0 },
      { day: '2026-11-17', objects: 1, events: 5, errors: 1 },
    ]);
    // 03:00 UTC on the 17th is 22:00 on the 16th in New York (UTC-5)
    expect(ny.days()).toEqual([
      { day: '2026-11-16', objects: 2, events: 12, errors: 1 },
      { day: '2026-11-17', objects: 0, events: 0, errors: 0 },
    ]);
  });

  it('silent when nothing came for `silentAfter`; the table names the zone', () => {
    const options = { now, days: 1, zone: 'Europe/Berlin', silentAfterMs: 2 * 3_600_000 };
    const report = hostReport(fleetHost, new DayTally(options).days(), options);
    expect(report).toMatchObject({ status: 'silent', quietMs: 2.5 * 3_600_000, noticed: false });
    const table = hostsTable({ hosts: [report], now, zone: 'Europe/Berlin', silentAfter: '2h' }).split('\n');
    expect(table[0]).toBe(
      '1 shipping host, 1 silent (nothing for 2h or more). Times in Europe/Berlin (UTC+01:00).',
    );
    expect(table[3]).toMatch(
      /^app01 +silent 2 h 30 min +2026-11-17 08:00 +2026-11-17 07:58 +0 +0 +0 +incoming\/app01\/last\.xml\.gz$/,
    );
  });
});
