import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReadOptions } from '../../functions/reader/read-events.ts';
import { readSignals } from '../../functions/signals/read-signals.ts';
import { EVENT_STYLES, renderFile, TEXT_ENCODINGS } from '../../samples/render-events.ts';
import { cutAt, hazardSpecs, type ReadResult, readAll } from './reader-fixtures.ts';

const specs = hazardSpecs().filter((s) => s.eventId !== 908);

/** What any read must look like, however bad the input: finished, with sane offsets and counts. */
function expectWellFormed(result: ReadResult): void {
  const { items, stats } = result;
  for (const item of items) {
    expect(['event', 'error']).toContain(item.kind);
    expect(Number.isInteger(item.offset) && item.offset >= 0).toBe(true);
    expect(item.offset).toBeLessThanOrEqual(Math.max(stats.bytesDecoded, stats.bytesIn));
    if (item.kind === 'error') expect(item.reason.length).toBeGreaterThan(0);
  }
  expect(stats.errors).toBe(result.errors.length);
  expect(stats.events).toBeGreaterThanOrEqual(result.events.length);
  // Nothing is yielded after a fatal error.
  const fatal = items.findIndex((i) => i.kind === 'error' && i.fatal);
  if (fatal >= 0) expect(items.slice(fatal + 1).every((i) => i.kind === 'error')).toBe(true);
}

const options = fc.record<ReadOptions>({
  decode: fc.constantFrom('all', 'candidates'),
  maxEventBytes: fc.constantFrom(undefined, 512, 4096),
  maxInflatedBytes: fc.constantFrom(undefined, 2048, 1 << 20),
});

/** Markup fragments that push a parser into its corners. */
const nasty = fc.constantFrom(
  '<',
  '>',
  '&',
  '&#',
  '&#x110000;',
  '&#0;',
  ']]>',
  '<![CDATA[',
  '<!--',
  '-->',
  '<?xml ?>',
  '<!DOCTYPE a>',
  '<!ENTITY b "c">',
  '<Event>',
  '</Event>',
  '<Events>',
  '<Data Name=',
  "'",
  '"',
  '\u0000',
  '\uFEFF',
  '\uFFFF',
  '\uD800',
  '{"System":"',
  '"}\n',
  '\\u003c',
  '\x01',
  '\r\n',
  '\u00e9',
);

/** A valid object, then a few insertions, deletions and overwrites at arbitrary positions. */
const mutated = fc
  .record({
    style: fc.constantFrom(...EVENT_STYLES),
    encoding: fc.constantFrom(...TEXT_ENCODINGS),
    chosen: fc.subarray(specs, { minLength: 1, maxLength: 5 }),
    edits: fc.array(
      fc.record({
        at: fc.nat(),
        kind: fc.constantFrom('insert', 'delete', 'overwrite'),
        text: nasty,
        length: fc.nat(64),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    gzip: fc.boolean(),
  })
  .map(({ style, encoding, chosen, edits, gzip }) => {
    let bytes = renderFile(chosen, { style, encoding });
    for (const edit of edits) {
      const at = edit.at % (bytes.length + 1);
      const piece = Buffer.from(edit.text);
      if (edit.kind === 'insert') bytes = Buffer.concat([bytes.subarray(0, at), piece, bytes.subarray(at)]);
      else if (edit.kind === 'delete')
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + edit.length)]);
      else bytes = Buffer.concat([bytes.subarray(0, at), piece, bytes.subarray(at + piece.length)]);
    }
    return gzip ? gzipSync(bytes) : bytes;
  });

describe('bad input never throws out of the reader and always finishes', () => {
  it('arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 8192 }), options, async (bytes, opts) => {
        expectWellFormed(await readAll(bytes, opts));
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('arbitrary bytes behind a gzip magic or a BOM', async () => {
    const prefixes = [
      [0x1f, 0x8b],
      [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff],
      [0xff, 0xfe],
      [0xfe, 0xff],
      [0xef, 0xbb, 0xbf],
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...prefixes),
        fc.uint8Array({ maxLength: 4096 }),
        options,
        async (prefix, rest, opts) => {
          expectWellFormed(await readAll(Buffer.concat([Buffer.from(prefix), rest]), opts));
        },
      ),
      { numRuns: 300 },
    );
  }, 120_000);

  it('mutations of valid event XML, in any chunking, and through readSignals', async () => {
    await fc.assert(
      fc.asyncProperty(mutated, fc.array(fc.nat(), { maxLength: 20 }), options, async (bytes, cuts, opts) => {
        const result = await readAll(cutAt(bytes, cuts), opts);
        expectWellFormed(result);
        const signals = await readSignals(bytes, { name: 'fuzz', ...opts });
        if (signals.stats.rejected) expect(signals.signals).toEqual([]);
      }),
      { numRuns: 300 },
    );
  }, 180_000);
});
