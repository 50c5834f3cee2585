import { readerError } from './errors.ts';
import { LatestTime } from './latest-time.ts';
import { type ScanItem, type ScanLimits, XmlEventScanner } from './xml-scanner.ts';

const NL = 10;

/**
 * Fluent Bit's `winevtlog` records as JSON lines: the whole event XML is the string in the field
 * `System`; the other fields (Message, StringInserts, and `date`, which is collection time, not event
 * time) are ignored. Each record's XML goes through the same event scanner as plain XML.
 */
export class JsonLinesScanner {
  events = 0;
  stopped = false;
  rejected = false;
  readonly latest = new LatestTime();
  private pending: Buffer = Buffer.alloc(0);
  private base = 0;
  private skippingLongLine = false;

  constructor(private readonly limits: ScanLimits) {}

  push(chunk: Buffer): ScanItem[] {
    if (this.stopped) return [];
    const buf = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const items: ScanItem[] = [];
    let start = 0;
    for (let nl = buf.indexOf(NL, start); nl >= 0 && !this.stopped; nl = buf.indexOf(NL, start)) {
      if (this.skippingLongLine) this.skippingLongLine = false;
      else this.record(buf.subarray(start, nl), this.base + start, items);
      start = nl + 1;
    }
    this.pending = buf.subarray(start);
    this.base += start;
    if (this.pending.length > this.limits.maxEventBytes && !this.skippingLongLine) {
      items.push(readerError(this.base, tooLong(this.limits.maxEventBytes)));
      this.skippingLongLine = true;
    }
    if (this.skippingLongLine) {
      this.base += this.pending.length;
      this.pending = Buffer.alloc(0);
    }
    return items;
  }

  /** Absolute offset below which nothing is needed any more (for offset maps). */
  get retainedFrom(): number {
    return this.base;
  }

  end(): ScanItem[] {
    const items = this.push(Buffer.from('\n'));
    this.stopped = true;
    return items;
  }

  private record(line: Buffer, offset: number, items: ScanItem[]): void {
    // The same verdict whether the long line arrived whole or in pieces.
    if (line.length > this.limits.maxEventBytes) {
      items.push(readerError(offset, tooLong(this.limits.maxEventBytes)));
      return;
    }
    const text = line.toString('utf8').trim();
    if (text.length === 0) return;
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (err) {
      items.push(readerError(offset, `line is not a JSON record: ${(err as Error).message}`));
      return;
    }
    const xml = (record as { System?: unknown } | null)?.System;
    if (typeof xml !== 'string') {
      items.push(readerError(offset, 'JSON record has no string field "System" holding the event XML'));
      return;
    }
    const inner = new XmlEventScanner({ ...this.limits, noEventLimit: Number.MAX_SAFE_INTEGER });
    const found = [...inner.push(Buffer.from(xml, 'utf8')), ...inner.end()];
    this.events += inner.events;
    this.latest.merge(inner.latest);
    for (const item of found) {
      if (item.kind === 'event') items.push({ ...item, offset });
      else items.push({ ...item, offset, reason: `in the JSON record's System field: ${item.reason}` });
    }
    if (inner.rejected) {
      this.rejected = true;
      this.stopped = true;
    }
  }
}

function tooLong(max: number): string {
  return `JSON record longer than ${max} bytes: skipped`;
}
