import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSignals } from '../../functions/signals/read-signals.ts';
import type { EventSpec } from '../../samples/render-events.ts';
import {
  cloudWatchAgentMessage,
  compress,
  type Envelope,
  firehoseObject,
  fluentBitJsonLine,
  fluentBitLogKeyLine,
  kinesisXml2Record,
  nxlogRawLine,
  vectorObject,
  winlogbeatLine,
} from '../../samples/shipper-shapes.ts';
import { byteByByte, cutAt, hazardSpecs, readAll } from './reader-fixtures.ts';

// The 300 kB Data event is left out: it would only slow every run down.
const specs = hazardSpecs().filter((s) => s.eventId !== 908);

/** Every shipper's layout, as samples/shipper-shapes.ts writes it. */
const LAYOUTS: Record<string, (chosen: EventSpec[]) => Buffer> = {
  'fluent-bit json_lines': (chosen) => Buffer.from(chosen.map((s) => fluentBitJsonLine(s)).join('')),
  'fluent-bit log_key': (chosen) => Buffer.from(chosen.map((s) => fluentBitLogKeyLine(s)).join('')),
  'fluent-bit through Firehose': (chosen) =>
    Buffer.from(chosen.map((s) => fluentBitJsonLine(s).trimEnd()).join('')),
  'vector lines': (chosen) => Buffer.from(vectorObject(chosen, 'newline_delimited')),
  'vector array': (chosen) => Buffer.from(vectorObject(chosen, 'default')),
  winlogbeat: (chosen) => Buffer.from(chosen.map(winlogbeatLine).join('')),
  nxlog: (chosen) => Buffer.from(chosen.map((s) => nxlogRawLine(s)).join('')),
  'kinesis xml2': (chosen) => Buffer.from(chosen.map(kinesisXml2Record).join('')),
  'cloudwatch decompressed': (chosen) => firehoseObject(envelopes(chosen), { processing: 'decompressed' }),
  'cloudwatch extracted': (chosen) =>
    firehoseObject(envelopes(chosen), { processing: 'extracted', newline: true }),
};

function envelopes(chosen: EventSpec[]): Envelope[] {
  const messages = chosen.map(cloudWatchAgentMessage);
  const half = Math.ceil(messages.length / 2);
  return [
    { messageType: 'DATA_MESSAGE', messages: messages.slice(0, half) },
    { messageType: 'DATA_MESSAGE', messages: messages.slice(half) },
  ];
}

/** A shipper's object, sometimes damaged, plain or compressed (or gzip'd record by record, as sent). */
const objectBytes = fc
  .record({
    layout: fc.constantFrom(...Object.keys(LAYOUTS), 'cloudwatch as sent'),
    compression: fc.constantFrom('none', 'gzip', 'zstd') as fc.Arbitrary<'none' | 'gzip' | 'zstd'>,
    chosen: fc.subarray(specs, { minLength: 1 }),
    damage: fc.option(
      fc.record({ at: fc.nat(), text: fc.constantFrom('"', '{', '}', '\\', '\n', '<', ']', ',') }),
    ),
  })
  .map(({ layout, compression, chosen, damage }) => {
    if (layout === 'cloudwatch as sent')
      return firehoseObject(envelopes(chosen), { processing: 'as-sent', newline: damage !== null });
    let bytes = (LAYOUTS[layout] as (chosen: EventSpec[]) => Buffer)(chosen);
    if (damage) {
      const at = damage.at % bytes.length;
      bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(damage.text), bytes.subarray(at)]);
    }
    return compress(bytes, compression);
  });

const cutsFor = (length: number) =>
  fc.tuple(
    fc.array(fc.integer({ min: 1, max: Math.max(1, length - 1) }), { maxLength: 40 }),
    fc.subarray([1, 2, 3, 4, 5, 8, 10, 11]),
  );

describe("chunking never changes what is read from a shipper's object", () => {
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
      { numRuns: 200 },
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

  it('undamaged, every layout reads every event it carries', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(LAYOUTS)),
        fc.constantFrom('none', 'gzip', 'zstd') as fc.Arbitrary<'none' | 'gzip' | 'zstd'>,
        fc.subarray(specs, { minLength: 1 }),
        async (layout, compression, chosen) => {
          const bytes = compress((LAYOUTS[layout] as (chosen: EventSpec[]) => Buffer)(chosen), compression);
          const { events, errors } = await readAll(bytes);
          expect(errors).toEqual([]);
          expect(events.map((e) => e.recordId)).toEqual(chosen.map((s) => s.recordId));
        },
      ),
      { numRuns: 100 },
    );
  }, 120_000);

  it('one byte at a time, through every layout and compression', async () => {
    const few = specs.slice(0, 5);
    for (const [layout, build] of Object.entries(LAYOUTS)) {
      for (const compression of ['none', 'gzip', 'zstd'] as const) {
        const bytes = compress(build(few), compression);
        const whole = await readAll(bytes);
        expect(whole.events, layout).toHaveLength(few.length);
        expect((await readAll(byteByByte(bytes))).items, `${layout} ${compression}`).toEqual(whole.items);
      }
    }
  }, 120_000);
});
