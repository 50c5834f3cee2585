import { rm } from 'node:fs/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanDocument } from '../../functions/scan/scan-document.ts';
import type { EventSpec, FileOptions } from '../../samples/render-events.ts';
import {
  complusError,
  dcom10006,
  hiveLeak1530,
  noiseEvent,
  seededRandom,
} from '../../samples/render-events.ts';
import { CLSID, DLLHOST, minutesAfterLeak, SID, scanWithDefaults, writeLogs } from './scan-fixtures.ts';

const SERVERS = ['APP01', 'APP02'];
const CLIENTS = ['WS01', 'WS02', 'WS03'];
const fqdn = (name: string) => `${name}.corp.example.net`;

/**
 * Leaks, client and server-side failures (some early, some late, some naming the other server) and noise; record
 * ids rise with time per computer and channel, as Windows writes them.
 */
const eventsArbitrary = fc
  .array(
    fc.record({
      kind: fc.constantFrom('leak', 'client', 'server', 'noise', 'noise'),
      server: fc.constantFrom(...SERVERS),
      client: fc.constantFrom(...CLIENTS),
      minutes: fc.integer({ min: -60, max: 3 * 1440 }),
    }),
    { minLength: 1, maxLength: 14 },
  )
  .map((specs) => {
    const events = specs.map((s, i): EventSpec => {
      const common = { time: minutesAfterLeak(s.minutes), recordId: 0 };
      switch (s.kind) {
        case 'leak':
          return hiveLeak1530({
            ...common,
            computer: fqdn(s.server),
            sid: SID,
            processes: [{ pid: 2428, path: DLLHOST }],
          });
        case 'client':
          return dcom10006({ ...common, computer: fqdn(s.client), server: s.server, clsid: CLSID });
        case 'server':
          return complusError({ ...common, computer: fqdn(s.server), appId: CLSID, appName: 'XRC' });
        default:
          return noiseEvent(seededRandom(i), { ...common, computer: fqdn(s.client) });
      }
    });
    return streamsOf(events);
  });

/** The events per (computer, channel), in time order, numbered as the log numbers them. */
function streamsOf(events: EventSpec[]): EventSpec[][] {
  const streams = new Map<string, EventSpec[]>();
  for (const event of events) {
    const key = `${event.computer}|${event.channel}`;
    streams.set(key, [...(streams.get(key) ?? []), event]);
  }
  return [...streams.values()].map((stream) =>
    [...stream]
      .sort((x, y) => (x.timeCreated < y.timeCreated ? -1 : x.timeCreated > y.timeCreated ? 1 : 0))
      .map((event, i) => ({ ...event, recordId: 100 + 2 * i })),
  );
}

const formats: FileOptions[] = [
  { style: 'wevtutil' },
  { style: 'toxml', encoding: 'utf-16le' },
  { style: 'event-viewer' },
  { style: 'libevtx', gzip: true },
  { style: 'fluent-bit', gzip: true },
];

describe('scan: how events are spread over files does not matter', () => {
  it('any split into files of any shape, with a stretch exported twice, yields the same result', async () => {
    await fc.assert(
      fc.asyncProperty(
        eventsArbitrary.chain((streams) =>
          fc.tuple(
            fc.constant(streams),
            fc.array(fc.array(fc.nat({ max: 14 }), { maxLength: 3 }), {
              minLength: streams.length,
              maxLength: streams.length,
            }),
            fc.tuple(fc.nat(), fc.nat(), fc.nat()),
            fc.array(fc.constantFrom(...formats), { minLength: 4, maxLength: 4 }),
          ),
        ),
        async ([streams, cuts, [which, from, length], shapes]) => {
          const events = streams.flat();
          const whole = await writeLogs({ 'all.xml': events });
          // each channel's events cut into consecutive stretches, as shippers and exports write them
          const parts: Record<string, { events: EventSpec[]; format: FileOptions }> = {};
          streams.forEach((stream, k) => {
            const points = [...new Set(cuts[k] ?? [])]
              .map((c) => c % (stream.length + 1))
              .sort((x, y) => x - y);
            let start = 0;
            [...points, stream.length].forEach((end, n) => {
              if (end <= start) return;
              const name = `part-${n}.log`;
              const part = parts[name] ?? { events: [], format: shapes[n] ?? { style: 'wevtutil' } };
              part.events.push(...stream.slice(start, end));
              parts[name] = part;
              start = end;
            });
          });
          // a stretch of one channel exported a second time (a shipper re-sending after a restart)
          const stream = streams[which % streams.length] ?? [];
          const at = from % Math.max(stream.length, 1);
          const again = stream.slice(at, at + (length % 4));
          if (again.length) parts['overlap.log'] = { events: again, format: { style: 'wevtutil' } };
          const split = await writeLogs(parts);
          const [a, b] = [await scanWithDefaults([whole]), await scanWithDefaults([split])];
          // the result document (evidence names other files, by design)
          expect(scanDocument(b).incidents).toEqual(scanDocument(a).incidents);
          expect(scanDocument(b).atRisk).toEqual(scanDocument(a).atRisk);
          expect(scanDocument(b).unexplained).toEqual(scanDocument(a).unexplained);
          expect(b.stats.signals).toBe(a.stats.signals);
          expect(b.stats.events).toBe(a.stats.events + again.length);
          await Promise.all([rm(whole, { recursive: true }), rm(split, { recursive: true })]);
        },
      ),
      { numRuns: 40 },
    );
  });
});
