/**
 * The fuzz run's inputs (fast-check): mutations of valid objects of every shape (insertions, deletions, overwrites,
 * duplicated ranges, bit flips, truncations; before or after compression) and arbitrary bytes behind every magic
 * number and BOM the reader sniffs, each cut into chunks anywhere, read with the default options or tight limits.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { ReadOptions } from '../../functions/reader/read-events.ts';
import { compress } from '../../samples/shipper-shapes.ts';
import type { FuzzObject } from './fuzz-objects.ts';

export interface FuzzCase {
  /** Where it came from, for a report: the base object's shape and the edits, or `bytes`. */
  origin: string;
  bytes: Buffer;
  /** Chunk boundaries (byte positions). */
  cuts: number[];
  options: ReadOptions;
}

/** Markup and framing fragments that push each layer into its corners. */
const Fragments = [
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
  '<Event xmlns=',
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
  '\\ud800',
  '\\',
  '[',
  ']',
  '{',
  '}',
  ',',
  '\x01',
  '\r\n',
  '\u00e9',
  '0x800703FA',
  '<EventID>1530</EventID>',
  '<EventRecordID>9007199254740993</EventRecordID>',
  "SystemTime='9999-12-31T23:59:59.9999999Z'",
  '"logEvents":[',
  '\x1f\x8b\x08',
  '(\xb5/\xfd',
].map((s) => Buffer.from(s, 'latin1'));
const fragment = fc.oneof(
  fc.constantFrom(...Fragments),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((a) => Buffer.from(a)),
);

type Edit =
  | { kind: 'insert' | 'overwrite'; at: number; piece: Buffer }
  | { kind: 'delete' | 'duplicate'; at: number; length: number }
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'truncate'; at: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('insert' as const, 'overwrite' as const),
    at: fc.nat(),
    piece: fragment,
  }),
  fc.record({
    kind: fc.constantFrom('delete' as const, 'duplicate' as const),
    at: fc.nat(),
    length: fc.nat(512),
  }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

export function applyEdit(bytes: Buffer, e: Edit): Buffer {
  const at = e.at % (bytes.length + 1);
  switch (e.kind) {
    case 'insert':
      return Buffer.concat([bytes.subarray(0, at), e.piece, bytes.subarray(at)]);
    case 'overwrite':
      return Buffer.concat([bytes.subarray(0, at), e.piece, bytes.subarray(at + e.piece.length)]);
    case 'delete':
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + e.length)]);
    case 'duplicate':
      return Buffer.concat([bytes.subarray(0, at + e.length), bytes.subarray(at)]);
    case 'flip': {
      if (bytes.length === 0) return bytes;
      const copy = Buffer.from(bytes);
      const i = at % bytes.length;
      copy[i] = (copy[i] as number) ^ (1 << e.bit);
      return copy;
    }
    case 'truncate':
      return bytes.subarray(0, at);
  }
}

const Prefixes = [
  [],
  [0x1f, 0x8b],
  [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff],
  [0x28, 0xb5, 0x2f, 0xfd],
  [0xff, 0xfe],
  [0xfe, 0xff],
  [0xef, 0xbb, 0xbf],
  [...Buffer.from('<Event ')],
  [...Buffer.from('{"System":"<Event ')],
  [...Buffer.from('[{"xml":"')],
].map((p) => Buffer.from(p));

const options: fc.Arbitrary<ReadOptions> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ latestTime: true }) },
  {
    weight: 1,
    arbitrary: fc.record({
      decode: fc.constantFrom('all' as const, 'candidates' as const),
      maxEventBytes: fc.constantFrom(512, 4096, 65_536),
      maxInflatedBytes: fc.constantFrom(1024, 65_536, 1 << 20),
      noEventLimit: fc.constantFrom(256, 4096, 1 << 20),
    }),
  },
);

export function fuzzCase(objects: readonly FuzzObject[]): fc.Arbitrary<FuzzCase> {
  const mutated = fc
    .record({
      base: fc.nat(objects.length - 1),
      edits: fc.array(edit, { minLength: 1, maxLength: 6 }),
      after: fc.constantFrom('none', 'none', 'none', 'gzip', 'zstd'),
    })
    .map(({ base, edits, after }) => {
      const object = objects[base] as FuzzObject;
      const edited = edits.reduce(applyEdit, object.bytes);
      const bytes =
        after === 'gzip' ? gzipSync(edited) : after === 'zstd' ? compress(edited, 'zstd') : edited;
      return {
        origin: `${object.shape} ${edits.map((e) => `${e.kind}@${e.at}`).join(',')}${after === 'none' ? '' : ` then ${after}`}`,
        bytes,
      };
    });
  const arbitrary = fc
    .record({ prefix: fc.constantFrom(...Prefixes), rest: fc.uint8Array({ maxLength: 4096 }) })
    .map(({ prefix, rest }) => ({
      origin: `bytes ${prefix.toString('hex') || '-'} + ${rest.length}`,
      bytes: Buffer.concat([prefix, Buffer.from(rest)]),
    }));
  return fc
    .record({
      input: fc.oneof({ weight: 4, arbitrary: mutated }, { weight: 1, arbitrary }),
      cuts: fc.array(fc.nat(), { maxLength: 12 }),
      options,
    })
    .map(({ input, cuts, options }) => ({
      ...input,
      cuts: cuts.map((c) => c % (input.bytes.length + 1)),
      options,
    }));
}

/** The bytes in the case's chunks, each its own copy (as a network stream gives them). */
export async function* chunksOf(c: FuzzCase): AsyncGenerator<Uint8Array> {
  let from = 0;
  for (const cut of [...new Set(c.cuts)].sort((a, b) => a - b)) {
    if (cut <= from || cut >= c.bytes.length) continue;
    yield Buffer.from(c.bytes.subarray(from, cut));
    from = cut;
  }
  yield Buffer.from(c.bytes.subarray(from));
}
