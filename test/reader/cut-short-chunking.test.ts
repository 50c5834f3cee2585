/**
 * An event cut short by the next event's start tag, with the two together past maxEventBytes: read whole, the
 * start tag is seen inside the completed span; read a byte at a time, the open event passes maxEventBytes first.
 * Both must give the same items (found by json-fast-record.property.test.ts: the byte-at-a-time read lost the
 * second event when the cut part was within maxEventBytes, and named the cut part differently when it was not).
 */
import { describe, expect, it } from 'vitest';
import { renderedXml } from '../../samples/shipper-shapes.ts';
import { byteByByte, cutAt, hazardSpecs, readAll } from './reader-fixtures.ts';

const MAX = 2000;
const [spec] = hazardSpecs();
if (!spec) throw new Error('no sample event');
const event = renderedXml(spec);
const items = (r: Awaited<ReturnType<typeof readAll>>) =>
  r.items.map((i) => (i.kind === 'error' ? ['error', i.offset, i.reason] : ['event', i.offset]));

describe('a cut-short event and the event after it, together larger than maxEventBytes', () => {
  it.each([
    [
      'the cut part within maxEventBytes',
      1500,
      'event is truncated: a new <Event> starts before its </Event>',
    ],
    ['the cut part past maxEventBytes', 2100, `event is larger than ${MAX} bytes (maxEventBytes): skipped`],
  ])('%s: the same error and the same event however the bytes arrive', async (_, junk, reason) => {
    const bytes = Buffer.from(`<Event>${'x'.repeat(junk)}${event}\n`, 'utf8');
    const whole = await readAll(bytes, { maxEventBytes: MAX });
    expect(items(whole)).toEqual([
      ['error', 0, reason],
      ['event', 7 + junk],
    ]);
    expect(items(await readAll(byteByByte(bytes), { maxEventBytes: MAX }))).toEqual(items(whole));
    for (const cut of [MAX, MAX + 70, MAX + 72, MAX + 73, 7 + junk + 3]) {
      expect(items(await readAll(cutAt(bytes, [cut]), { maxEventBytes: MAX }))).toEqual(items(whole));
    }
  });
});
