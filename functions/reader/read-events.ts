import { type ReaderError, RefusedXmlError, readerError, XmlSyntaxError } from './errors.ts';
import type { EventRecord } from './event-record.ts';
import { type Compression, DEFAULT_MAX_INFLATED_BYTES, inflateIfCompressed } from './inflate.ts';
import { JsonRecordScanner, type JsonShape } from './json-scanner.ts';
import { decodeText, type OffsetMap, type TextEncodingName } from './text-encoding.ts';
import { toEventRecord } from './to-event-record.ts';
import { type ScanItem, type ScannedEvent, XmlEventScanner } from './xml-scanner.ts';

export interface ReadOptions {
  /** 'candidates' (default): only events that can be signals are decoded; 'all': every event. */
  decode?: 'candidates' | 'all';
  /** Stop when gzip or zstd output would exceed this (default 2 GiB). */
  maxInflatedBytes?: number;
  /** Largest single event kept in memory (default 4 MiB). */
  maxEventBytes?: number;
  /** Stop when no `<Event` appears in this many first bytes (default 1 MiB). */
  noEventLimit?: number;
  /** A hint only (S3 Content-Encoding): gzip and zstd are recognised by their magic bytes either way. */
  contentEncoding?: string;
  /** Report stats.latestTime: the latest TimeCreated of any event, decoded or not. */
  latestTime?: boolean;
}

export type ReadItem = { kind: 'event'; offset: number; event: EventRecord } | ReaderError;

/**
 * The layout the object's content was read as: event XML in any of its renderings (fragments, one per
 * line, an `<Events>` root, pretty-printed), or JSON records carrying the XML in a string field.
 */
export type ObjectShape = 'xml' | JsonShape | 'unknown';

export interface ReadStats {
  /** Bytes as stored (compressed when gzip or zstd). */
  bytesIn: number;
  /** Bytes after inflating, in the object's own encoding. */
  bytesDecoded: number;
  /** Every complete event seen, decoded or not. */
  events: number;
  decoded: number;
  errors: number;
  compressed: boolean;
  compression: Compression;
  encoding: TextEncodingName;
  shape: ObjectShape;
  /** JSON shapes: the field the event XML was found in (`System`, `xml`, `event.original`, `logEvents[].message`). */
  eventField?: string;
  /** A refused declaration (DOCTYPE/ENTITY): the whole object must be discarded. */
  rejected: boolean;
  /** With options.latestTime: the latest TimeCreated of any event read (normalised, 9 digits). */
  latestTime?: string;
}

export type ByteSource = Uint8Array | AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

export interface EventStream extends AsyncIterable<ReadItem> {
  readonly stats: ReadStats;
}

/**
 * Reads Windows events from an object's bytes, streamed and cut anywhere: `<Event>` fragments,
 * one event per line, an `<Events>` root, pretty-printed renderings, or JSON records carrying the XML
 * (Fluent Bit, Vector, Winlogbeat, CloudWatch Logs envelopes through Firehose…); UTF-8 (BOM or not) or
 * UTF-16 LE/BE; plain, gzip or zstd (by magic bytes). The shape is taken from the content. Yields
 * decoded events and errors with byte offsets; never throws on bad input, never expands a DTD, and
 * holds at most one event (or one JSON record's strings) in memory.
 */
export function readEvents(source: ByteSource, options: ReadOptions = {}): EventStream {
  const stats: ReadStats = {
    bytesIn: 0,
    bytesDecoded: 0,
    events: 0,
    decoded: 0,
    errors: 0,
    compressed: false,
    compression: 'none',
    encoding: 'utf-8',
    shape: 'unknown',
    rejected: false,
  };
  return { stats, [Symbol.asyncIterator]: () => run(source, options, stats) };
}

async function* run(source: ByteSource, options: ReadOptions, stats: ReadStats): AsyncGenerator<ReadItem> {
  const inflated = inflateIfCompressed(
    asChunks(source),
    options.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES,
  );
  const text = await decodeText(inflated.chunks);
  stats.encoding = text.encoding;
  const limits = {
    decodeAll: options.decode === 'all',
    maxEventBytes: options.maxEventBytes ?? 4 * 1024 * 1024,
    noEventLimit: options.noEventLimit ?? 1024 * 1024,
    latestTime: options.latestTime === true,
  };
  let scanner: XmlEventScanner | JsonRecordScanner | undefined;
  /** White space before the first byte that tells the shape: counted, not kept. */
  let blank = 0;
  const sync = () => {
    stats.bytesIn = inflated.state.bytesIn;
    stats.bytesDecoded = inflated.state.bytesOut;
    stats.compressed = inflated.state.compressed;
    stats.compression = inflated.state.compression;
    stats.events = scanner?.events ?? 0;
    if (scanner instanceof JsonRecordScanner) {
      stats.shape = scanner.shape;
      if (scanner.eventField !== undefined) stats.eventField = scanner.eventField;
    }
    stats.rejected = scanner?.rejected ?? false;
    if (scanner?.latest.value !== undefined) stats.latestTime = scanner.latest.value;
  };
  try {
    for await (const chunk of text.chunks) {
      const input = chunk;
      if (!scanner) {
        const first = firstNonSpace(chunk);
        if (first < 0 && blank + chunk.length <= limits.noEventLimit) {
          blank += chunk.length;
          continue;
        }
        const json = first >= 0 && (chunk[first] === 0x7b || chunk[first] === 0x5b);
        scanner = json ? new JsonRecordScanner(limits) : new XmlEventScanner(limits);
        if (first >= 0) stats.shape = json ? 'json-lines' : 'xml';
        scanner.skip(blank);
      }
      yield* finish(scanner.push(input), text.offsets, stats, scanner);
      text.offsets.release(scanner.retainedFrom);
      if (scanner.stopped) break;
    }
    if (scanner) yield* finish(scanner.end(), text.offsets, stats, scanner);
  } finally {
    await text.chunks.return(undefined);
    sync();
  }
  for (const error of inflated.errors) {
    stats.errors++;
    yield error;
  }
  sync();
}

function* finish(
  items: ScanItem[],
  offsets: OffsetMap,
  stats: ReadStats,
  scanner: { rejected: boolean; stopped: boolean },
): Generator<ReadItem> {
  for (const item of items) {
    const outs: ReadItem[] =
      item.kind === 'event'
        ? decodeScanned(item, offsets)
        : [{ ...item, offset: offsets.toSource(item.offset) }];
    for (const out of outs) {
      if (out.kind === 'event') stats.decoded++;
      else stats.errors++;
      yield out;
      if (out.kind === 'error' && out.fatal) {
        // Only decoding refuses (a declaration inside an event); the scanner flags its own fatal errors.
        if (item.kind === 'event') scanner.rejected = true;
        scanner.stopped = true;
        return;
      }
    }
  }
}

/**
 * A JSON-carried event reports its record's offset for everything, and takes the record's rendered
 * message when its XML has none (Fluent Bit renders the XML without RenderingInfo).
 */
function decodeScanned(item: ScannedEvent, offsets: OffsetMap): ReadItem[] {
  const record = item.record;
  if (!record) return decode(item.bytes, item.offset, offsets);
  const at = offsets.toSource(record.offset);
  const outs = decode(item.bytes, record.offset, { toSource: () => at, release: () => {} });
  for (const out of outs) {
    if (out.kind !== 'event' || out.event.message !== undefined) continue;
    const message = record.renderedMessage();
    if (message !== undefined) out.event.message = message;
  }
  return outs;
}

const INNER_START = /<Event[\s>/]/g;

/**
 * Full decode of one candidate; problems come back as errors at the byte where they are. An event
 * that does not parse because other `<Event>`s start inside it was cut short, and so was each of those
 * but the last: each gets its error and the last is decoded (once: no rescans, no recursion).
 */
function decode(bytes: Buffer, offset: number, offsets: OffsetMap): ReadItem[] {
  const text = bytes.toString('utf8');
  const sourceOf = (index: number) =>
    offsets.toSource(offset + Buffer.byteLength(text.slice(0, index), 'utf8'));
  const first = decodeOne(text, offsets.toSource(offset), sourceOf);
  if (first.kind === 'event' || first.fatal || !first.reason.startsWith('malformed')) return [first];
  const starts: number[] = [];
  INNER_START.lastIndex = 1;
  for (let m = INNER_START.exec(text); m; m = INNER_START.exec(text)) starts.push(m.index);
  const last = starts.at(-1);
  if (last === undefined) return [first];
  // Byte offsets of the starts, counted once from one to the next (they are in order).
  let counted = 0;
  let bytesBefore = 0;
  const byteAt = (index: number) => {
    bytesBefore += Buffer.byteLength(text.slice(counted, index), 'utf8');
    counted = index;
    return bytesBefore;
  };
  const cut = (bytes: number) =>
    readerError(
      offsets.toSource(offset + bytes),
      'event is truncated: a new <Event> starts before its </Event>',
    );
  const errors = [cut(0), ...starts.slice(0, -1).map((index) => cut(byteAt(index)))];
  const lastBytes = byteAt(last);
  const rest = text.slice(last);
  const tail = decodeOne(rest, offsets.toSource(offset + lastBytes), (index) =>
    offsets.toSource(offset + lastBytes + Buffer.byteLength(rest.slice(0, index), 'utf8')),
  );
  return [...errors, tail];
}

function decodeOne(text: string, offset: number, sourceOf: (index: number) => number): ReadItem {
  try {
    const result = toEventRecord(text);
    if (result.success) return { kind: 'event', offset, event: result.data };
    return readerError(offset, `malformed event: ${result.reason}`);
  } catch (err) {
    if (err instanceof RefusedXmlError)
      return readerError(sourceOf(err.index), `${err.reason}; the whole object is rejected`, true);
    if (err instanceof XmlSyntaxError)
      return readerError(sourceOf(err.index), `malformed event: ${err.reason}`);
    throw err;
  }
}

function firstNonSpace(buf: Buffer): number {
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return i;
  }
  return -1;
}

async function* asChunks(source: ByteSource): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) {
    yield source;
    return;
  }
  yield* source as AsyncIterable<Uint8Array>;
}
