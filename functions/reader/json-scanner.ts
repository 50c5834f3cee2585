import { type ReaderError, readerError } from './errors.ts';
import { type JsonRecord, messagesWithFailureText } from './json-record.ts';
import { unescapeInto } from './json-strings.ts';
import { JsonWalker, type WalkerSink } from './json-walker.ts';
import type { LatestTime } from './latest-time.ts';
import { type ScanItem, type ScanLimits, XmlEventScanner } from './xml-scanner.ts';

export type JsonShape = 'json-lines' | 'json-concatenated' | 'json-array' | 'cloudwatch-logs';

/** One record's XML in the buffer pushed to the event scanner: [start, end) there. */
interface Carried {
  start: number;
  end: number;
  record: JsonRecord;
  mustDecode: boolean;
}

const END_TAG = Buffer.from('</Event>', 'latin1');
/** After each record's XML: no tag of it waits for the next one's bytes. */
const SEPARATOR = 8;

/**
 * Events carried in JSON records, whichever shipper wrote them (see JsonWalker for the layouts). The
 * XML of the records completed in a chunk is unescaped into one buffer that one XmlEventScanner reads
 * in one push, so JSON objects get the same prefilter, limits and refusals as XML objects. Every event
 * and error of a record reports the record's offset: the `{` that opens it (for a CloudWatch Logs
 * envelope, the log event's own `{`).
 */
export class JsonRecordScanner implements WalkerSink {
  stopped = false;
  rejected = false;
  /** The field the first event XML was taken from (`System`, `xml`, `event.original`…). */
  eventField: string | undefined;
  private readonly walker: JsonWalker;
  private readonly inner: XmlEventScanner;
  private items: ScanItem[] = [];
  private pending: JsonRecord[] = [];
  private pendingBytes = 0;
  private arena: Buffer = Buffer.alloc(0);
  /** The records in the buffer being read, and the event scanner's offset of that buffer's byte 0. */
  private carried: Carried[] = [];
  private carriedBase = 0;
  /** How many of the carried records have failure text in their message. */
  private forcedCount = 0;
  /** The event scanner's offset of the next byte pushed to it. */
  private next = 0;
  private sawXml = false;

  constructor(private readonly limits: ScanLimits) {
    this.walker = new JsonWalker(this, limits.maxEventBytes);
    this.inner = new XmlEventScanner({
      ...limits,
      noEventLimit: Number.MAX_SAFE_INTEGER,
      mustDecode: (at) => this.forcedCount > 0 && this.carrying(at)?.mustDecode === true,
    });
  }

  get events(): number {
    return this.inner.events;
  }

  get latest(): LatestTime {
    return this.inner.latest;
  }

  get retainedFrom(): number {
    return this.walker.retainedFrom;
  }

  get shape(): JsonShape {
    if (this.walker.sawEnvelope) return 'cloudwatch-logs';
    if (this.walker.sawArray) return 'json-array';
    return this.walker.concatenated ? 'json-concatenated' : 'json-lines';
  }

  /** The input starts after this much white space (never pushed: it says nothing). */
  skip(bytes: number): void {
    this.walker.skip(bytes);
  }

  push(chunk: Buffer): ScanItem[] {
    this.items = [];
    if (!this.stopped) this.walker.push(chunk);
    this.flush();
    return this.items;
  }

  end(): ScanItem[] {
    this.items = [];
    if (!this.stopped) this.walker.end();
    this.flush();
    this.stopped = true;
    return this.items;
  }

  recordStart(offset: number): boolean {
    if (this.sawXml || offset < this.limits.noEventLimit) return true;
    const limit = this.limits.noEventLimit;
    this.error(
      limit,
      `no event XML in the first ${limit} bytes of JSON records: this is not Windows event data; stopped`,
      true,
    );
    this.stopped = true;
    return false;
  }

  record(record: JsonRecord, cut: boolean): void {
    if (record.skipped || this.stopped) return;
    if (record.xml) {
      this.sawXml = true;
      this.eventField ??= record.xmlField;
      this.pending.push(record);
      this.pendingBytes += record.xml.length + SEPARATOR;
    } else if (!record.container && !record.reported && !cut) {
      this.error(record.offset, record.missingReason);
    }
    if (cut && !(record.container && !record.xml))
      this.error(record.offset, 'JSON record is truncated: the input ends inside it');
  }

  error(offset: number, reason: string, fatal = false): void {
    this.flush();
    this.items.push(readerError(offset, reason, fatal));
  }

  /**
   * Unescapes the pending records' XML into one buffer and reads it; each record's XML is cut where its
   * string ends, so an event its shipper cut short (no `</Event>`) is reported there and never runs into
   * the next record's.
   */
  private flush(): void {
    const records = this.pending;
    this.pending = [];
    const size = this.pendingBytes;
    this.pendingBytes = 0;
    if (records.length === 0 || this.stopped) return;
    // Each XML's text is never longer than its escaped form. The event scanner keeps nothing of what
    // it read once cut, so the buffer is reused.
    if (this.arena.length < size) this.arena = Buffer.allocUnsafe(Math.max(size, 2 * this.arena.length));
    const buf = this.arena;
    const forced = messagesWithFailureText(records);
    let from = 0;
    let at = 0;
    for (const [index, record] of records.entries()) {
      const xml = record.xml as Buffer;
      const start = at;
      const end = record.xmlEscaped
        ? unescapeInto(xml, 0, xml.length, buf, start)
        : start + xml.copy(buf, start);
      if (end < 0) {
        this.read(buf, from, start);
        this.items.push(
          readerError(record.offset, 'the JSON string holding the event XML has an invalid escape: skipped'),
        );
        from = start;
        continue;
      }
      buf.fill(0x20, end, end + SEPARATOR);
      at = end + SEPARATOR;
      const mustDecode = forced.has(index);
      if (mustDecode) this.forcedCount++;
      this.carried.push({ start, end: at, record, mustDecode });
      if (!endsWithEndTag(buf, start, end)) {
        this.read(buf, from, at);
        from = at;
      }
    }
    this.read(buf, from, at);
  }

  /** Reads buf[from, to) with the event scanner and hands its items on with their records' offsets. */
  private read(buf: Buffer, from: number, to: number): void {
    if (to > from && !this.stopped) {
      this.carriedBase = this.next - from;
      const found = this.inner.push(buf.subarray(from, to));
      found.push(...this.inner.cut('event is truncated: its JSON string ends before </Event>'));
      for (const item of found) this.items.push(this.onRecord(item));
      this.next += to - from;
      if (this.inner.rejected) {
        this.rejected = true;
        this.stopped = true;
        this.walker.stopped = true;
      }
    }
    this.carried = [];
    this.forcedCount = 0;
  }

  private onRecord(item: ScanItem): ScanItem {
    const carried = this.carrying(item.offset);
    if (!carried) return item;
    const { record } = carried;
    if (item.kind === 'event') return { ...item, offset: record.offset, record };
    const reason = `in the JSON field ${record.xmlField || '(array element)'}: ${item.reason}`;
    return { ...(item as ReaderError), offset: record.offset, reason };
  }

  /** The record whose XML holds the event scanner's offset `at`. */
  private carrying(offset: number): Carried | undefined {
    const at = offset - this.carriedBase;
    const carried = this.carried;
    let lo = 0;
    let hi = carried.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = carried[mid] as Carried;
      if (at < c.start) hi = mid - 1;
      else if (at >= c.end) lo = mid + 1;
      else return c;
    }
    return carried[Math.min(Math.max(hi, 0), carried.length - 1)];
  }
}

/** Whether the XML's last non-blank bytes are `</Event>`: then no event of it runs into the next. */
function endsWithEndTag(buf: Buffer, start: number, end: number): boolean {
  let last = end;
  while (last > start) {
    const c = buf[last - 1];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    last--;
  }
  if (last - start < 8) return false;
  // Byte by byte: a native compare per record cost more.
  for (let k = 0; k < 8; k++) if (buf[last - 8 + k] !== END_TAG[k]) return false;
  return true;
}
