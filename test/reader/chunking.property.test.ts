import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENT_STYLES, renderFile, TEXT_ENCODINGS } from '../../samples/render-events.ts';
import { chunkingNeverChangesWhatIsRead } from './chunking-properties.ts';
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

describe('chunking never changes what is read', () => {
  chunkingNeverChangesWhatIsRead(objectBytes, { items: 150, signals: 100 });

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
