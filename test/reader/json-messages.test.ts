/**
 * Failure text that only a JSON field shows: the rendered message beside the XML (Fluent Bit renders
 * the XML without RenderingInfo), and text the JSON escapes. It must reach detection.
 */
import { describe, expect, it } from 'vitest';
import { readSignals } from '../../functions/signals/read-signals.ts';
import { type EventSpec, KEY_DELETED_TEXT, systemTime } from '../../samples/render-events.ts';
import { fluentBitJsonLine, fluentBitLogKeyLine, winlogbeatLine } from '../../samples/shipper-shapes.ts';
import { APP01, BASE_MS, readAll } from './reader-fixtures.ts';

/** An ordinary-looking event whose XML carries no failure text; its message may. */
const quiet = (recordId: number, message?: string): EventSpec => ({
  provider: { name: 'Vendor-App' },
  eventId: 3000 + recordId,
  timeCreated: systemTime(BASE_MS + recordId * 1000),
  recordId,
  channel: 'Application',
  computer: APP01,
  data: [{ value: 'ok' }],
  ...(message === undefined ? {} : { message }),
});

describe('the rendered message beside the XML', () => {
  it('Fluent Bit Message: the event is decoded in candidates mode and carries the message', async () => {
    const specs = [quiet(1), quiet(2, `COM+ failed: ${KEY_DELETED_TEXT}`), quiet(3, 'nothing here')];
    const { events, stats } = await readAll(Buffer.from(specs.map((s) => fluentBitJsonLine(s)).join('')), {
      decode: 'candidates',
    });
    expect(stats.events).toBe(3);
    expect(events.map((e) => e.recordId)).toEqual([2]);
    expect(events[0]?.message).toBe(`COM+ failed: ${KEY_DELETED_TEXT}`.replace(/\n/g, '\r\n'));
  });

  it('reaches detection: readSignals gives the failure that only the message shows', async () => {
    const line = fluentBitJsonLine(quiet(2, 'The key 0x800703FA could not be opened.'));
    const { signals } = await readSignals(Buffer.from(line), { name: 'fluent-bit.json' });
    expect(signals.map((s) => s.kind)).toContain('failure');
  });

  it('with the failure text written with a \\u escape inside it, it is still found', async () => {
    const line = fluentBitJsonLine(quiet(2, 'x')).replace(
      '"Message":"x"',
      '"Message":"marked\\u0020for deletion"',
    );
    const { events } = await readAll(Buffer.from(line), { decode: 'candidates' });
    expect(events.map((e) => [e.recordId, e.message])).toEqual([[2, 'marked for deletion']]);
  });

  it('Winlogbeat message: the same', async () => {
    const { events } = await readAll(Buffer.from(winlogbeatLine(quiet(4, 'ERROR_KEY_DELETED'))), {
      decode: 'candidates',
    });
    expect(events.map((e) => [e.recordId, e.message])).toEqual([[4, 'ERROR_KEY_DELETED']]);
  });

  it("the XML's own RenderingInfo message wins over the field beside it", async () => {
    const spec = quiet(5, 'rendered by Windows');
    const record = JSON.stringify({
      xml: fluentBitLogKeyLine(spec)
        .trimEnd()
        .replace(
          '</Event>',
          '<RenderingInfo Culture="en-US"><Message>from the XML</Message></RenderingInfo></Event>',
        ),
      message: 'from the shipper',
    });
    const { events } = await readAll(Buffer.from(record));
    expect(events[0]?.message).toBe('from the XML');
  });

  it('an empty message field adds nothing', async () => {
    const { events } = await readAll(Buffer.from(fluentBitJsonLine(quiet(6))));
    expect(events[0]?.message).toBeUndefined();
  });
});

describe('failure text inside the JSON-escaped XML reaches the prefilter', () => {
  it.each([
    ['\\u005f for the underscore', 'ERROR\\u005fKEY_DELETED'],
    ['\\u0030 for a digit', '8\\u00300703FA'],
    ['split by an escaped quote around it', '\\"marked for deletion\\"'],
  ])('%s', async (_, escaped) => {
    const line = fluentBitJsonLine(quiet(7)).replace('<Data>ok</Data>', `<Data>${escaped}</Data>`);
    expect(line).toContain(escaped);
    const { events } = await readAll(Buffer.from(line), { decode: 'candidates' });
    expect(events.map((e) => e.recordId)).toEqual([7]);
    expect(events[0]?.data[0]?.value).toBe(JSON.parse(`"${escaped}"`));
  });
});
