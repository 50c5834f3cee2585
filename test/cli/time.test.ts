import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { brokenSpan, brokenText, humanDuration } from '../../functions/cli/time-broken.ts';
import { timeDisplay } from '../../functions/cli/time-display.ts';
import { parseTimeRange, TimeRangeError } from '../../functions/cli/time-range.ts';

const now = new Date('2026-11-22T12:00:00Z');

describe('times in the reader’s zone, the zone named', () => {
  it('Europe/Paris in winter is UTC+01:00, in summer UTC+02:00; each time carries its own offset', () => {
    const paris = timeDisplay({ zone: 'Europe/Paris' });
    expect(paris.dateTime('2026-11-17T09:14:21.123456700Z', { ms: true })).toBe(
      '2026-11-17 10:14:21.123 +01:00',
    );
    expect(paris.dateTime('2026-07-01T09:14:21.000000000Z')).toBe('2026-07-01 11:14:21 +02:00');
    expect(paris.label('2026-11-17T09:14:21.123456700Z')).toBe('Europe/Paris (UTC+01:00)');
    expect(paris.minute('2026-11-17T23:30:00.000000000Z')).toBe('2026-11-18 00:30');
  });

  it('half-hour zones, and --utc', () => {
    expect(timeDisplay({ zone: 'Asia/Kolkata' }).dateTime('2026-11-17T09:14:21.000000000Z')).toBe(
      '2026-11-17 14:44:21 +05:30',
    );
    const utc = timeDisplay({ utc: true });
    expect(utc.zone).toBe('UTC');
    expect(utc.dateTime('2026-11-17T09:14:21.000000000Z')).toBe('2026-11-17 09:14:21 +00:00');
    expect(utc.label(0)).toBe('UTC');
  });

  it('the machine’s zone is what TZ says (Node reads it at start: checked in a child by the CLI tests)', () => {
    expect(timeDisplay().zone).toBe(new Intl.DateTimeFormat().resolvedOptions().timeZone);
  });
});

describe('--since and --until', () => {
  it('a duration back from now, in event-time form (the index sort key)', () => {
    expect(parseTimeRange({ since: '7d' }, now, 'UTC')).toEqual({ since: '2026-11-15T12:00:00.000000000Z' });
    expect(parseTimeRange({ since: '36h' }, now, 'UTC').since).toBe('2026-11-21T00:00:00.000000000Z');
    expect(parseTimeRange({ since: '2w' }, now, 'UTC').since).toBe('2026-11-08T12:00:00.000000000Z');
  });

  it('a date is midnight in the reader’s zone; as --until it includes the whole day', () => {
    expect(parseTimeRange({ since: '2026-11-17', until: '2026-11-17' }, now, 'Europe/Paris')).toEqual({
      since: '2026-11-16T23:00:00.000000000Z',
      until: '2026-11-17T22:59:59.999999999Z',
    });
    // the day DST ends in Paris has 25 hours
    expect(parseTimeRange({ since: '2026-10-25', until: '2026-10-25' }, now, 'Europe/Paris')).toEqual({
      since: '2026-10-24T22:00:00.000000000Z',
      until: '2026-10-25T22:59:59.999999999Z',
    });
  });

  it('a wall time in the zone, or an ISO time with its offset', () => {
    expect(parseTimeRange({ since: '2026-11-17 09:30' }, now, 'Europe/Paris').since).toBe(
      '2026-11-17T08:30:00.000000000Z',
    );
    expect(parseTimeRange({ since: '2026-11-17T09:30:00+05:30' }, now, 'UTC').since).toBe(
      '2026-11-17T04:00:00.000000000Z',
    );
  });

  it('anything else is refused, naming the option and the forms it takes', () => {
    expect(() => parseTimeRange({ since: 'last tuesday' }, now, 'UTC')).toThrow(TimeRangeError);
    expect(() => parseTimeRange({ since: 'last tuesday' }, now, 'UTC')).toThrow(
      /--since: "last tuesday" is not a duration/,
    );
    expect(() => parseTimeRange({ until: '2026-02-30' }, now, 'UTC')).toThrow(
      '--until: "2026-02-30" is not a calendar date',
    );
    expect(() => parseTimeRange({ since: '1d', until: '3d' }, now, 'UTC')).toThrow(
      '--since 1d is after --until 3d',
    );
  });

  it('for every duration, since = now − duration (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.constantFrom('m', 'h', 'd'), (n, unit) => {
        const ms = n * { m: 60_000, h: 3_600_000, d: 86_400_000 }[unit];
        const since = parseTimeRange({ since: `${n}${unit}` }, now, 'UTC').since ?? '';
        expect(Date.parse(since)).toBe(now.getTime() - ms);
      }),
    );
  });
});

describe('time broken: first failure → what ended it', () => {
  const first = '2026-11-17T09:20:00.000000000Z';
  it('a restart or a resolution by hand ends it; quiet counts to the last failure (at least); open counts to now', () => {
    expect(
      brokenSpan(
        {
          status: 'resolved',
          firstFailureAt: first,
          lastFailureAt: '2026-11-17T11:30:00.000000000Z',
          resolution: { by: 'restart', at: '2026-11-17T12:00:00.000000000Z' },
        },
        now,
      ),
    ).toMatchObject({ ms: 160 * 60_000, end: 'restart' });
    const quiet = brokenSpan(
      {
        status: 'resolved',
        firstFailureAt: first,
        lastFailureAt: '2026-11-17T11:30:00.000000000Z',
        resolution: { by: 'quiet', at: '2026-11-18T11:30:00.000000000Z' },
      },
      now,
    );
    expect(brokenText(quiet)).toBe('at least 2 h 10 min');
    const open = brokenSpan(
      { status: 'open', firstFailureAt: first, lastFailureAt: first },
      new Date('2026-11-17T10:20:00Z'),
    );
    expect(brokenText(open)).toBe('1 h so far');
    expect(brokenSpan({ status: 'at-risk' }, now)).toBeUndefined();
  });

  it('durations in two units at most', () => {
    expect(humanDuration(45_000)).toBe('45 s');
    expect(humanDuration(61_000)).toBe('1 min 1 s');
    expect(humanDuration(130 * 60_000)).toBe('2 h 10 min');
    expect(humanDuration(76 * 3_600_000 + 5 * 60_000)).toBe('3 d 4 h');
  });
});
