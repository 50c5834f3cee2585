import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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
import { chunkingNeverChangesWhatIsRead } from './chunking-properties.ts';
import { byteByByte, hazardSpecs, readAll } from './reader-fixtures.ts';

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

describe("chunking never changes what is read from a shipper's object", () => {
  chunkingNeverChangesWhatIsRead(objectBytes, { items: 200, signals: 100 });

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
