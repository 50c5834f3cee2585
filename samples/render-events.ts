/**
 * Renders sample events as the producers in event-formats.md ("How the XML arrives") write them,
 * in any text encoding, optionally gzipped: the reader's tests, the scenarios and the bench all
 * build their inputs here so every shape is exercised the same way.
 */
import { gzipSync } from 'node:zlib';
import { type DataSpec, EVENT_NS, type EventSpec } from './event-spec.ts';

export * from './event-spec.ts';
export * from './noise-events.ts';
export * from './security-events.ts';
export * from './seeded-random.ts';
export * from './windows-events.ts';

export type EventStyle = 'wevtutil' | 'toxml' | 'event-viewer' | 'libevtx' | 'fluent-bit';
export const EVENT_STYLES: readonly EventStyle[] = [
  'wevtutil',
  'toxml',
  'event-viewer',
  'libevtx',
  'fluent-bit',
];

/** UTF-16 is always written with its BOM, as Windows PowerShell 5.1 does. */
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be';
export const TEXT_ENCODINGS: readonly TextEncoding[] = ['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be'];

export interface XmlFormat {
  quote: "'" | '"';
  /** libevtx / XML View: one element per line, two-space indentation. */
  pretty: boolean;
  /** libevtx writes 9 fractional digits and Keywords padded to 16 hex digits. */
  libevtxValues: boolean;
  /** Fluent Bit renders the XML without RenderingInfo (the message travels in its own field). */
  renderingInfo: boolean;
}

export const WINDOWS_FORMAT: XmlFormat = {
  quote: "'",
  pretty: false,
  libevtxValues: false,
  renderingInfo: true,
};
/** evtxexport itself never writes RenderingInfo (an .evtx holds no rendered text); the `libevtx` style keeps it. */
export const LIBEVTX_FORMAT: XmlFormat = {
  quote: '"',
  pretty: true,
  libevtxValues: true,
  renderingInfo: true,
};
/** What evtxexport writes: the bench corpus uses it; the scenarios' `libevtx` style predates it. */
export const EVTXEXPORT_FORMAT: XmlFormat = { ...LIBEVTX_FORMAT, renderingInfo: false };

export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** One event's XML in the given format. */
export function renderEventXml(spec: EventSpec, format: XmlFormat = WINDOWS_FORMAT): string {
  const q = format.quote;
  const attrs = (pairs: [string, string | number | undefined][]): string =>
    pairs
      .filter((p): p is [string, string | number] => p[1] !== undefined)
      .map(([k, v]) => ` ${k}=${q}${escapeAttribute(String(v))}${q}`)
      .join('');
  const lines: [number, string][] = [];
  const add = (depth: number, text: string) => lines.push([depth, text]);
  const p = spec.provider;
  add(0, `<Event${attrs([['xmlns', EVENT_NS]])}>`);
  add(1, '<System>');
  add(
    2,
    `<Provider${attrs([
      ['Name', p.name],
      ['Guid', p.guid],
      ['EventSourceName', p.eventSourceName],
    ])}/>`,
  );
  add(2, `<EventID${attrs([['Qualifiers', spec.qualifiers]])}>${spec.eventId}</EventID>`);
  if (!spec.classic) add(2, `<Version>${spec.version ?? 0}</Version>`);
  add(2, `<Level>${spec.level ?? 4}</Level>`);
  add(2, `<Task>${spec.task ?? 0}</Task>`);
  if (!spec.classic) add(2, `<Opcode>${spec.opcode ?? 0}</Opcode>`);
  const keywords = spec.keywords ?? '0x80000000000000';
  add(2, `<Keywords>${format.libevtxValues ? padKeywords(keywords) : keywords}</Keywords>`);
  const time = format.libevtxValues ? nineDigits(spec.timeCreated) : spec.timeCreated;
  add(2, `<TimeCreated${attrs([['SystemTime', time]])}/>`);
  add(2, `<EventRecordID>${spec.recordId}</EventRecordID>`);
  if (!spec.classic) {
    add(2, `<Correlation${attrs([['ActivityID', spec.activityId]])}/>`);
    add(
      2,
      `<Execution${attrs([
        ['ProcessID', spec.processId ?? 0],
        ['ThreadID', spec.threadId ?? 0],
      ])}/>`,
    );
  }
  add(2, `<Channel>${escapeText(spec.channel)}</Channel>`);
  add(2, `<Computer>${escapeText(spec.computer)}</Computer>`);
  add(2, `<Security${attrs([['UserID', spec.userId]])}/>`);
  add(1, '</System>');
  if (spec.userData !== undefined) {
    add(1, `<UserData>${spec.userData}</UserData>`);
  } else {
    const items = (spec.data ?? []).map((d) => `<Data${attrs([['Name', d.name]])}>${dataText(d)}</Data>`);
    if (spec.binary !== undefined) items.push(`<Binary>${spec.binary}</Binary>`);
    const open = `<EventData${attrs([['Name', spec.eventDataName]])}`;
    if (items.length === 0) add(1, `${open}/>`);
    else {
      add(1, `${open}>`);
      for (const item of items) add(2, item);
      add(1, '</EventData>');
    }
  }
  if (format.renderingInfo && spec.message !== undefined) {
    add(1, `<RenderingInfo${attrs([['Culture', 'en-US']])}><Message>${messageText(spec.message)}</Message>`);
    add(2, renderingNames(spec));
    add(1, '</RenderingInfo>');
  }
  add(0, '</Event>');
  if (!format.pretty) return lines.map(([, text]) => text).join('');
  return lines.map(([depth, text]) => `${'  '.repeat(depth)}${text}`).join('\n');
}

/** The names after the message: Level, Task, Opcode, Provider, Keywords, each when given. */
function renderingNames(spec: EventSpec): string {
  const r = spec.rendering ?? { provider: spec.provider.name };
  const names: [string, string | undefined][] = [
    ['Level', r.level ?? levelName(spec.level ?? 4)],
    ['Task', r.task],
    ['Opcode', r.opcode],
    ['Provider', r.provider],
  ];
  const keywords = r.keywords?.map((k) => `<Keyword>${escapeText(k)}</Keyword>`).join('');
  return (
    names
      .filter((n): n is [string, string] => n[1] !== undefined)
      .map(([name, value]) => `<${name}>${escapeText(value)}</${name}>`)
      .join('') + (keywords === undefined ? '' : `<Keywords>${keywords}</Keywords>`)
  );
}

/** Windows writes the line breaks of a rendered message as `&#13;&#10;`, so decoding yields CR LF. */
function messageText(message: string): string {
  return escapeText(message).replace(/\r?\n/g, '&#13;&#10;');
}

function dataText(d: DataSpec): string {
  return 'raw' in d ? d.raw : escapeText(d.value);
}

function padKeywords(hex: string): string {
  return `0x${hex.replace(/^0x/i, '').padStart(16, '0')}`;
}

function nineDigits(time: string): string {
  const m = /^(.*\.)(\d+)Z$/.exec(time);
  return m ? `${m[1]}${(m[2] ?? '').padEnd(9, '0')}Z` : time;
}

function levelName(level: number): string {
  return ['LogAlways', 'Critical', 'Error', 'Warning', 'Information', 'Verbose'][level] ?? 'Information';
}

/** The whole text of a file in the given producer's shape. */
export function renderEvents(
  specs: readonly EventSpec[],
  style: EventStyle,
  encoding: TextEncoding = 'utf-8',
): string {
  const events = specs.map((s) => renderEvent(s, style)).join('');
  if (style !== 'event-viewer') return events;
  const declared = encoding.startsWith('utf-16') ? 'utf-16' : 'utf-8';
  return `<?xml version="1.0" encoding="${declared}" standalone="yes"?>\n<Events>${events}</Events>`;
}

/** One event as the producer writes it inside a file (Event Viewer's declaration and root excepted), for streaming. */
export function renderEvent(spec: EventSpec, style: EventStyle): string {
  switch (style) {
    case 'wevtutil':
    case 'event-viewer':
      return renderEventXml(spec);
    case 'toxml':
      return `${renderEventXml(spec)}\r\n`;
    case 'libevtx':
      return `\n${renderEventXml(spec, LIBEVTX_FORMAT)}\n`;
    case 'fluent-bit':
      return `${fluentBitRecord(spec)}\n`;
  }
}

/** A Fluent Bit winevtlog record (Render_Event_As_XML On) as the s3 output writes it. */
export function fluentBitRecord(spec: EventSpec): string {
  const system = renderEventXml(spec, { ...WINDOWS_FORMAT, renderingInfo: false });
  const inserts = (spec.data ?? []).map((d) => ('raw' in d ? d.raw : d.value));
  const date = spec.collectedAt ?? collectionTime(spec.timeCreated);
  return JSON.stringify({ date, System: system, Message: spec.message ?? '', StringInserts: inserts });
}

/** Fluent Bit collects a little after the event: the record time must never be taken for event time. */
function collectionTime(timeCreated: string): string {
  const ms = Date.parse(`${timeCreated.slice(0, 19)}Z`) + 42_000;
  return `${new Date(ms).toISOString().slice(0, 19)}.${timeCreated.slice(20, 26)}Z`;
}

export function encodeText(text: string, encoding: TextEncoding): Buffer {
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf-16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf-16be':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
  }
}

export interface FileOptions {
  style: EventStyle;
  /** Default: utf-8 with BOM for event-viewer (as Windows saves it), plain utf-8 otherwise. */
  encoding?: TextEncoding;
  gzip?: boolean;
}

/** The bytes of a file as the producer would have written it. */
export function renderFile(specs: readonly EventSpec[], options: FileOptions): Buffer {
  const encoding = options.encoding ?? (options.style === 'event-viewer' ? 'utf-8-bom' : 'utf-8');
  const bytes = encodeText(renderEvents(specs, options.style, encoding), encoding);
  return options.gzip ? gzipSync(bytes) : bytes;
}
