import type { EventRecord } from '../functions/reader/event-record.ts';
import { eventParser, recordFromParsed } from './full-parse.ts';

/**
 * The "full parse" of a shipper's JSON object, as most users would write it: cut the stream into its
 * top-level JSON values, JSON.parse each, take the event XML from the field the shipper puts it in and
 * give it to fast-xml-parser; the rendered message beside the XML stands in when the XML has none
 * (Fluent Bit renders it without RenderingInfo). Offsets are those the reader reports: the `{` of the
 * record, or of the log event inside a CloudWatch Logs envelope.
 */
export type JsonLayout = 'fluentbit' | 'winlogbeat' | 'cloudwatch';

export interface JsonEvent {
  offset: number;
  record: EventRecord;
}

type Json = Record<string, unknown>;

/** Where each layout carries the event XML and its rendered message. */
const CARRIED: Record<JsonLayout, (record: Json) => { xml: unknown; message: unknown }[]> = {
  fluentbit: (r) => [{ xml: r.System, message: r.Message }],
  winlogbeat: (r) => [{ xml: (r.event as Json | undefined)?.original, message: r.message }],
  cloudwatch: (r) =>
    r.messageType === 'DATA_MESSAGE'
      ? ((r.logEvents as Json[] | undefined) ?? []).map((e) => ({ xml: e.message, message: undefined }))
      : [],
};

export async function* jsonEvents(
  chunks: AsyncIterable<Buffer>,
  layout: JsonLayout,
  counts: { records: number; errors: number },
): AsyncGenerator<JsonEvent> {
  const parser = eventParser();
  for await (const value of topLevelValues(chunks)) {
    counts.records++;
    const record = JSON.parse(value.text.toString('utf8')) as Json;
    const carried = CARRIED[layout](record);
    for (const [i, { xml, message }] of carried.entries()) {
      if (typeof xml !== 'string') {
        counts.errors++;
        continue;
      }
      const offset = layout === 'cloudwatch' ? (value.inner[i] as number) : value.offset;
      let event: EventRecord;
      try {
        event = recordFromParsed(parser.parse(xml), xml);
      } catch {
        counts.errors++;
        continue;
      }
      if (event.message === undefined && typeof message === 'string' && message !== '')
        event.message = message;
      yield { offset, record: event };
    }
  }
}

interface TopLevelValue {
  offset: number;
  text: Buffer;
  /** Offsets of the objects that are elements of an array directly inside this value (an envelope's logEvents). */
  inner: number[];
}

/** Top-level JSON values in a stream, found by counting brackets outside strings. */
async function* topLevelValues(chunks: AsyncIterable<Buffer>): AsyncGenerator<TopLevelValue> {
  let carry: Buffer = Buffer.alloc(0);
  let carryOffset = 0;
  // Scanner state, kept across chunks.
  let depth = 0;
  let inString = false;
  let escaped = false;
  let start = -1;
  let scanned = 0;
  let inner: number[] = [];
  const containers: number[] = [];
  for await (const chunk of chunks) {
    const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    let i = scanned;
    for (; i < buf.length; i++) {
      const c = buf[i] as number;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 0x5c) escaped = true;
        else if (c === 0x22) inString = false;
        continue;
      }
      if (c === 0x22) inString = true;
      else if (c === 0x7b || c === 0x5b) {
        if (depth === 0) start = i;
        if (c === 0x7b && depth === 2 && containers[1] === 0x5b) inner.push(carryOffset + i);
        containers[depth] = c;
        depth++;
      } else if (c === 0x7d || c === 0x5d) {
        depth--;
        if (depth === 0) {
          yield { offset: carryOffset + start, text: buf.subarray(start, i + 1), inner };
          inner = [];
          start = -1;
        }
      }
    }
    carry = start >= 0 ? buf.subarray(start) : Buffer.alloc(0);
    carryOffset += buf.length - carry.length;
    scanned = carry.length;
    if (start >= 0) start = 0;
  }
}
