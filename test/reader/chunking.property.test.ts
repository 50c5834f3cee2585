import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSignals } from '../../functions/signals/read-signals.ts';
import { EVENT_STYLES, renderFile, TEXT_ENCODINGS } from '../../samples/render-events.ts';
import { byteByByte, cutAt, hazardSpecs, readAll } from './reader-fixtures.ts';

// The 300 kB Data event is left out: it would only slow every run down.
const specs = hazardSpecs().filter((s) => s.eventId !== 908);

/** An object in any shape and encoding, plain or gzip, holding a non-empty subset of the hazard events. */
const objectBytes = fc
  .record({
    style: fc.constantFrom(...EVENT_STYLES),
    encoding: fc.constantFrom(...TEXT_ENCODINGS),
    gzip: fc.boolean(),
    chosen: fc.subarray(specs, { minLength: 1 }),
    // Damage some objects so errors must come out the same too.
    damage: fc.option(
      fc.record({ at: fc.nat(), text: fc.constantFrom('<', '</Data>', '&bogus;', '\u0000', '"') }),
    ),
  })
  .map(({ style, encoding, gzip, chosen, damage }) => {
    let bytes = renderFile(chosen, { style, encoding });
    if (damage) {
      const at = damage.at % bytes.length;
      bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(damage.text), bytes.subarray(at)]);
    }
    return gzip ? gzipSync(bytes) : bytes;
  });

/** Cut positions: anywhere, and always some inside the first 12 bytes (BOM, gzip header). */
const cutsFor = (length: number) =>
  fc.tuple(
    fc.array(fc.integer({ min: 1, max: Math.max(1, length - 1) }), { maxLength: 40 }),
    fc.subarray([1, 2, 3, 4, 5, 8, 10, 11]),
  );

describe('chunking never changes what is read', () => {
  it('events, errors and stats are those of a single-chunk read, for cuts anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(
        objectBytes.chain((bytes) => fc.tuple(fc.constant(bytes), cutsFor(bytes.length))),
        async ([bytes, [anywhere, head]]) => {
          const whole = await readAll(bytes);
          const cut = await readAll(cutAt(bytes, [...anywhere, ...head]));
          expect(cut.items).toEqual(whole.items);
          expect(cut.stats).toEqual(whole.stats);
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);

  it('signals are those of a single-chunk read, for cuts anywhere', async () => {
    let signalsSeen = 0;
    await fc.assert(
      fc.asyncProperty(
        objectBytes.chain((bytes) => fc.tuple(fc.constant(bytes), cutsFor(bytes.length))),
        async ([bytes, [anywhere, head]]) => {
          const whole = await readSignals(bytes, { name: 'object' });
          const cut = await readSignals(cutAt(bytes, [...anywhere, ...head]), { name: 'object' });
          expect(cut.signals).toEqual(whole.signals);
          expect(cut.errors).toEqual(whole.errors);
          signalsSeen += whole.signals.length;
        },
      ),
      { numRuns: 100 },
    );
    // The property means nothing if no run carried a signal.
    expect(signalsSeen).toBeGreaterThan(0);
  }, 120_000);

  it('every cut inside the first bytes of each encoding and of gzip, one at a time', async () => {
    for (const encoding of TEXT_ENCODINGS) {
      for (const gzip of [false, true]) {
        const bytes = renderFile(specs.slice(0, 3), { style: 'event-viewer', encoding, gzip });
        const whole = await readAll(bytes);
        expect(whole.events).toHaveLength(3);
        for (let at = 1; at < 24; at++) {
          expect((await readAll(cutAt(bytes, [at]))).items).toEqual(whole.items);
        }
      }
    }
  });

  it('one byte at a time, through every multi-byte character and UTF-16 code unit', async () => {
    for (const encoding of TEXT_ENCODINGS) {
      for (const gzip of [false, true]) {
        const bytes = renderFile(specs, { style: 'libevtx', encoding, gzip });
        const whole = await readAll(bytes);
        expect(whole.events).toHaveLength(specs.length);
        expect((await readAll(byteByByte(bytes))).items).toEqual(whole.items);
      }
    }
  }, 60_000);
});
