/**
 * Every real shipper's S3 objects, built byte for byte as the shipper writes them (samples/
 * shipper-shapes.ts names, for each layout, the shipper's own code or documentation it follows): the
 * reader takes the shape from the content, reads every event, and reports each at its record.
 */
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { EventSpec } from '../../samples/render-events.ts';
import {
  CONTROL_ENVELOPE,
  cloudWatchAgentMessage,
  type Envelope,
  type FirehoseProcessing,
  firehoseObject,
  fluentBitJsonLine,
  fluentBitLogKeyLine,
  fluentBitObject,
  kinesisRenderedXmlRecord,
  kinesisXml2Record,
  nxlogRawLine,
  vectorObject,
  windowsMessage,
  winlogbeatLine,
} from '../../samples/shipper-shapes.ts';
import { expectedRecord, hazardSpecs, readAll } from './reader-fixtures.ts';

// The 300 kB Data event is Vector's cut case (shipper-errors.test.ts); every other hazard is here.
const specs = hazardSpecs().filter((s) => s.eventId !== 908);
const ids = specs.map((s) => s.recordId);

/** Byte offsets of every occurrence of `marker` in the text as UTF-8. */
function offsetsOf(text: string | Buffer, marker: string): number[] {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  const found: number[] = [];
  for (let at = bytes.indexOf(marker); at >= 0; at = bytes.indexOf(marker, at + 1)) found.push(at);
  return found;
}

/** Line starts of JSON lines (each record starts its line). */
function lineStarts(lines: readonly string[]): number[] {
  let at = 0;
  return lines.map((line) => {
    const start = at;
    at += Buffer.byteLength(line, 'utf8');
    return start;
  });
}

describe('Fluent Bit in_winevtlog + out_s3 (fluent/fluent-bit plugins/in_winevtlog/pack.c, plugins/out_s3/s3.c)', () => {
  const lines = specs.map((s) => fluentBitJsonLine(s));

  it('json_lines: date first, the XML in System, Message and StringInserts beside it; \\u escapes undone', async () => {
    const object = fluentBitObject(lines, { compression: 'none' });
    expect(object.toString('latin1', 0, 9)).toBe('{"date":"');
    // Fluent Bit escapes every non-ASCII character (json.escape_unicode): the object is pure ASCII.
    expect(object.every((b) => b < 0x80)).toBe(true);
    const { events, errors, stats, items } = await readAll(object);
    expect(errors).toEqual([]);
    expect(events.map((e) => e.recordId)).toEqual(ids);
    specs.forEach((spec, i) => {
      // No RenderingInfo in the XML: the message comes from the Message field, as Windows rendered it.
      expect(events[i]).toMatchObject(expectedRecord(spec, { withMessage: false }));
      expect(events[i]?.message).toBe(spec.message === undefined ? undefined : windowsMessage(spec));
    });
    expect(items.map((i) => i.offset)).toEqual(lineStarts(lines));
    expect(stats).toMatchObject({ shape: 'json-lines', eventField: 'System', events: specs.length });
  });

  it.each(['gzip', 'zstd'] as const)(
    'compression %s: one member or frame per multipart part, read as one object',
    async (compression) => {
      const object = fluentBitObject(lines, { compression, partRecords: 4 });
      const { events, errors, stats } = await readAll(object, { contentEncoding: compression });
      expect(errors).toEqual([]);
      expect(events.map((e) => e.recordId)).toEqual(ids);
      expect(stats).toMatchObject({ compressed: true, compression, shape: 'json-lines' });
    },
  );

  it('log_key System: the raw XML, one event per line', async () => {
    const text = specs.map((s) => fluentBitLogKeyLine(s)).join('');
    const { events, errors, stats, items } = await readAll(Buffer.from(text));
    expect(errors).toEqual([]);
    expect(events.map((e) => e.recordId)).toEqual(ids);
    expect(items.map((i) => i.offset)).toEqual(offsetsOf(text, '<Event xmlns'));
    expect(stats.shape).toBe('xml');
  });
});

describe('Vector windows_event_log + aws_s3 (vectordotdev/vector src/sources/windows_event_log/parser.rs, lib/codecs/src/encoding/config.rs)', () => {
  it('newline_delimited framing: JSON lines, the XML in the field xml', async () => {
    const text = vectorObject(specs, 'newline_delimited');
    const { events, errors, stats, items } = await readAll(Buffer.from(text));
    expect(errors).toEqual([]);
    expect(events.map((e) => e.recordId)).toEqual(ids);
    for (const [i, spec] of specs.entries())
      expect(events[i]).toMatchObject(expectedRecord(spec, { withMessage: false }));
    expect(items.map((i) => i.offset)).toEqual(lineStarts(text.split(/(?<=\n)/)));
    expect(stats).toMatchObject({ shape: 'json-lines', eventField: 'xml' });
  });

  it("json codec's default framing on aws_s3: one JSON array of records", async () => {
    const text = vectorObject(specs, 'default');
    expect(text.startsWith('[{')).toBe(true);
    const { events, errors, stats, items } = await readAll(Buffer.from(text));
    expect(errors).toEqual([]);
    expect(events.map((e) => e.recordId)).toEqual(ids);
    expect(items.map((i) => i.offset)).toEqual(offsetsOf(text, '{"channel":'));
    expect(stats.shape).toBe('json-array');
  });
});

describe('Winlogbeat include_xml to NDJSON (elastic/beats winlogbeat/eventlog/eventlog.go Record.ToEvent)', () => {
  it('the XML in event.original; the rendered message in message', async () => {
    const lines = specs.map(winlogbeatLine);
    const { events, errors, stats, items } = await readAll(Buffer.from(lines.join('')));
    expect(errors).toEqual([]);
    expect(events.map((e) => e.recordId)).toEqual(ids);
    specs.forEach((spec, i) => {
      expect(events[i]).toMatchObject(expectedRecord(spec, { withMessage: false }));
      expect(events[i]?.message).toBe(spec.message);
    });
    expect(items.map((i) => i.offset)).toEqual(lineStarts(lines));
    expect(stats).toMatchObject({ shape: 'json-lines', eventField: 'event.original' });
  });
});

describe('NXLog im_msvistalog, $raw_event = $EventXML (docs.nxlog.co/agent/current/im/msvistalog.html)', () => {
  it.each(['\r\n', '\n'] as const)('one event per line (line end %j)', async (newline) => {
    const text = specs.map((s) => nxlogRawLine(s, newline)).join('');
    const { events, errors, items } = await readAll(Buffer.from(text));
    expect(errors).toEqual([]);
    expect(events.map((e) => e.recordId)).toEqual(ids);
    expect(items.map((i) => i.offset)).toEqual(offsetsOf(text, '<Event xmlns'));
  });
});

describe('Kinesis Agent for Windows through Firehose (awslabs/kinesis-agent-windows EventRecordEnvelope.cs, KinesisFirehoseSink.cs)', () => {
  it('xml2: EventRecord.ToXml(), a newline after each record', async () => {
    const text = specs.map(kinesisXml2Record).join('');
    const { events, errors, stats } = await readAll(Buffer.from(text));
    expect(errors).toEqual([]);
    expect(events.map((e) => e.recordId)).toEqual(ids);
    expect(stats.shape).toBe('xml');
  });

  it('renderedxml: indented by XmlTextWriter with CR LF, RenderingInfo added, the message read from it', async () => {
    // XmlTextWriter re-encodes raw character references and UserData markup: those specs are left out.
    const plain = specs.filter((s) => s.userData === undefined && !(s.data ?? []).some((d) => 'raw' in d));
    const text = plain.map(kinesisRenderedXmlRecord).join('');
    expect(text).toContain("\r\n  <RenderingInfo Culture='en-US'>\r\n    <Message>");
    const { events, errors } = await readAll(Buffer.from(text));
    expect(errors).toEqual([]);
    expect(events.map((e) => e.recordId)).toEqual(plain.map((s) => s.recordId));
    // XML reads CR LF as LF: the message is the one Windows rendered (`<Message />` when none).
    for (const [i, spec] of plain.entries()) expect(events[i]?.message).toBe(spec.message ?? '');
  });
});

describe('CloudWatch agent -> CloudWatch Logs -> subscription filter -> Firehose -> S3 (aws/amazon-cloudwatch-agent wineventlog.go; CloudWatch Logs SubscriptionFilters and Firehose basic-deliver / Message_extraction docs)', () => {
  const envelopes: Envelope[] = [
    { messageType: 'DATA_MESSAGE', messages: specs.slice(0, 5).map(cloudWatchAgentMessage) },
    CONTROL_ENVELOPE,
    { messageType: 'DATA_MESSAGE', messages: specs.slice(5).map(cloudWatchAgentMessage) },
  ];
  const variants: [FirehoseProcessing, boolean, 'none' | 'gzip'][] = [];
  for (const processing of ['as-sent', 'decompressed', 'extracted'] as const)
    for (const newline of [false, true])
      for (const s3 of ['none', 'gzip'] as const) variants.push([processing, newline, s3]);

  it.each(variants)(
    '%s, newline delimiter %s, S3 compression %s: every event, control message skipped',
    async (processing, newline, s3Compression) => {
      const object = firehoseObject(envelopes, { processing, newline, s3Compression });
      const { events, errors, stats } = await readAll(object);
      expect(errors).toEqual([]);
      expect(events.map((e) => e.recordId)).toEqual(ids);
      // The agent sends EvtFormatMessage's XML, RenderingInfo included: the message comes from there.
      for (const [i, spec] of specs.entries()) expect(events[i]).toMatchObject(expectedRecord(spec));
      expect(stats.shape).toBe(processing === 'extracted' ? 'xml' : 'cloudwatch-logs');
      if (processing !== 'extracted') expect(stats.eventField).toBe('logEvents[].message');
    },
  );

  it('as sent: gzip-compressed envelopes back to back with no delimiter; each event at its log event', async () => {
    const object = firehoseObject(envelopes, { processing: 'as-sent' });
    expect(object[0]).toBe(0x1f);
    const text = gunzipSync(object);
    expect(text.toString('latin1')).toMatch(/\}\{"messageType":"CONTROL_MESSAGE"/);
    const { items, stats } = await readAll(object);
    // A log event is a record of its own: its `{` inside the envelope's logEvents.
    const logEvents = offsetsOf(text, '{"id":"').filter(
      (at) => text.toString('latin1', at, at + 8) !== '{"id":""',
    );
    expect(items.map((i) => i.offset)).toEqual(logEvents);
    expect(stats).toMatchObject({ compressed: true, compression: 'gzip', shape: 'cloudwatch-logs' });
  });
});

describe('Firehose in general: JSON records concatenated with no delimiter (docs.aws.amazon.com/firehose/latest/dev/basic-deliver.html)', () => {
  it('Fluent Bit records put to Firehose without a newline read as the records they are', async () => {
    const records = specs.map((s) => fluentBitJsonLine(s).trimEnd());
    const { events, errors, stats, items } = await readAll(Buffer.from(records.join('')));
    expect(errors).toEqual([]);
    expect(events.map((e) => e.recordId)).toEqual(ids);
    expect(items.map((i) => i.offset)).toEqual(lineStarts(records));
    expect(stats.shape).toBe('json-concatenated');
  });
});

describe('a shipper the reader has never seen', () => {
  it('takes the XML from whichever string field holds an <Event, at any depth', async () => {
    const spec = specs[0] as EventSpec;
    const record = { host: 'APP01', payload: { windows: { raw: fluentBitLogKeyLine(spec).trimEnd() } } };
    const { events, stats } = await readAll(Buffer.from(`${JSON.stringify(record)}\n`));
    expect(events.map((e) => e.recordId)).toEqual([spec.recordId]);
    expect(stats.eventField).toBe('payload.windows.raw');
  });

  it('with `<` written as \\u003c (Go encoding/json) and \\/ for /', async () => {
    const spec = specs[1] as EventSpec;
    const xml = JSON.stringify(fluentBitLogKeyLine(spec).trimEnd())
      .replace(/</g, '\\u003c')
      .replace(/>/g, '\\u003e')
      .replace(/\//g, '\\/');
    const { events, errors } = await readAll(Buffer.from(`{"Event":${xml}}\n`));
    expect(errors).toEqual([]);
    expect(events[0]).toMatchObject(expectedRecord(spec, { withMessage: false }));
  });
});
