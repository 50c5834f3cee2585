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

/** Leaks, client and server-side failures (some early, some late, some naming the other server) and noise. */
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
  .map((specs) =>
    specs.map((s, i): EventSpec => {
      const common = { time: minutesAfterLeak(s.minutes), recordId: 100 + i };
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
    }),
  );

const formats: FileOptions[] = [
  { style: 'wevtutil' },
  { style: 'toxml', encoding: 'utf-16le' },
  { style: 'event-viewer' },
  { style: 'libevtx', gzip: true },
  { style: 'fluent-bit', gzip: true },
];

describe('scan: how events are spread over files does not matter', () => {
  it('any split into files of any shape, with some events exported twice, yields the same result', async () => {
    await fc.assert(
      fc.asyncProperty(
        eventsArbitrary.chain((events) =>
          fc.tuple(
            fc.constant(events),
            fc.array(fc.integer({ min: 0, max: 3 }), { minLength: events.length, maxLength: events.length }),
            fc.array(fc.nat({ max: events.length - 1 }), { maxLength: 4 }),
            fc.array(fc.constantFrom(...formats), { minLength: 4, maxLength: 4 }),
          ),
        ),
        async ([events, fileOf, twice, shapes]) => {
          const whole = await writeLogs({ 'all.xml': events });
          const parts: Record<string, { events: EventSpec[]; format: FileOptions }> = {};
          events.forEach((event, i) => {
            const n = fileOf[i] ?? 0;
            const part = parts[`part-${n}.log`] ?? { events: [], format: shapes[n] ?? { style: 'wevtutil' } };
            part.events.push(event);
            parts[`part-${n}.log`] = part;
          });
          const again = twice.map((i) => events[i]).filter((e): e is EventSpec => e !== undefined);
          if (again.length) parts['overlap.log'] = { events: again, format: { style: 'wevtutil' } };
          const split = await writeLogs(parts);
          const [a, b] = [await scanWithDefaults([whole]), await scanWithDefaults([split])];
          // the result document (evidence names other files, by design)
          expect(scanDocument(b).incidents).toEqual(scanDocument(a).incidents);
          expect(b.stats.signals).toBe(a.stats.signals);
          expect(b.stats.events).toBe(a.stats.events + again.length);
          await Promise.all([rm(whole, { recursive: true }), rm(split, { recursive: true })]);
        },
      ),
      { numRuns: 40 },
    );
  });
});
