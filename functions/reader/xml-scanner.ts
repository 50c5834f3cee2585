import { type ReaderError, readerError } from './errors.ts';
import { validateGap } from './gap.ts';
import { binaryCarriesFailureText, findHits, HitKind, SIGNAL_EVENT_IDS } from './prefilter.ts';

/** A complete `<Event>…</Event>` worth decoding; offset is in the UTF-8 text the scanner reads. */
export interface ScannedEvent {
  kind: 'event';
  offset: number;
  bytes: Buffer;
}
export type ScanItem = ScannedEvent | ReaderError;

export interface ScanLimits {
  /** Decode every event, not only those that can be signals. */
  decodeAll: boolean;
  /** Largest event (or run of junk between events) kept in memory. */
  maxEventBytes: number;
  /** Give up on an object that has no `<Event` in its first bytes: it is not event XML. */
  noEventLimit: number;
}

const WORD = Buffer.from('Event', 'latin1');
const LT = 60;
const GT = 62;
const SLASH = 47;
const isSpace = (c: number | undefined) => c === 32 || c === 10 || c === 13 || c === 9;

/**
 * Finds events in XML text arriving in chunks cut anywhere, in one sweep over the word "Event": it
 * sees starts (`<Event `), the `<EventID>` and ends (`</Event>`), and notices an event cut short by the
 * next one. Complete events then get one regex pass for failure text; only candidates are handed on.
 * Memory holds one partial event or gap at most (maxEventBytes), whatever the object's size.
 */
export class XmlEventScanner {
  events = 0;
  stopped = false;
  rejected = false;
  private buf: Buffer = Buffer.alloc(0);
  /** Absolute offset of buf[0]. */
  private base = 0;
  private sweepAt = 0;
  private openStart = -1;
  private openIdAt = -1;
  private gapStart = 0;
  private gapReported = false;
  private sawEvent = false;

  constructor(private readonly limits: ScanLimits) {}

  push(chunk: Buffer): ScanItem[] {
    if (this.stopped) return [];
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const items: ScanItem[] = [];
    this.sweep(items);
    this.trim();
    // Errors found while sweeping may precede events completed earlier in the same chunk.
    return items.length > 1 ? items.sort((a, b) => a.offset - b.offset) : items;
  }

  /** Input is over: what is still open was cut. */
  end(): ScanItem[] {
    if (this.stopped) return [];
    const items = this.push(Buffer.alloc(8, 32));
    if (this.stopped) return items;
    if (this.openStart >= 0) {
      items.push(
        readerError(this.base + this.openStart, 'event is truncated: the input ends before </Event>'),
      );
    } else if (!this.gapReported) {
      this.checkGap(this.buf.length, true, items);
    }
    this.stopped = true;
    return items;
  }

  private sweep(items: ScanItem[]): void {
    const buf = this.buf;
    const completed: number[] = [];
    let p = this.sweepAt;
    for (;;) {
      const h = buf.indexOf(WORD, p);
      if (h < 0) {
        p = Math.max(p, buf.length - 4);
        break;
      }
      if (h + 8 > buf.length) {
        p = h;
        break;
      }
      p = h + 5;
      const prev = buf[h - 1];
      const next = buf[h + 5] as number;
      if (prev === LT) {
        if (isSpace(next) || next === GT || next === SLASH) {
          if (!this.startEvent(h - 1, items)) {
            if (completed.length > 0) this.emitCompleted(completed, items);
            return;
          }
        } else if (next === 73 && buf[h + 6] === 68 && (buf[h + 7] === GT || isSpace(buf[h + 7]))) {
          if (this.openStart >= 0 && this.openIdAt < 0) this.openIdAt = h + 7;
        }
      } else if (prev === SLASH && next === GT && buf[h - 2] === LT && this.openStart >= 0) {
        completed.push(this.openStart, h + 6, this.openIdAt);
        this.openStart = -1;
        this.gapStart = h + 6;
        this.gapReported = false;
      }
    }
    this.sweepAt = p;
    if (completed.length > 0 && !this.emitCompleted(completed, items)) return;
    this.boundMemory(items);
  }

  /** A new `<Event` at s: the gap before it is complete, or the open event was cut short. */
  private startEvent(s: number, items: ScanItem[]): boolean {
    if (this.openStart >= 0) {
      items.push(
        readerError(
          this.base + this.openStart,
          'event is truncated: a new <Event> starts before its </Event>',
        ),
      );
    } else if (!this.gapReported) {
      const limit = this.sawEvent ? s : Math.min(s, this.limits.noEventLimit - this.base);
      if (!this.checkGap(limit, true, items)) return false;
    }
    if (!this.sawEvent && this.base + s >= this.limits.noEventLimit) return this.giveUp(items);
    this.sawEvent = true;
    this.openStart = s;
    this.openIdAt = -1;
    return true;
  }

  /** Validates gap bytes [gapStart, to); false when the object is refused. */
  private checkGap(to: number, final: boolean, items: ScanItem[]): boolean {
    const buf = this.buf;
    let i = this.gapStart;
    while (i < to && isSpace(buf[i])) i++;
    if (i >= to) {
      if (!final) this.gapStart = i;
      return true;
    }
    const verdict = validateGap(buf, i, to, final);
    if (verdict.kind === 'refused') {
      items.push(
        readerError(
          this.base + verdict.at,
          `<!${verdict.declaration}> declaration refused: hivewatch never expands DTDs or entities; the whole object is rejected`,
          true,
        ),
      );
      this.rejected = true;
      this.stopped = true;
      return false;
    }
    if (verdict.kind === 'junk') {
      items.push(
        readerError(this.base + verdict.at, 'unexpected content between events (not event XML): skipped'),
      );
      this.gapReported = true;
    } else if (!final) {
      this.gapStart = verdict.consumedTo;
    }
    return true;
  }

  private giveUp(items: ScanItem[]): boolean {
    items.push(
      readerError(
        this.limits.noEventLimit,
        `no <Event> in the first ${this.limits.noEventLimit} bytes: this is not Windows event XML; stopped`,
        true,
      ),
    );
    this.stopped = true;
    return false;
  }

  /** Decides which complete events to hand on, with one pattern pass over all of them. */
  private emitCompleted(completed: number[], items: ScanItem[]): boolean {
    const buf = this.buf;
    const hits = findHits(buf, completed[0] as number, completed[completed.length - 2] as number);
    let k = 0;
    for (let c = 0; c < completed.length; c += 3) {
      const start = completed[c] as number;
      const end = completed[c + 1] as number;
      const idAt = completed[c + 2] as number;
      if (end - start > this.limits.maxEventBytes) {
        items.push(readerError(this.base + start, tooLarge(this.limits.maxEventBytes)));
        continue;
      }
      this.events++;
      while (k < hits.positions.length && (hits.positions[k] as number) < start) k++;
      const id = idAt < 0 ? -1 : eventIdAt(buf, idAt);
      // No readable EventID: decode it so the parser says what is wrong.
      let candidate = this.limits.decodeAll || id < 0 || SIGNAL_EVENT_IDS.has(id);
      for (; k < hits.positions.length && (hits.positions[k] as number) < end; k++) {
        const kind = hits.kinds[k];
        if (kind === HitKind.Declaration) {
          items.push(
            readerError(
              this.base + (hits.positions[k] as number),
              'markup declaration inside an event refused: hivewatch never expands DTDs or entities; the whole object is rejected',
              true,
            ),
          );
          this.rejected = true;
          this.stopped = true;
          return false;
        }
        if (kind === HitKind.Text || (!candidate && binaryHit(buf, hits.positions[k] as number, end)))
          candidate = true;
      }
      if (candidate)
        items.push({ kind: 'event', offset: this.base + start, bytes: buf.subarray(start, end) });
    }
    return true;
  }

  /** Keeps at most one partial event or a bounded run of junk. */
  private boundMemory(items: ScanItem[]): void {
    const size = this.buf.length;
    if (!this.sawEvent && this.base + this.sweepAt > this.limits.noEventLimit) {
      if (!this.gapReported) this.checkGap(this.limits.noEventLimit - this.base, true, items);
      if (!this.stopped) this.giveUp(items);
      return;
    }
    if (this.openStart >= 0 && size - this.openStart > this.limits.maxEventBytes) {
      items.push(readerError(this.base + this.openStart, tooLarge(this.limits.maxEventBytes)));
      this.openStart = -1;
      this.gapStart = this.sweepAt;
      this.gapReported = true;
    } else if (this.openStart < 0 && !this.gapReported && size - this.gapStart > this.limits.maxEventBytes) {
      this.checkGap(Math.min(this.sweepAt, size - 8), false, items);
    }
  }

  private trim(): void {
    if (this.stopped) return;
    let keep = this.openStart >= 0 ? this.openStart : this.gapStart;
    if (this.openStart < 0 && this.gapReported) keep = Math.max(keep, this.sweepAt - 2);
    keep = Math.min(keep, this.sweepAt - 2);
    if (keep <= 0) return;
    this.buf = this.buf.subarray(keep);
    this.base += keep;
    this.sweepAt -= keep;
    if (this.openStart >= 0) this.openStart -= keep;
    if (this.openIdAt >= 0) this.openIdAt -= keep;
    this.gapStart = Math.max(this.gapStart - keep, 0);
  }

  /** Absolute offset below which nothing is needed any more (for offset maps). */
  get retainedFrom(): number {
    return this.base;
  }
}

function tooLarge(max: number): string {
  return `event is larger than ${max} bytes (maxEventBytes): skipped`;
}

/** The number after `<EventID ...>`, or -1. */
function eventIdAt(buf: Buffer, from: number): number {
  let i = from;
  while (i < buf.length && buf[i] !== GT) i++;
  i++;
  while (isSpace(buf[i])) i++;
  let value = 0;
  let digits = 0;
  for (let c = buf[i] as number; c >= 48 && c <= 57 && digits < 6; c = buf[++i] as number, digits++) {
    value = value * 10 + c - 48;
  }
  return digits === 0 ? -1 : value;
}

function binaryHit(buf: Buffer, at: number, end: number): boolean {
  const close = buf.indexOf('</', at + 8, 'latin1');
  if (close < 0 || close > end) return false;
  return binaryCarriesFailureText(buf.toString('latin1', at + 8, close));
}
