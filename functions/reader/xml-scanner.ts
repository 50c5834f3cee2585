import { type ReaderError, readerError } from './errors.ts';
import {
  eventIdAt,
  findEnd,
  findEventId,
  findStart,
  isSpace,
  startAt,
  startTagBefore,
} from './event-boundaries.ts';
import { validateGap } from './gap.ts';
import type { JsonRecord } from './json-record.ts';
import { LatestTime } from './latest-time.ts';
import {
  binaryCarriesFailureText,
  carriesFailureText,
  findDeclaration,
  findHits,
  HitKind,
  SIGNAL_EVENT_IDS,
  worthDecoding,
} from './prefilter.ts';
import { decodeEntities } from './xml-element.ts';

/** A complete `<Event>…</Event>` worth decoding; offset is in the UTF-8 text the scanner reads. */
export interface ScannedEvent {
  kind: 'event';
  offset: number;
  bytes: Buffer;
  /** The JSON record that carried the event: every offset is the record's, and it may add a message. */
  record?: JsonRecord;
}
export type ScanItem = ScannedEvent | ReaderError;

export interface ScanLimits {
  /** Decode every event, not only those that can be signals. */
  decodeAll: boolean;
  /** Largest event (or run of junk between events) kept in memory. */
  maxEventBytes: number;
  /** Give up on an object that has no `<Event` in its first bytes: it is not event XML. */
  noEventLimit: number;
  /** Track the latest TimeCreated of every event, decoded or not (costs one short search per event). */
  latestTime?: boolean;
  /** Decode the event starting at this offset whatever its bytes say (its JSON record's message has failure text). */
  mustDecode?: (offset: number) => boolean;
}

const REFUSED = 'declaration refused: hivewatch never expands DTDs or entities; the whole object is rejected';

/**
 * Finds events in XML text that arrives in chunks cut anywhere. It hops from `<Event` to `</Event>`
 * with native searches, then gives all complete events of a chunk one regex pass for failure text,
 * Binary, and start tags of events cut short by the next one. Only candidates are handed on.
 * Memory holds one partial event or gap at most (maxEventBytes), whatever the object's size.
 */
export class XmlEventScanner {
  events = 0;
  stopped = false;
  rejected = false;
  /** Latest TimeCreated seen (normalised), when limits.latestTime is on. */
  readonly latest = new LatestTime();
  private buf: Buffer = Buffer.alloc(0);
  /** Absolute offset of buf[0]. */
  private base = 0;
  /** Where to look next: for a start when no event is open, else for its end. */
  private sweepAt = 0;
  private openStart = -1;
  private gapStart = 0;
  private gapReported = false;
  private sawEvent = false;
  /** Every byte before this has been searched for `<!DOCTYPE` / `<!ENTITY`. */
  private declarationsAt = 0;
  /** The byte just before buf[0] (dropped by trim), for a `<!` cut between chunks. */
  private byteBefore = -1;

  constructor(private readonly limits: ScanLimits) {}

  push(chunk: Buffer): ScanItem[] {
    if (this.stopped) return [];
    const items: ScanItem[] = [];
    let rest = chunk;
    if (this.openStart >= 0) {
      // Finish the event cut by the chunk boundary with a small copy, then read the chunk in place.
      const cut = endAfterBoundary(this.buf, chunk);
      if (cut > 0 && cut < chunk.length) {
        this.buf = Buffer.concat([this.buf, chunk.subarray(0, cut)]);
        this.scan(items);
        rest = chunk.subarray(cut);
      }
    }
    if (!this.stopped) {
      this.buf = this.buf.length === 0 ? rest : Buffer.concat([this.buf, rest]);
      this.scan(items);
    }
    // A gap error found while sweeping may follow events completed earlier in the same chunk.
    return items.length > 1 ? items.sort((a, b) => a.offset - b.offset) : items;
  }

  private scan(items: ScanItem[], final = false): void {
    const declaration = this.findDeclarations(final);
    if (declaration >= 0) {
      // Read what comes before the declaration, then refuse the whole object.
      const whole = this.buf;
      this.buf = whole.subarray(0, declaration);
      this.sweep(items);
      this.buf = whole;
      if (!this.stopped) this.refuse(declaration, `${declarationAt(whole, declaration)} ${REFUSED}`, items);
      return;
    }
    this.sweep(items);
    this.trim();
  }

  /** Searches each byte once; a `<!` cut by the end of the chunk is searched again with the next. */
  private findDeclarations(final: boolean): number {
    const search = findDeclaration(this.buf, this.declarationsAt, final, this.byteBefore);
    this.declarationsAt = search.resumeAt;
    return search.at;
  }

  /** Input is over: what is still open was cut. */
  end(): ScanItem[] {
    if (this.stopped) return [];
    const items = this.push(Buffer.alloc(8, 32));
    if (this.stopped) return items;
    this.scan(items, true);
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

  /**
   * One unit of input (a JSON string) is over: an event still open in it was cut short, and the next
   * unit starts afresh. Input pushed before should end with white space, so that no tag waits for more.
   */
  cut(reason: string): ScanItem[] {
    if (this.stopped) return [];
    const items: ScanItem[] = [];
    this.scan(items, true);
    if (this.stopped) return items;
    if (this.openStart >= 0) items.push(readerError(this.base + this.openStart, reason));
    else if (!this.gapReported) this.checkGap(this.buf.length, true, items);
    this.openStart = -1;
    this.gapStart = this.buf.length;
    this.gapReported = false;
    this.sweepAt = this.buf.length;
    this.trim();
    return items;
  }

  /** The input starts after this much white space (never pushed: it says nothing). */
  skip(bytes: number): void {
    this.base += bytes;
    if (bytes > 0) this.byteBefore = 0x20;
  }

  /** Absolute offset below which nothing is needed any more (for offset maps). */
  get retainedFrom(): number {
    return this.base;
  }

  private sweep(items: ScanItem[]): void {
    const buf = this.buf;
    const completed: number[] = [];
    for (;;) {
      if (this.openStart < 0) {
        const s = startAt(buf, this.sweepAt) ?? findStart(buf, this.sweepAt);
        if (s < 0) {
          this.sweepAt = Math.max(this.sweepAt, buf.length - 6);
          break;
        }
        if (!this.startEvent(s, items)) {
          if (completed.length > 0) this.emitCompleted(completed, items);
          return;
        }
        this.sweepAt = s + 6;
      }
      const e = findEnd(buf, this.sweepAt);
      if (e < 0) {
        this.sweepAt = Math.max(this.sweepAt, buf.length - 7);
        break;
      }
      completed.push(this.openStart, e + 8);
      this.openStart = -1;
      this.gapStart = e + 8;
      this.gapReported = false;
      this.sweepAt = e + 8;
    }
    if (completed.length > 0 && !this.emitCompleted(completed, items)) return;
    this.boundMemory(items);
  }

  /** A new `<Event` at s: the gap before it is complete. */
  private startEvent(s: number, items: ScanItem[]): boolean {
    if (!this.gapReported) {
      const limit = this.sawEvent ? s : Math.min(s, this.limits.noEventLimit - this.base);
      if (!this.checkGap(limit, true, items)) return false;
    }
    if (!this.sawEvent && this.base + s >= this.limits.noEventLimit) return this.giveUp(items);
    this.sawEvent = true;
    this.openStart = s;
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

  private refuse(at: number, reason: string, items: ScanItem[]): false {
    items.push(readerError(this.base + at, reason, true));
    this.rejected = true;
    this.stopped = true;
    return false;
  }

  private giveUp(items: ScanItem[]): boolean {
    const limit = this.limits.noEventLimit;
    items.push(
      readerError(
        limit,
        `no <Event> in the first ${limit} bytes: this is not Windows event XML; stopped`,
        true,
      ),
    );
    this.stopped = true;
    return false;
  }

  /** Decides which complete events to hand on, with one pattern pass over all of them. */
  private emitCompleted(completed: number[], items: ScanItem[]): boolean {
    const buf = this.buf;
    const from = completed[0] as number;
    const to = completed[completed.length - 1] as number;
    const hits = findHits(buf, from, to);
    let k = 0;
    let idAt = -1;
    for (let c = 0; c < completed.length; c += 2) {
      let start = completed[c] as number;
      const end = completed[c + 1] as number;
      let candidate = false;
      let references = false;
      for (; k < hits.positions.length && (hits.positions[k] as number) < end; k++) {
        const at = hits.positions[k] as number;
        const kind = hits.kinds[k];
        if (kind === HitKind.StartTag) {
          // A second start tag inside: the event before it was cut short; what follows is the real event.
          const inner = at - start < 16 ? -1 : startTagBefore(buf, at, start + 1);
          if (inner > start) {
            items.push(readerError(this.base + start, cutShort(inner - start, this.limits.maxEventBytes)));
            start = inner;
            candidate = false;
            references = false;
          }
        } else if (kind === HitKind.Text || (kind === HitKind.Binary && binaryHit(buf, at, end))) {
          candidate = true;
        } else if (kind === HitKind.CharacterReference) {
          references = true;
        }
      }
      if (end - start > this.limits.maxEventBytes) {
        items.push(readerError(this.base + start, tooLarge(this.limits.maxEventBytes)));
        continue;
      }
      this.events++;
      if (this.limits.latestTime) this.latest.see(buf, start, end);
      // One search serves every event up to the EventID it found: no rescans when events lack one.
      if (idAt < start) idAt = findEventId(buf, start);
      const id = eventIdAt(buf, idAt, end);
      // No readable EventID: decode it so that the parser says what is wrong.
      if (references && !candidate) candidate = referencedText(buf, start, end);
      const decode =
        candidate ||
        this.limits.decodeAll ||
        id < 0 ||
        (SIGNAL_EVENT_IDS.has(id) && worthDecoding(buf, start, end, id)) ||
        this.limits.mustDecode?.(this.base + start) === true;
      if (decode) {
        // A copy: a view would keep the whole chunk alive for as long as the event is held.
        items.push({
          kind: 'event',
          offset: this.base + start,
          bytes: Buffer.from(buf.subarray(start, end)),
        });
      }
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
    // Past maxEventBytes, and far enough that a start tag's xmlns= within it is in buf: as if it had ended here.
    if (this.openStart >= 0 && size - this.openStart > this.limits.maxEventBytes + START_TAG_REACH) {
      this.cutAtInnerStarts(items);
    }
    if (this.openStart >= 0 && size - this.openStart > this.limits.maxEventBytes + START_TAG_REACH) {
      items.push(readerError(this.base + this.openStart, tooLarge(this.limits.maxEventBytes)));
      this.openStart = -1;
      this.gapStart = this.sweepAt;
      this.gapReported = true;
    } else if (this.openStart < 0 && !this.gapReported && size - this.gapStart > this.limits.maxEventBytes) {
      const before = this.gapStart;
      this.checkGap(Math.min(this.sweepAt, size - 8), false, items);
      // Nothing consumed: an unclosed comment or declaration bigger than any event. Junk, not memory.
      if (!this.gapReported && this.gapStart === before) {
        items.push(
          readerError(this.base + before, 'unexpected content between events (not event XML): skipped'),
        );
        this.gapReported = true;
      }
    }
  }

  /**
   * The open event's start tags (an event cut short by the next one), found as emitCompleted finds them: each ends
   * the event before it with an error, so that a read in any chunking agrees. Called once the open event is past
   * maxEventBytes + START_TAG_REACH, so that every start tag within maxEventBytes of it is in buf.
   */
  private cutAtInnerStarts(items: ScanItem[]): void {
    const buf = this.buf;
    const to = Math.min(buf.length, this.openStart + this.limits.maxEventBytes + START_TAG_REACH);
    const text = buf.toString('latin1', this.openStart, to);
    const base = this.openStart;
    for (const m of text.matchAll(/xmlns=/gi)) {
      const at = base + m.index;
      if (at - this.openStart < 16) continue;
      const inner = startTagBefore(buf, at, this.openStart + 1);
      if (inner <= this.openStart) continue;
      items.push(
        readerError(this.base + this.openStart, cutShort(inner - this.openStart, this.limits.maxEventBytes)),
      );
      this.openStart = inner;
      this.sweepAt = Math.max(this.sweepAt, inner);
    }
  }

  /** Keeps only the open event, or the gap not yet validated, or the tail where a start tag may be cut. */
  private trim(): void {
    if (this.stopped) return;
    let keep = this.openStart >= 0 ? this.openStart : this.gapStart;
    if (this.openStart < 0 && this.gapReported) keep = Math.max(keep, this.sweepAt);
    keep = Math.min(keep, this.sweepAt, this.declarationsAt);
    if (keep <= 0) return;
    this.byteBefore = this.buf[keep - 1] as number;
    this.buf = this.buf.subarray(keep);
    this.base += keep;
    this.sweepAt -= keep;
    if (this.openStart >= 0) this.openStart -= keep;
    this.gapStart = Math.max(this.gapStart - keep, 0);
    this.declarationsAt -= keep;
  }
}

function declarationAt(buf: Buffer, at: number): string {
  return `<!${/^<!([A-Za-z]+)/.exec(buf.toString('latin1', at, at + 10))?.[1]?.toUpperCase() ?? ''}>`;
}

/** Bytes past an `<Event` within which its whole xmlns= lies (startTagBefore looks 64 back from it). */
const START_TAG_REACH = 72;

/** An event cut short by the next start tag: too large when the part before it is. */
function cutShort(length: number, max: number): string {
  return length > max ? tooLarge(max) : 'event is truncated: a new <Event> starts before its </Event>';
}

function tooLarge(max: number): string {
  return `event is larger than ${max} bytes (maxEventBytes): skipped`;
}

/** How many bytes of chunk complete the event open in pending (its `</Event>` may straddle the two); -1 if none. */
function endAfterBoundary(pending: Buffer, chunk: Buffer): number {
  const head = Buffer.concat([pending.subarray(-7), chunk.subarray(0, 7)]);
  const straddling = findEnd(head, 1);
  if (straddling >= 0) return straddling + 8 - Math.min(pending.length, 7);
  const e = findEnd(chunk, 1);
  return e < 0 ? -1 : e + 8;
}

/** Failure text written with character references (`ERROR&#95;KEY_DELETED`) is failure text too. */
function referencedText(buf: Buffer, start: number, end: number): boolean {
  return carriesFailureText(decodeEntities(buf.toString('utf8', start, end)));
}

function binaryHit(buf: Buffer, at: number, end: number): boolean {
  const close = buf.indexOf('</', at, 'latin1');
  if (close < 0 || close > end) return false;
  return binaryCarriesFailureText(buf.toString('latin1', at + 7, close));
}
