import fc from 'fast-check';
import { eventTimeToNs, nsToEventTime } from '../../functions/reader/event-time.ts';
import type { Signal } from '../../functions/signals/signal.ts';
import { failure, leak, T0 } from './signal-builders.ts';

const SERVERS = ['app01', 'web01', 'app02'] as const;
const CLIENTS = ['ws01', 'ws02', 'ws03', 'ws04', 'ws05'] as const;
const MINUTE_NS = 60_000_000_000n;

/** An offset from T0 in minutes, biased to the interesting edges: near a leak (skew), days later (window, quiet). */
const offsetMinutes = fc.oneof(
  fc.integer({ min: -30, max: 30 }),
  fc.integer({ min: -3 * 1440, max: 12 * 1440 }),
  fc.constantFrom(-5, 5, 7 * 1440, 24 * 60, 25 * 60),
);

const sub = fc.integer({ min: 0, max: 59_999_999_999 }); // nanoseconds inside the minute (7–9 digit precision)

const timeAt = (minutes: number, ns: number) =>
  nsToEventTime(eventTimeToNs(T0) + BigInt(minutes) * MINUTE_NS + BigInt(ns));

const leakSpec = fc.record({
  kind: fc.constant('leak' as const),
  host: fc.constantFrom(...SERVERS),
  minutes: offsetMinutes,
  ns: sub,
  hive: fc.constantFrom('user' as const, 'classes' as const),
  pid: fc.integer({ min: 100, max: 9000 }),
});

/** Failures of the servers above, and decoys naming servers that never leak. */
const failureSpec = fc.record({
  kind: fc.constant('failure' as const),
  host: fc.constantFrom(...SERVERS, 'db01', 'files02'),
  reporter: fc.constantFrom(...CLIENTS, 'self'),
  minutes: offsetMinutes,
  ns: sub,
  clsid: fc.option(
    fc.constantFrom('{4E14FBA2-2E22-11D1-9964-00C04FBBB345}', '{0000031a-0000-0000-c000-000000000046}'),
  ),
});

/**
 * A set of distinct events over several hosts (leaks, failures, decoys, early client clocks), plus some
 * of them read a second time from another file (overlapping exports) — the same events, other places.
 */
export const scenarioArbitrary: fc.Arbitrary<Signal[]> = fc
  .tuple(
    fc.array(leakSpec, { maxLength: 6 }),
    fc.array(failureSpec, { maxLength: 25 }),
    fc.array(fc.nat(), { maxLength: 6 }),
  )
  .map(([leaks, failures, overlaps]) => {
    const signals: Signal[] = [];
    leaks.forEach((l, i) => {
      signals.push(
        leak({
          host: l.host,
          recordId: i + 1,
          time: timeAt(l.minutes, l.ns),
          hive: l.hive,
          processes: [
            {
              name: 'dllhost.exe',
              pid: l.pid,
              path: '\\Device\\HarddiskVolume2\\Windows\\SysWOW64\\dllhost.exe',
            },
          ],
        }),
      );
    });
    failures.forEach((f, i) => {
      signals.push(
        failure({
          host: f.host,
          reporter: f.reporter === 'self' ? f.host : f.reporter,
          recordId: 1000 + i,
          time: timeAt(f.minutes, f.ns),
          ...(f.clsid === null ? {} : { clsid: f.clsid }),
        }),
      );
    });
    for (const n of overlaps) {
      const original = signals[n % Math.max(signals.length, 1)];
      if (original)
        signals.push({
          ...original,
          evidence: { ...original.evidence, source: `overlap-${n}.xml`, offset: n },
        });
    }
    return signals;
  });

/** The latest event time in a scenario: the horizon both sides of a comparison must share. */
export function horizonOf(signals: readonly Signal[]): string | undefined {
  return signals.reduce<string | undefined>(
    (latest, s) => (latest === undefined || s.time > latest ? s.time : latest),
    undefined,
  );
}
