/**
 * Objects as real log shippers write them to S3, byte for byte, around the event XML of
 * render-events.ts. The reader's shipper tests and the bench build their inputs here. Each layout
 * names the shipper's own code (or documentation) it follows; facts, not code, are taken from there.
 */
import { constants, crc32, deflateRawSync, gzipSync, zstdCompressSync } from 'node:zlib';
import type { EventSpec } from './event-spec.ts';
import { renderEventXml, type XmlFormat } from './render-events.ts';

/** EvtRender(EvtRenderEventXml): the XML Windows gives an agent, without RenderingInfo. */
const EVT_RENDER: XmlFormat = { quote: "'", pretty: false, libevtxValues: false, renderingInfo: false };

/** The XML most agents read from Windows (EvtRender), one line, no RenderingInfo. */
export function renderedXml(spec: EventSpec): string {
  return renderEventXml(spec, EVT_RENDER);
}

/** What EvtFormatMessage returns for the event: the message with Windows line breaks. */
export function windowsMessage(spec: EventSpec): string {
  return (spec.message ?? '').replace(/\r?\n/g, '\r\n');
}

// ---------------------------------------------------------------------------------------------
// Fluent Bit: in_winevtlog (Render_Event_As_XML On) + out_s3.
// fluent/fluent-bit plugins/in_winevtlog/pack.c winevtlog_pack_xml_event: keys System (the XML, or ""
// when it cannot be converted), Message (EvtFormatMessage, or ""), StringInserts (string_inserts is
// on by default). plugins/out_s3/s3.c: format json_lines through flb_pack_msgpack_to_json_format,
// json_date_key "date" written first as %Y-%m-%dT%H:%M:%S.%06luZ; log_key writes the field's raw
// value and "\n"; compression gzip|zstd compresses each upload (each multipart part) on its own.
// src/flb_utils.c flb_utils_write_str_escaped (json.escape_unicode on by default): every non-ASCII
// character as \uXXXX (lower-case hex, surrogate pairs), controls as \n \r \t \b \f or \u00XX.

export interface FluentBitRecordOptions {
  /** Fluent Bit writes "" when the XML could not be converted. */
  system?: string;
  /** The record's date (collection time, never the event time). */
  date?: string;
}

export function fluentBitJsonLine(spec: EventSpec, options: FluentBitRecordOptions = {}): string {
  const system = options.system ?? renderedXml(spec);
  const inserts = (spec.data ?? []).map((d) => ('raw' in d ? d.raw : d.value));
  const date = options.date ?? fluentBitDate(spec.collectedAt ?? spec.timeCreated, 42);
  return (
    `{"date":${fluentBitString(date)},"System":${fluentBitString(system)},` +
    `"Message":${fluentBitString(windowsMessage(spec))},` +
    `"StringInserts":[${inserts.map(fluentBitString).join(',')}]}\n`
  );
}

/** A JSON string as flb_utils_write_str_escaped writes it. */
export function fluentBitString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else if (code < 0x80) out += ch;
    else if (code <= 0xffff) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else {
      const high = 0xd800 + ((code - 0x10000) >> 10);
      const low = 0xdc00 + ((code - 0x10000) & 0x3ff);
      out += `\\u${high.toString(16)}\\u${low.toString(16)}`;
    }
  }
  return `${out}"`;
}

/** Collection time, `seconds` after the given time, with microseconds as out_s3 writes them. */
function fluentBitDate(time: string, seconds: number): string {
  const ms = Date.parse(`${time.slice(0, 19)}Z`) + seconds * 1000;
  return `${new Date(ms).toISOString().slice(0, 19)}.${time.slice(20, 26).padEnd(6, '0')}Z`;
}

export type Compression = 'none' | 'gzip' | 'zstd';

/**
 * An out_s3 object: the records split into multipart parts of `partRecords` records, each part
 * compressed on its own, so a compressed object is one gzip member or zstd frame per part.
 */
export function fluentBitObject(
  records: readonly string[],
  options: { compression: Compression; partRecords?: number },
): Buffer {
  const size = options.partRecords ?? records.length;
  const parts: Buffer[] = [];
  for (let i = 0; i < records.length; i += size) {
    parts.push(compress(Buffer.from(records.slice(i, i + size).join(''), 'utf8'), options.compression));
  }
  return Buffer.concat(parts);
}

/** `log_key System`: the XML as it is, one record per line ("" and "\n" when it could not be converted). */
export function fluentBitLogKeyLine(spec: EventSpec, options: FluentBitRecordOptions = {}): string {
  return `${options.system ?? renderedXml(spec)}\n`;
}

/**
 * As out_s3 compresses an upload: src/flb_gzip.c flb_gzip_compress (its own header: mtime 0, OS 0xff;
 * raw deflate at the default level with memLevel 9; CRC32 and size) and src/flb_zstd.c
 * flb_zstd_compress (ZSTD_compress at level 1: one frame, content size in its header, no checksum).
 */
export function compress(bytes: Buffer, compression: Compression): Buffer {
  if (compression === 'gzip') {
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(crc32(bytes), 0);
    trailer.writeUInt32LE(bytes.length % 2 ** 32, 4);
    const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
    return Buffer.concat([header, deflateRawSync(bytes, { memLevel: 9 }), trailer]);
  }
  if (compression === 'zstd')
    return zstdCompressSync(bytes, { params: { [constants.ZSTD_c_compressionLevel]: 1 } });
  return bytes;
}

// ---------------------------------------------------------------------------------------------
// Vector: sources windows_event_log (include_xml = true) + sinks aws_s3 with encoding.codec json.
// vectordotdev/vector src/sources/windows_event_log/parser.rs set_windows_fields and the legacy
// namespace's message/host/timestamp; xml_parser.rs truncate_utf8(raw_xml, 32768) appends
// "...[truncated]". Log fields are a sorted map, so the JSON keys come out in byte order.
// lib/codecs/src/encoding/config.rs: json without a framing on a message-based sink (aws_s3) is
// framed as `[a,b,…]` (encoder.rs batch_prefix/suffix); framing.method newline_delimited gives lines.

const VECTOR_XML_LIMIT = 32768;

export function vectorRecord(spec: EventSpec): Record<string, unknown> {
  let xml = renderedXml(spec);
  if (Buffer.byteLength(xml, 'utf8') > VECTOR_XML_LIMIT) {
    let end = VECTOR_XML_LIMIT;
    const bytes = Buffer.from(xml, 'utf8');
    while (end > 0 && ((bytes[end] as number) & 0xc0) === 0x80) end--;
    xml = `${bytes.subarray(0, end).toString('utf8')}...[truncated]`;
  }
  const fields: Record<string, unknown> = {
    channel: spec.channel,
    computer: spec.computer,
    event_id: spec.eventId,
    host: spec.computer,
    level: levelName(spec.level ?? 4),
    level_value: spec.level ?? 4,
    message: spec.message ?? `Event ID ${spec.eventId} from ${spec.provider.name} on ${spec.computer}`,
    process_id: spec.processId ?? 0,
    provider_name: spec.provider.name,
    record_id: spec.recordId,
    source_type: 'windows_event_log',
    string_inserts: (spec.data ?? []).map((d) => ('raw' in d ? d.raw : d.value)),
    thread_id: spec.threadId ?? 0,
    timestamp: rfc3339AutoSi(spec.timeCreated),
    xml,
  };
  if (spec.provider.guid) fields.provider_guid = spec.provider.guid;
  return Object.fromEntries(Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : 1)));
}

export function vectorObject(specs: readonly EventSpec[], framing: 'newline_delimited' | 'default'): string {
  const records = specs.map((s) => JSON.stringify(vectorRecord(s)));
  return framing === 'default' ? `[${records.join(',')}]` : records.map((r) => `${r}\n`).join('');
}

/** chrono's to_rfc3339_opts(AutoSi): 0, 3, 6 or 9 fractional digits, the fewest that are exact. */
function rfc3339AutoSi(time: string): string {
  const m = /^(.*?)(?:\.(\d+))?Z$/.exec(time);
  const nanos = (m?.[2] ?? '').padEnd(9, '0').slice(0, 9);
  const digits = /^0+$/.test(nanos) ? 0 : nanos.endsWith('000000') ? 3 : nanos.endsWith('000') ? 6 : 9;
  return `${m?.[1] ?? time}${digits === 0 ? '' : `.${nanos.slice(0, digits)}`}Z`;
}

function levelName(level: number): string {
  return ['Information', 'Critical', 'Error', 'Warning', 'Information', 'Verbose'][level] ?? 'Information';
}

// ---------------------------------------------------------------------------------------------
// Winlogbeat (include_xml: true) to NDJSON (output.file, codec json).
// elastic/beats winlogbeat/eventlog/eventlog.go Record.ToEvent: the XML in event.original, the
// rendered message in message (sys.RemoveWindowsLineEndings), event.code/kind/provider, host.name,
// winlog.* from the event; libbeat's JSON codec writes @timestamp and @metadata first.

export function winlogbeatLine(spec: EventSpec): string {
  const record: Record<string, unknown> = {
    '@timestamp': new Date(Date.parse(`${spec.timeCreated.slice(0, 23)}Z`)).toISOString(),
    '@metadata': { beat: 'winlogbeat', type: '_doc', version: '8.15.0' },
    agent: { type: 'winlogbeat', version: '8.15.0', name: spec.computer },
    ecs: { version: '8.0.0' },
    event: {
      original: renderedXml(spec),
      code: String(spec.eventId),
      kind: 'event',
      provider: spec.provider.name,
      created: '2026-11-17T12:00:00.000Z',
    },
    host: { name: spec.computer },
    log: { level: levelName(spec.level ?? 4).toLowerCase() },
    winlog: {
      api: 'wineventlog',
      channel: spec.channel,
      computer_name: spec.computer,
      event_id: String(spec.eventId),
      provider_name: spec.provider.name,
      record_id: spec.recordId,
      event_data: Object.fromEntries(
        (spec.data ?? []).map((d, i) => [d.name ?? `param${i + 1}`, 'raw' in d ? d.raw : d.value]),
      ),
    },
  };
  if (spec.message !== undefined) record.message = spec.message.replace(/\r\n/g, '\n');
  return `${JSON.stringify(record)}\n`;
}

// ---------------------------------------------------------------------------------------------
// NXLog im_msvistalog with CaptureEventXML TRUE and `$raw_event = $EventXML;` to a line-based
// output: the XML of EvtRender, one record per line (docs.nxlog.co/agent/current/im/msvistalog.html).

export function nxlogRawLine(spec: EventSpec, newline: '\n' | '\r\n' = '\r\n'): string {
  return `${renderedXml(spec)}${newline}`;
}

// ---------------------------------------------------------------------------------------------
// Kinesis Agent for Windows, KinesisFirehoseSink, ObjectDecoration-free formats xml2 and renderedxml.
// awslabs/kinesis-agent-windows Amazon.KinesisTap.Windows/EventRecordEnvelope.cs GetMessage: xml2
// is EventRecord.ToXml(); renderedxml re-writes it with XmlTextWriter (Formatting.Indented, two
// spaces, QuoteChar ', CR LF line breaks, `<x />` for empty elements) after adding RenderingInfo
// (Culture, Message, Level, Task, Opcode, Channel, Provider, Keywords). Amazon.KinesisTap.AWS/
// KinesisFirehoseSink.cs CreateRecord appends "\n" to every record; Firehose concatenates records.

export function kinesisXml2Record(spec: EventSpec): string {
  return `${renderedXml(spec)}\n`;
}

/** Specs with `raw` Data or UserData are not rendered this way (XmlTextWriter would re-encode them). */
export function kinesisRenderedXmlRecord(spec: EventSpec): string {
  const pretty = renderEventXml(spec, { ...EVT_RENDER, pretty: true }).replace(/([^ ])\/>/g, '$1 />');
  const lines = pretty.split('\n');
  const close = lines.pop() as string;
  const element = (name: string, value: string | undefined) =>
    value === undefined || value === '' ? `    <${name} />` : `    <${name}>${escapeText(value)}</${name}>`;
  const keywords = spec.classic
    ? ['    <Keywords>', '      <Keyword>Classic</Keyword>', '    </Keywords>']
    : ['    <Keywords />'];
  const rendering = [
    "  <RenderingInfo Culture='en-US'>",
    element('Message', windowsMessage(spec)),
    element('Level', levelName(spec.level ?? 4)),
    element('Task', undefined),
    element('Opcode', 'Info'),
    element('Channel', spec.channel),
    element('Provider', spec.provider.name),
    ...keywords,
    '  </RenderingInfo>',
  ];
  return `${[...lines, ...rendering, close].join('\r\n')}\n`;
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// ---------------------------------------------------------------------------------------------
// CloudWatch agent (windows_events, event_format "xml") -> CloudWatch Logs -> subscription filter
// -> Amazon Data Firehose -> S3.
// aws/amazon-cloudwatch-agent plugins/inputs/windows_event_log/wineventlog/wineventlog.go getRecord:
// the log event's message is EvtFormatMessage(EvtFormatMessageXml): the event XML with RenderingInfo.
// The envelope: docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html (Firehose
// example: messageType, owner, logGroup, logStream, subscriptionFilters, logEvents[id, timestamp,
// message], gzip-compressed per Firehose record; CONTROL_MESSAGE records check the destination).
// Firehose: docs.aws.amazon.com/firehose/latest/dev/basic-deliver.html (records concatenated with
// no delimiter unless AppendDelimiterToRecord adds "\n"), writing-with-cloudwatch-logs.html and
// Message_extraction.html (decompression; message extraction keeps only each log event's message).

/** What the CloudWatch agent sends as the log event's message. */
export function cloudWatchAgentMessage(spec: EventSpec): string {
  return renderEventXml(spec);
}

export interface Envelope {
  messageType: 'DATA_MESSAGE' | 'CONTROL_MESSAGE';
  messages: readonly string[];
  firstId?: bigint;
  /** The log stream: the CloudWatch agent's default log_stream_name is the instance id. */
  logStream?: string;
  /** Each log event's timestamp (ms); the agent gives the event's own time. */
  times?: readonly number[];
}

export function cloudWatchEnvelope(envelope: Envelope, times: readonly number[] = []): string {
  const first = envelope.firstId ?? 37_529_283_754_118_223_445_239_124_856_034_021_839_495_802_958_848n;
  return JSON.stringify({
    messageType: envelope.messageType,
    owner: envelope.messageType === 'CONTROL_MESSAGE' ? 'CloudwatchLogs' : '123456789012',
    logGroup: envelope.messageType === 'CONTROL_MESSAGE' ? '' : 'hivewatch-windows-events',
    logStream:
      envelope.messageType === 'CONTROL_MESSAGE' ? '' : (envelope.logStream ?? 'i-0abc123def4567890'),
    subscriptionFilters: envelope.messageType === 'CONTROL_MESSAGE' ? [] : ['hivewatch'],
    logEvents: envelope.messages.map((message, i) => ({
      id: envelope.messageType === 'CONTROL_MESSAGE' ? '' : String(first + BigInt(i)),
      timestamp: times[i] ?? envelope.times?.[i] ?? 1_795_431_600_000 + i,
      message,
    })),
  });
}

export const CONTROL_ENVELOPE: Envelope = {
  messageType: 'CONTROL_MESSAGE',
  messages: ['CWL CONTROL MESSAGE: Checking health of destination Firehose.'],
};

export type FirehoseProcessing =
  /** No processing: each record is the gzip-compressed envelope, as CloudWatch Logs sent it. */
  | 'as-sent'
  /** Decompression on: the envelopes' JSON. */
  | 'decompressed'
  /** Decompression and message extraction on: each log event's message alone. */
  | 'extracted';

export interface FirehoseOptions {
  processing: FirehoseProcessing;
  /** AppendDelimiterToRecord: "\n" after every record. */
  newline?: boolean;
  /** The S3 destination's compression of the whole object. */
  s3Compression?: 'none' | 'gzip';
}

/** A Firehose S3 object holding the given envelopes (CloudWatch Logs subscription records). */
export function firehoseObject(envelopes: readonly Envelope[], options: FirehoseOptions): Buffer {
  const delimiter = options.newline ? Buffer.from('\n') : Buffer.alloc(0);
  const records: Buffer[] = [];
  for (const envelope of envelopes) {
    if (options.processing === 'as-sent') {
      records.push(gzipSync(Buffer.from(cloudWatchEnvelope(envelope), 'utf8')), delimiter);
    } else if (options.processing === 'decompressed') {
      // Firehose drops CONTROL_MESSAGE records when it decompresses.
      if (envelope.messageType === 'DATA_MESSAGE')
        records.push(Buffer.from(cloudWatchEnvelope(envelope), 'utf8'), delimiter);
    } else if (envelope.messageType === 'DATA_MESSAGE') {
      for (const message of envelope.messages) records.push(Buffer.from(message, 'utf8'), delimiter);
    }
  }
  const object = Buffer.concat(records);
  return options.s3Compression === 'gzip' ? gzipSync(object) : object;
}
