/**
 * Small gzip members back to back are inflated many at once (functions/reader/gzip-runs.ts: where the
 * same 10-byte header starts again is a guess at where the next member starts). The guess must never
 * change what is read: the same bytes inflate to the same output, findings and offsets with runs as
 * member by member (GzipMembers without runs), for any damage, delimiter and chunking; and the reader
 * reads the same events either way. The members are CloudWatch Logs records as Firehose writes them
 * without processing (docs.aws.amazon.com/firehose/latest/dev/writing-with-cloudwatch-logs.html:
 * gzip'd subscription records, concatenated, "\n" after each with AppendDelimiterToRecord).
 */

import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReaderError } from '../../functions/reader/errors.ts';
import { GzipMembers } from '../../functions/reader/gzip-members.ts';
import { GZIP } from '../../functions/reader/inflate.ts';
import { type Codec, inflatePieces } from '../../functions/reader/inflate-stream.ts';
import type { EventSpec } from '../../samples/render-events.ts';
import { cloudWatchAgentMessage, cloudWatchEnvelope } from '../../samples/shipper-shapes.ts';
import { cutAt, hazardSpecs, readAll } from './reader-fixtures.ts';

const specs = hazardSpecs().filter((s) => s.eventId !== 908);

/** One gzip member per CloudWatch Logs record of 1 to 3 events, about 90 KB compressed in all. */
function members(seed: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; out.length < 70; i++) {
    const count = 1 + ((seed + i) % 3);
    const chosen: EventSpec[] = [];
    for (let k = 0; k < count; k++) chosen.push(specs[(seed + i * 3 + k) % specs.length] as EventSpec);
    const envelope = cloudWatchEnvelope({
      messageType: 'DATA_MESSAGE',
      messages: chosen.map(cloudWatchAgentMessage),
    });
    out.push(gzipSync(envelope));
  }
  return out;
}

/** The same members with a distinct MTIME each: no header repeats, so no run is ever guessed. */
function withDistinctHeaders(list: Buffer[]): Buffer[] {
  return list.map((member, i) => {
    const copy = Buffer.from(member);
    copy.writeUInt32LE(1_795_000_000 + i, 4);
    return copy;
  });
}

const ONE_BY_ONE: Codec = { ...GZIP, framing: () => new GzipMembers({ runs: false }) };

/** The inflate layer alone: its output, findings and counts. */
async function inflated(codec: Codec, chunks: AsyncGenerator<Uint8Array>) {
  async function* buffers(): AsyncGenerator<Buffer> {
    for await (const chunk of chunks) yield Buffer.from(chunk);
  }
  const state = { bytesIn: 0, bytesOut: 0 };
  const errors: ReaderError[] = [];
  const parts: Buffer[] = [];
  for await (const part of inflatePieces(codec, buffers(), 1 << 30, state, errors)) parts.push(part);
  return { output: Buffer.concat(parts), errors, bytesOut: state.bytesOut };
}

type Damage =
  | { kind: 'flip'; at: number }
  | { kind: 'cut'; at: number }
  | { kind: 'insert'; at: number; text: string };

function damaged(bytes: Buffer, damage: Damage | null): Buffer {
  if (!damage) return bytes;
  const at = damage.at % bytes.length;
  if (damage.kind === 'cut') return bytes.subarray(0, at);
  if (damage.kind === 'insert')
    return Buffer.concat([bytes.subarray(0, at), Buffer.from(damage.text, 'latin1'), bytes.subarray(at)]);
  const copy = Buffer.from(bytes);
  copy[at] = (copy[at] as number) ^ 0xff;
  return copy;
}

const cases = fc.record({
  seed: fc.nat(1000),
  delimiter: fc.constantFrom('', '\n', '\r\n'),
  damage: fc.option(
    fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
      fc.record({
        kind: fc.constant('insert' as const),
        at: fc.nat(),
        text: fc.constantFrom('\n', '\0\0', 'x', '\x1f\x8b'),
      }),
    ),
  ),
  cuts: fc.array(fc.nat(), { maxLength: 12 }),
});

function object(seed: number, delimiter: string, damage: Damage | null): Buffer {
  const list = members(seed);
  return damaged(Buffer.concat(list.flatMap((m) => [m, Buffer.from(delimiter, 'latin1')])), damage);
}

/** The object in chunks cut at the given places. */
async function* from(bytes: Buffer, cuts: number[]): AsyncGenerator<Uint8Array> {
  yield* cutAt(bytes, cuts);
}

describe('gzip members read in runs read exactly as one by one', () => {
  it('the same output, findings (reasons and offsets) and counts, for any damage, delimiter and chunking', async () => {
    let damagedRuns = 0;
    await fc.assert(
      fc.asyncProperty(cases, async ({ seed, delimiter, damage, cuts }) => {
        const bytes = object(seed, delimiter, damage);
        const at = cuts.map((c) => 1 + (c % bytes.length));
        const expected = await inflated(ONE_BY_ONE, from(bytes, []));
        const runs = await inflated(GZIP, from(bytes, []));
        expect(runs.errors).toEqual(expected.errors);
        expect(runs.bytesOut).toBe(expected.bytesOut);
        expect(runs.output.equals(expected.output)).toBe(true);
        const chunked = await inflated(GZIP, from(bytes, at));
        expect(chunked.errors).toEqual(expected.errors);
        expect(chunked.output.equals(expected.output)).toBe(true);
        if (damage && expected.errors.length > 0) damagedRuns++;
      }),
      {
        numRuns: 80,
        // A flip that makes a member's deflate data run on into the next member's header.
        examples: [[{ seed: 6, delimiter: '', damage: { kind: 'flip', at: 1243811753 }, cuts: [] }]],
      },
    );
    // The property means little unless damage was found in some runs.
    expect(damagedRuns).toBeGreaterThan(0);
  }, 120_000);

  it('the reader reads the same from members with one header as with a header each', async () => {
    for (const delimiter of ['', '\n']) {
      const list = members(11);
      const join = (ms: Buffer[]) => Buffer.concat(ms.flatMap((m) => [m, Buffer.from(delimiter, 'latin1')]));
      const expected = await readAll(join(withDistinctHeaders(list)));
      const whole = await readAll(join(list));
      expect(whole.items).toEqual(expected.items);
      expect(whole.stats).toEqual(expected.stats);
    }
  });

  it('undamaged, every event of every member is read, delimited or not', async () => {
    for (const delimiter of ['', '\n', '\r\n']) {
      const runs = object(7, delimiter, null);
      const { events, errors, stats } = await readAll(runs);
      expect(errors).toEqual([]);
      expect(stats).toMatchObject({ compression: 'gzip', shape: 'cloudwatch-logs' });
      expect(events.length).toBeGreaterThan(70);
    }
  });

  it('a header written inside a member (stored, not compressed) is a wrong guess, and changes nothing', async () => {
    const list = members(3);
    const header = Buffer.from((list[0] as Buffer).subarray(0, 10));
    // Level 0 stores the bytes as they are: the header appears in the member's compressed data (after
    // the record, as junk the JSON reading reports alike both ways).
    const decoy = cloudWatchEnvelope({
      messageType: 'DATA_MESSAGE',
      messages: [cloudWatchAgentMessage(specs[0] as EventSpec)],
    });
    const stored = gzipSync(Buffer.concat([Buffer.from(decoy), header]), { level: 0 });
    expect(stored.indexOf(header, 10)).toBeGreaterThan(0);
    const bytes = Buffer.concat([...list.slice(0, 5), stored, ...list.slice(5)]);
    const expected = await inflated(ONE_BY_ONE, from(bytes, []));
    const runs = await inflated(GZIP, from(bytes, []));
    expect(expected.errors).toEqual([]);
    expect(runs.errors).toEqual([]);
    expect(runs.output.equals(expected.output)).toBe(true);
  });
});
