import { type ReaderError, readerError } from './errors.ts';
import type { JsonRecord } from './json-record.ts';
import { JsonWalker, type WalkerSink } from './json-walker.ts';
import type { LatestTime } from './latest-time.ts';
import { type ScanItem, type ScanLimits, XmlEventScanner } from './xml-scanner.ts';

export type JsonShape = 'json-lines' | 'json-concatenated' | 'json-array' | 'cloudwatch-logs';

/** One record's XML in the text the event scanner reads: [start, end) there. */
interface Carried {
  start: number;
  end: number;
  record: JsonRecord;
  mustDecode: boolean;
}

const END_TAG = Buffer.from('</Event>', 'latin1');
const SEPARATOR = Buffer.alloc(8, 0x20);

/**
 * Events carried in JSON records, whichever shipper wrote them (see JsonWalker for the layouts). The
 * XML strings of the records completed in a chunk go to one XmlEventScanner in one push, so JSON
 * objects get the same prefilter, limits and refusals as XML objects. Every event and error of a record
 * reports the record's offset: the `{` that opens it (a CloudWatch Logs log event's own `{`).
 */
export class JsonRecordScanner implements WalkerSink {
  stopped = false;
  rejected = false;
  /** The field the first event XML was taken from (`System`, `xml`, `event.original`…). */
  eventField: string | undefined;
  private readonly walker: JsonWalker;
  private readonly inner: XmlEventScanner;
  private items: ScanItem[] = [];
  private batch: Carried[] = [];
  private batchBytes: Buffer[] = [];
  /** Offset in the event scanner's text of the next byte pushed to it. */
  private next = 0;
  private sawXml = false;

  constructor(private readonly limits: ScanLimits) {
    this.walker = new JsonWalker(this, limits.maxEventBytes);
    this.inner = new XmlEventScanner({
      ...limits,
      noEventLimit: Number.MAX_SAFE_INTEGER,
      mustDecode: (at) => this.carrying(at)?.mustDecode === true,
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
      this.carry(record);
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

  /** Queues a record's XML; XML that does not end its string with `</Event>` is read alone and cut there. */
  private carry(record: JsonRecord): void {
    const xml = record.xml as Buffer;
    const carried: Carried = {
      start: this.next + this.pendingBytes(),
      end: 0,
      record,
      mustDecode: record.messageHasFailureText,
    };
    if (endsWithEndTag(xml)) {
      carried.end = carried.start + xml.length + SEPARATOR.length;
      this.batch.push(carried);
      this.batchBytes.push(xml, SEPARATOR);
      return;
    }
    this.flush();
    carried.start = this.next;
    carried.end = carried.start + xml.length + SEPARATOR.length;
    this.batch.push(carried);
    this.batchBytes.push(xml, SEPARATOR);
    this.flush('event is truncated: its JSON string ends before </Event>');
  }

  private pendingBytes(): number {
    const last = this.batch.at(-1);
    return last ? last.end - this.next : 0;
  }

  /** Reads the queued XML, and hands its items on with their records' offsets. */
  private flush(cut?: string): void {
    if (this.batch.length === 0) return;
    const bytes =
      this.batchBytes.length === 1 ? (this.batchBytes[0] as Buffer) : Buffer.concat(this.batchBytes);
    const found = this.inner.push(bytes);
    if (cut !== undefined) found.push(...this.inner.cut(cut));
    for (const item of found) this.items.push(this.carried(item));
    this.next += bytes.length;
    this.batch = [];
    this.batchBytes = [];
    if (this.inner.rejected) {
      this.rejected = true;
      this.stopped = true;
      this.walker.stopped = true;
    }
  }

  private carried(item: ScanItem): ScanItem {
    const carried = this.carrying(item.offset);
    if (!carried) return item;
    const { record } = carried;
    if (item.kind === 'event') return { ...item, offset: record.offset, record };
    const reason = `in the JSON field ${record.xmlField || '(array element)'}: ${item.reason}`;
    return { ...(item as ReaderError), offset: record.offset, reason };
  }

  /** The queued record whose XML holds the event scanner's offset `at`. */
  private carrying(at: number): Carried | undefined {
    const batch = this.batch;
    let lo = 0;
    let hi = batch.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = batch[mid] as Carried;
      if (at < c.start) hi = mid - 1;
      else if (at >= c.end) lo = mid + 1;
      else return c;
    }
    return batch[Math.min(Math.max(hi, 0), batch.length - 1)];
  }
}

/** Whether the XML's last non-blank bytes are `</Event>`: then no event of it can run into the next. */
function endsWithEndTag(xml: Buffer): boolean {
  let end = xml.length;
  while (end > 0) {
    const c = xml[end - 1];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    end--;
  }
  return end >= 8 && xml.compare(END_TAG, 0, 8, end - 8, end) === 0;
}
