/**
 * Top-level JSON records are read whole when they can be (functions/reader/json-fast-record.ts) and
 * token by token otherwise. Read one byte at a time, every record is cut by a chunk's end and so read
 * token by token: the whole object read at once must give exactly the same events, errors (reasons and
 * offsets) and stats, whatever the record holds. The records mix what the shippers write (Fluent Bit's
 * System/Message/StringInserts, Winlogbeat's event.original, Vector's flat xml/message, samples/
 * shipper-shapes.ts) with what must be left to the walker: escaped or non-ASCII keys, strings over
 * maxEventBytes, logEvents, XML two objects down, malformed JSON.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventSpec } from '../../samples/render-events.ts';
import { fluentBitJsonLine, renderedXml, winlogbeatLine } from '../../samples/shipper-shapes.ts';
import { byteByByte, cutAt, hazardSpecs, readAll } from './reader-fixtures.ts';

const specs = hazardSpecs().filter((s) => s.eventId !== 908);
const MAX_EVENT_BYTES = 2000;

const json = (value: unknown) => JSON.stringify(value);

/** One member of a record, as written (key and value). */
const member = (spec: EventSpec) =>
  fc.constantFrom(
    `"System":${json(renderedXml(spec))}`,
    `"xml":${json(renderedXml(spec))}`,
    `"System":""`,
    `"Message":${json(spec.message ?? 'no message')}`,
    `"message":${json('0x800703FA failed')}`,
    `"messageType":"CONTROL_MESSAGE"`,
    `"messageType":"DATA_MESSAGE"`,
    `"event":{"original":${json(renderedXml(spec))},"code":"${spec.eventId}"}`,
    `"event":{"nested":{"original":${json(renderedXml(spec))}}}`,
    `"StringInserts":["a","<Event>",""]`,
    `"winlog":{"event_data":{"A":"b","N":12},"record_id":${spec.recordId}}`,
    `"logEvents":[{"id":"1","message":${json(renderedXml(spec))}}]`,
    `"M\\u0065ssage":"escaped key"`,
    `"ключ":"non-ASCII key"`,
    `"${'k'.repeat(130)}":${json(renderedXml(spec))}`,
    `"big":${json('x'.repeat(MAX_EVENT_BYTES + 10))}`,
    `"Message":${json('y'.repeat(MAX_EVENT_BYTES + 10))}`,
    `"messageType":${json('z'.repeat(70))}`,
    `"n":-1.5e+3`,
    `"t":true`,
    ` "spaced" : [ 1 , { } , [ ] ] `,
  );

const record = fc.constantFrom(...specs).chain((spec) =>
  fc.oneof(
    fc.array(member(spec), { minLength: 0, maxLength: 5 }).map((members) => `{${members.join(',')}}`),
    fc.constant(fluentBitJsonLine(spec).trimEnd()),
    fc.constant(winlogbeatLine(spec).trimEnd()),
  ),
);

const objects = fc
  .record({
    records: fc.array(record, { minLength: 1, maxLength: 8 }),
    separator: fc.constantFrom('\n', '', '\r\n', ' '),
    damage: fc.option(
      fc.record({ at: fc.nat(), text: fc.constantFrom('"', '{', '}', ',', ':', '\\', ']', 'x') }),
    ),
  })
  .map(({ records, separator, damage }) => {
    let text = records.map((r) => r + separator).join('');
    if (damage) {
      const at = damage.at % text.length;
      text = text.slice(0, at) + damage.text + text.slice(at);
    }
    return Buffer.from(text, 'utf8');
  });

describe('records read whole read exactly as token by token', () => {
  it('events, errors and stats equal those of a byte-at-a-time read, and of any chunking', async () => {
    await fc.assert(
      fc.asyncProperty(objects, fc.array(fc.nat(), { maxLength: 6 }), async (bytes, cuts) => {
        const options = { maxEventBytes: MAX_EVENT_BYTES };
        const whole = await readAll(bytes, options);
        const slow = await readAll(byteByByte(bytes), options);
        expect(whole.items).toEqual(slow.items);
        expect(whole.stats).toEqual(slow.stats);
        const chunked = await readAll(
          cutAt(
            bytes,
            cuts.map((c) => 1 + (c % bytes.length)),
          ),
          options,
        );
        expect(chunked.items).toEqual(slow.items);
      }),
      { numRuns: 300 },
    );
  }, 300_000);
});
