/**
 * Small gzip members back to back are inflated many at once (functions/reader/gzip-runs.ts: where the
 * same 10-byte header starts again is a guess at where the next member starts). The guess must never
 * change what is read: an object whose members all carry the same header (runs) reads exactly as the
 * same object whose headers differ by their MTIME (no header repeats, so every member is read one by
 * one), for any damage, delimiter and chunking. The members are CloudWatch Logs records as Firehose
 * writes them without processing (docs.aws.amazon.com/firehose/latest/dev/writing-with-cloudwatch-logs.html:
 * gzip'd subscription records, concatenated, "\n" after each with AppendDelimiterToRecord).
 */

import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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

function objects(seed: number, delimiter: string, damage: Damage | null) {
  const list = members(seed);
  const join = (ms: Buffer[]) => Buffer.concat(ms.flatMap((m) => [m, Buffer.from(delimiter, 'latin1')]));
  // The MTIME bytes differ, never their positions: the same damage lands on the same byte of both.
  return { runs: damaged(join(list), damage), oneByOne: damaged(join(withDistinctHeaders(list)), damage) };
}

describe('gzip members read in runs read exactly as one by one', () => {
  it('events, errors (reasons and offsets) and stats, for any damage, delimiter and chunking', async () => {
    await fc.assert(
      fc.asyncProperty(cases, async ({ seed, delimiter, damage, cuts }) => {
        const { runs, oneByOne } = objects(seed, delimiter, damage);
        const expected = await readAll(oneByOne);
        const whole = await readAll(runs);
        expect(whole.items).toEqual(expected.items);
        expect(whole.stats).toEqual(expected.stats);
        const chunked = await readAll(
          cutAt(
            runs,
            cuts.map((c) => 1 + (c % runs.length)),
          ),
        );
        expect(chunked.items).toEqual(expected.items);
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it('undamaged, every event of every member is read, delimited or not', async () => {
    for (const delimiter of ['', '\n', '\r\n']) {
      const { runs } = objects(7, delimiter, null);
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
    const build = (ms: Buffer[]) => Buffer.concat([...ms.slice(0, 5), stored, ...ms.slice(5)]);
    const expected = await readAll(build(withDistinctHeaders(list)));
    const { items, errors } = await readAll(build(list));
    expect(errors.map((e) => e.reason)).toEqual(expected.errors.map((e) => e.reason));
    expect(items).toEqual(expected.items);
  });
});
