/** Hostile bytes: compression bombs and cuts, empty objects, broken and mixed text encodings, binary junk. */
import { constants, gunzipSync, gzipSync, zstdCompressSync } from 'node:zlib';
import { DEFAULT_MAX_INFLATED_BYTES } from '../../functions/reader/inflate.ts';
import { encodeText } from '../../samples/render-events.ts';
import { failure, leak, morning, noise, serverError, utf8, xml } from './case-events.ts';
import type { HostileCase } from './hostile-case.ts';
import { junk, repeated, windowBomb } from './hostile-streams.ts';

const Limit = DEFAULT_MAX_INFLATED_BYTES;
/** One ordinary event repeated to 64 MiB: it compresses ~180:1 with gzip, ~10,000:1 with zstd. */
const flood = () => {
  const one = xml(noise(1)[0] ?? leak());
  return { one, block: Buffer.from(one.repeat(Math.ceil((64 << 20) / one.length))) };
};
const Untouched = { incidents: [], alerts: [] } as const;

/** The morning, then noise: gzip of it, cut at 70 % (the leak and failures inflate before the cut). */
const cutGzip = () => {
  const whole = gzipSync(utf8(`${morning()}\n${noise(400).map(xml).join('\n')}`));
  return whole.subarray(0, Math.floor(whole.length * 0.7));
};
/** The leak, then the server's error with a Latin-1 é (one byte, invalid UTF-8) in its application name. */
const [beforeName, afterName] = xml(serverError()).split('Contoso Orders') as [string, string];
const latin1Inside = Buffer.concat([
  utf8(`${xml(leak())}\n${beforeName}Contoso Orders`),
  Buffer.from([0xe9]),
  utf8(afterName),
]);
/** What zlib inflates from a cut gzip, flushed: the text before the cut. */
const inflatable = (cut: Buffer) =>
  gunzipSync(cut, { finishFlush: constants.Z_SYNC_FLUSH }).toString('latin1');
const utf16Text = `${xml(leak())}${xml(serverError()).replace('</EventData>', '<Data>lone \ud800A and \udc00B</Data></EventData>')}<Event><System></Event>${xml(failure())}`;

export const bytesCases: HostileCase[] = [
  {
    name: 'gzip-bomb',
    input: `12 MB of gzip (33 members) inflating to 2.06 GiB of one event repeated, streamed`,
    expected: `every event before maxInflatedBytes (${Limit} bytes) counted, the one it cuts reported, then a fatal error at that offset; under 64 MB held`,
    bytes: () => {
      const { block } = flood();
      return repeated(gzipSync(block, { level: 9 }), 33);
    },
    reader: {
      rejected: false,
      errors: [
        { reason: /event is truncated: the input ends before <\/Event>/ },
        { reason: /gzip output exceeds the limit of 2147483648 bytes/, offset: Limit, fatal: true },
      ],
      check: (o) => {
        const { one } = flood();
        const want = Math.floor(Limit / one.length);
        return o.stats.events === want && o.stats.bytesDecoded === Limit
          ? []
          : [`events ${o.stats.events} over ${o.stats.bytesDecoded} bytes, expected ${want} over ${Limit}`];
      },
      maxLiveMb: 64,
    },
    ingest: { errors: 2, newSignals: 0, ...Untouched },
    slow: true,
  },
  {
    name: 'gzip-zero-bomb',
    input: '10 MB of gzip (160 members) claiming 10 GiB of NUL bytes',
    expected: 'stops after 1 MiB without an <Event (fatal: not event XML); nothing more inflated',
    bytes: () => repeated(gzipSync(Buffer.alloc(64 << 20), { level: 9 }), 160),
    reader: {
      events: 0,
      errors: [
        { reason: /unexpected content between events/, offset: 0 },
        { reason: /no <Event> in the first 1048576 bytes/, offset: 1 << 20, fatal: true },
      ],
      check: (o) => (o.stats.bytesIn < 1 << 20 ? [] : [`read ${o.stats.bytesIn} compressed bytes`]),
      maxMs: 5000,
      maxLiveMb: 64,
    },
    ingest: { errors: 2, events: 0, ...Untouched },
  },
  {
    name: 'zstd-bomb',
    input: '200 KB of zstd (33 frames of 6 KB) inflating to 2.06 GiB of one event repeated, streamed',
    expected: `every event before maxInflatedBytes counted, the one it cuts reported, then a fatal error at ${Limit}; under 64 MB held`,
    bytes: () => {
      const { block } = flood();
      return repeated(zstdCompressSync(block, { params: { [constants.ZSTD_c_compressionLevel]: 19 } }), 33);
    },
    reader: {
      errors: [
        { reason: /event is truncated: the input ends before <\/Event>/ },
        { reason: /zstd output exceeds the limit of 2147483648 bytes/, offset: Limit, fatal: true },
      ],
      maxLiveMb: 64,
    },
    ingest: { errors: 2, newSignals: 0, ...Untouched },
    slow: true,
  },
  {
    name: 'zstd-huge-window',
    input: 'a zstd frame whose header asks for a 2 GiB window (windowLog 31)',
    expected: 'the decoder refuses it (16 MiB window at most): an error, nothing allocated, nothing read',
    bytes: windowBomb,
    reader: { events: 0, errors: [{ reason: /zstd stream is corrupt/, offset: 0 }], maxLiveMb: 64 },
    ingest: { errors: 1, events: 0, ...Untouched },
  },
  {
    name: 'truncated-gzip',
    input: 'gzip of the morning and 400 ordinary events, cut at 70 % of its bytes',
    expected:
      'every event inflated before the cut read (the incident opens); the cut event and the cut reported',
    bytes: cutGzip,
    reader: {
      errors: [
        { reason: /event is truncated: the input ends before <\/Event>/ },
        { reason: /gzip stream is truncated/ },
      ],
      check: (o) => {
        const complete = inflatable(cutGzip()).split('</Event>').length - 1;
        return o.stats.events === complete && o.signals >= 3
          ? []
          : [
              `${o.stats.events} events and ${o.signals} signals, expected the ${complete} events before the cut`,
            ];
      },
    },
    ingest: { errors: 2, incidents: [['app01', 'open', 2]], alerts: ['opened'] },
  },
  {
    name: 'corrupt-gzip',
    input: 'the same gzip, whole, with one byte of its deflate data flipped at 70 %',
    expected: 'the events before the corrupt byte read; the corruption reported as an error, not a crash',
    bytes: () => {
      const whole = gzipSync(utf8(`${morning()}\n${noise(400).map(xml).join('\n')}`));
      const at = Math.floor(whole.length * 0.7);
      whole[at] = (whole[at] as number) ^ 0xff;
      return whole;
    },
    reader: {
      check: (o) =>
        /gzip stream is (corrupt|truncated)|inflates to another size/.test(o.lastError?.reason ?? '') &&
        o.signals >= 3
          ? []
          : [`last error '${o.lastError?.reason}', ${o.signals} signals`],
    },
    ingest: { incidents: [['app01', 'open', 2]], alerts: ['opened'] },
  },
  {
    name: 'empty-object',
    input: 'an object of 0 bytes',
    expected: 'no event, no error; the ingest record says so; nothing else stored but the shipper seen',
    bytes: () => Buffer.alloc(0),
    reader: { events: 0, errors: [] },
    ingest: {
      events: 0,
      errors: 0,
      ...Untouched,
      check: (o) => (o.stateKeys.join() === 'fleet/app01' ? [] : [`state items ${o.stateKeys.join()}`]),
    },
  },
  {
    name: 'zero-byte-gzip',
    input: 'a valid gzip of nothing (20 bytes)',
    expected: 'read as gzip, no event, no error',
    bytes: () => gzipSync(Buffer.alloc(0)),
    reader: {
      events: 0,
      errors: [],
      check: (o) => (o.stats.compression === 'gzip' ? [] : ['not read as gzip']),
    },
    ingest: { events: 0, errors: 0, ...Untouched },
  },
  {
    name: 'gzip-header-only',
    input: 'the 10 bytes of a gzip header and nothing after',
    expected: 'a truncated-gzip error at offset 0, nothing read',
    bytes: () => Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]),
    reader: { events: 0, errors: [{ reason: /gzip stream is truncated/, offset: 0 }] },
    ingest: { events: 0, errors: 1, ...Untouched },
  },
  {
    name: 'gzip-three-deep',
    input: 'the morning gzipped three times over',
    expected:
      'two layers inflated (CloudWatch Logs then Firehose), the third is not event XML: an error, no crash',
    bytes: () => gzipSync(gzipSync(gzipSync(utf8(morning())))),
    reader: { events: 0, errors: 1 },
    ingest: { events: 0, errors: 1, ...Untouched },
  },
  {
    name: 'unpaired-surrogates',
    input:
      'UTF-16LE (BOM): a failure whose Data holds a lone high and a lone low surrogate, a broken event, more',
    expected:
      'each lone surrogate read as U+FFFD (event and signal kept); the broken event at its exact UTF-16 offset',
    bytes: () => encodeText(utf16Text, 'utf-16le'),
    reader: {
      events: 4,
      signals: 3,
      errors: [
        { reason: /malformed event/, offset: 2 + 2 * (utf16Text.indexOf('<Event><System></Event>') + 15) },
      ],
    },
    ingest: { newSignals: 3, errors: 1, incidents: [['app01', 'open', 2]], alerts: ['opened'] },
  },
  {
    name: 'mixed-encodings',
    input:
      'UTF-8 events (one with a Latin-1 byte 0xE9 in its Data), then the morning appended in UTF-16LE with its BOM',
    expected:
      'the UTF-8 events read (0xE9 as U+FFFD); the UTF-16 part reported once as not event XML, nothing thrown',
    bytes: () => Buffer.concat([latin1Inside, utf8('\n'), encodeText(morning(), 'utf-16le')]),
    reader: {
      events: 2,
      signals: 2,
      errors: [{ reason: /unexpected content between events/, offset: latin1Inside.length + 1 }],
    },
    ingest: { newSignals: 2, errors: 1, incidents: [['app01', 'open', 1]], alerts: ['opened'] },
  },
  {
    name: 'binary-junk',
    input: '8 MiB of random bytes',
    expected: 'stops after 1 MiB without an <Event: one fatal error, nothing else read',
    bytes: () => junk(8 << 20),
    reader: {
      events: 0,
      errors: [
        { reason: /unexpected content between events/, offset: 0 },
        { reason: /no <Event> in the first 1048576 bytes/, offset: 1 << 20, fatal: true },
      ],
    },
    ingest: { events: 0, errors: 2, ...Untouched },
  },
];
