import { type RecordFindings, readRecord } from './json-fast-record.ts';
import { KeyNames } from './json-keys.ts';
import { JsonRecord } from './json-record.ts';
import { ResyncPoints } from './json-resync.ts';
import { skipContainer } from './json-skip.ts';
import { Backslashes, closingQuote, endsEscaped, startsWithEvent } from './json-strings.ts';

/** Where the walker reports what it finds, in the order of the bytes. */
export interface WalkerSink {
  /** A record starts at offset; false stops the walk (the scanner gives up). */
  recordStart(offset: number): boolean;
  /** A record is complete (or cut short by the end of the input: `cut`). */
  record(record: JsonRecord, cut: boolean): void;
  error(offset: number, reason: string): void;
}

const OBJECT = 0x7b;
const ARRAY = 0x5b;
const Expect = { Top: 0, Value: 1, ValueOrClose: 2, Key: 3, KeyOrClose: 4, Colon: 5, Comma: 6 } as const;
type Expect = (typeof Expect)[keyof typeof Expect];
/** What a string is to the record: nothing, a key, its XML, its rendered message, its messageType. */
const Role = { Skip: 0, Key: 1, Xml: 2, Message: 3, Type: 4, Undecided: 5 } as const;
type Role = (typeof Role)[keyof typeof Role];

const MAX_DEPTH = 64;
/** Records read token by token after one the fast reading gave back, before it is tried again. */
const FAST_PAUSE = 16;
const MAX_KEY_BYTES = 128;
/** Bytes of a string gathered before it is told whether it holds an event. */
const PREFIX_BYTES = 64;

/** fastRecord: the record is left to the token-by-token reading. */
const NOT_READ = -2;

const isScalar = (c: number) =>
  (c >= 0x30 && c <= 0x39) ||
  (c >= 0x61 && c <= 0x7a) ||
  (c >= 0x41 && c <= 0x5a) ||
  c === 0x2d ||
  c === 0x2b ||
  c === 0x2e;

/**
 * Walks JSON records cut anywhere: one per line, back to back with no delimiter (Firehose), or the
 * elements of a top-level array (Vector's default framing). Strings are skipped with native searches
 * for their closing quote; only the few a record needs are kept: the first holding an `<Event`, the
 * rendered message, and a CloudWatch Logs envelope's messageType. A malformed record is reported where
 * it breaks and the walk goes on at the next line or record. Memory holds one record's strings at most.
 */
export class JsonWalker {
  stopped = false;
  /** Shape facts: records seen, any top-level array, any CloudWatch Logs envelope, any record not on a line of its own. */
  records = 0;
  sawArray = false;
  sawEnvelope = false;
  concatenated = false;

  private stack: number[] = [];
  /** The key of the member being read, per open container ('' in arrays). */
  private keys: string[] = [];
  private expect: Expect = Expect.Top;
  /** Absolute offset of the current chunk's first byte. */
  private base = 0;
  private newline = true;
  private readonly resync = new ResyncPoints();
  private readonly names = new KeyNames();
  private readonly backslashes = new Backslashes();

  private record: JsonRecord | undefined;
  /** Depth at which records sit: 0, or 1 inside a top-level array. */
  private recordAt = 0;
  private batch = false;
  /** An envelope's log event being read, and the depth at which its log events sit (-1: none). */
  private sub: JsonRecord | undefined;
  private subAt = -1;

  private inString = false;
  private inScalar = false;
  private isKey = false;
  private role: Role = Role.Skip;
  private escaped = false;
  private pieces: Buffer[] = [];
  private pieceBytes = 0;
  private stringKey = '';
  private stringAtLevel = false;
  private lastPath: { keys: string[]; path: string } = { keys: [], path: '' };
  /** Records left to read token by token before readRecord is tried again. */
  private fastPause = 0;
  private lastField = { outer: '', inner: '', path: '' };

  constructor(
    private readonly sink: WalkerSink,
    private readonly maxStringBytes: number,
  ) {}

  /** Offset of the first byte a later report may still name. */
  get retainedFrom(): number {
    return this.record?.offset ?? this.base;
  }

  /** The input starts after this much white space. */
  skip(bytes: number): void {
    this.base += bytes;
  }

  push(buf: Buffer): void {
    let i = 0;
    if (this.inString) i = this.continueString(buf, 0);
    else if (this.inScalar) i = this.scalar(buf, 0);
    while (i >= 0 && i < buf.length && !this.stopped) {
      if (this.resync.active) {
        i = this.resume(buf, i);
        continue;
      }
      const c = buf[i] as number;
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        if (c === 0x0a && this.stack.length === 0) this.newline = true;
        i++;
        continue;
      }
      i = this.token(buf, i, c);
    }
    this.base += buf.length;
    this.resync.passed(buf);
  }

  /** The input is over: a record still open was cut short. */
  end(): void {
    if (this.stopped) return;
    if (this.sub) this.sink.record(this.sub, true);
    // An envelope cut between its log events: no log event was cut, but those after the cut are lost.
    else if (this.record?.container)
      this.sink.error(this.record.offset, 'JSON record is truncated: the input ends inside it');
    if (this.record) this.sink.record(this.record, true);
    this.reset();
    this.stopped = true;
  }

  private token(buf: Buffer, i: number, c: number): number {
    switch (this.expect) {
      case Expect.Top:
        if (c === OBJECT) {
          const next = this.fastRecord(buf, i);
          return next === NOT_READ ? this.value(buf, i, c) : next;
        }
        if (c === ARRAY) {
          this.sawArray = true;
          this.enterArray();
          return i + 1;
        }
        return this.fail(i, 'unexpected content between JSON records (not a JSON record): skipped');
      case Expect.ValueOrClose:
        if (c === 0x5d) return this.close(i, c);
        return this.value(buf, i, c);
      case Expect.Value:
        return this.value(buf, i, c);
      case Expect.KeyOrClose:
        if (c === 0x7d) return this.close(i, c);
        return c === 0x22 ? this.string(buf, i, true) : this.malformed(i, c);
      case Expect.Key:
        return c === 0x22 ? this.string(buf, i, true) : this.malformed(i, c);
      case Expect.Colon:
        if (c !== 0x3a) return this.malformed(i, c);
        this.expect = Expect.Value;
        return i + 1;
      default:
        if (c === 0x2c) {
          this.expect = this.stack[this.stack.length - 1] === OBJECT ? Expect.Key : Expect.Value;
          return i + 1;
        }
        if (c === 0x7d || c === 0x5d) return this.close(i, c);
        return this.malformed(i, c);
    }
  }

  /**
   * A top-level record read whole by readRecord, with what the token-by-token reading would find:
   * the same record start, fields and record end. NOT_READ when readRecord gave it back.
   */
  private fastRecord(buf: Buffer, i: number): number {
    if (this.fastPause > 0) {
      this.fastPause--;
      return NOT_READ;
    }
    const found = readRecord(buf, i, this.maxStringBytes);
    if (found === 'cut') return NOT_READ;
    if (!found) {
      this.fastPause = FAST_PAUSE;
      return NOT_READ;
    }
    if (!this.startRecord(this.base + i, true)) return -1;
    const record = this.record as JsonRecord;
    if (found.xmlFrom >= 0) {
      record.xml = buf.subarray(found.xmlFrom, found.xmlTo);
      record.xmlEscaped = this.backslashes.next(buf, found.xmlFrom) < found.xmlTo;
      record.xmlField = this.field(buf, found);
    }
    if (found.messageFrom >= 0) record.message = buf.subarray(found.messageFrom, found.messageTo);
    if (found.typeFrom >= 0) record.messageType = buf.toString('latin1', found.typeFrom, found.typeTo);
    if (found.emptySystem) record.emptySystem = true;
    return this.valueDone(found.end + 1);
  }

  /** The XML's field as fieldPath gives it: the key, or `outer.inner`. */
  private field(buf: Buffer, found: RecordFindings): string {
    const outer = this.names.name(buf, found.fieldFrom, found.fieldTo);
    if (found.innerFrom < 0) return outer;
    const inner = this.names.name(buf, found.innerFrom, found.innerTo);
    const last = this.lastField;
    if (last.outer !== outer || last.inner !== inner)
      this.lastField = { outer, inner, path: `${outer}.${inner}` };
    return this.lastField.path;
  }

  /** A top-level array: its elements are the records (Vector's default framing). */
  private enterArray(): void {
    this.batch = true;
    this.recordAt = 1;
    this.stack.push(ARRAY);
    this.keys.push('');
    this.expect = Expect.ValueOrClose;
  }

  private value(buf: Buffer, i: number, c: number): number {
    const depth = this.stack.length;
    if (!this.record && depth === this.recordAt) {
      if (!this.startRecord(this.base + i, depth === 0)) return -1;
    } else if (this.record && !this.sub && depth === this.subAt) {
      this.sub = new JsonRecord(this.base + i, this.record);
    }
    if (c === OBJECT || c === ARRAY) {
      if (depth >= MAX_DEPTH) return this.malformed(i, c, `nested deeper than ${MAX_DEPTH} levels`);
      const logEvents =
        c === ARRAY &&
        this.record !== undefined &&
        this.subAt < 0 &&
        depth === this.recordAt + 1 &&
        this.keys[depth - 1] === 'logEvents';
      if (!logEvents && this.record && depth > this.recordAt && depth !== this.subAt) {
        // Nested in a record (not a CloudWatch Logs log event): often nothing in it matters.
        const target = this.sub ?? this.record;
        const end = skipContainer(buf, i, MAX_DEPTH - depth, target.xml === undefined && !target.reported);
        if (end >= 0) return this.valueDone(end + 1);
      }
      this.stack.push(c);
      this.keys.push('');
      if (logEvents && this.record) {
        this.subAt = depth + 1;
        this.record.container = true;
        this.sawEnvelope = true;
      }
      this.expect = c === OBJECT ? Expect.KeyOrClose : Expect.ValueOrClose;
      return i + 1;
    }
    if (c === 0x22) return this.string(buf, i, false);
    if (c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x74 || c === 0x66 || c === 0x6e)
      return this.scalar(buf, i);
    return this.malformed(i, c);
  }

  private startRecord(offset: number, topLevel: boolean): boolean {
    if (!this.sink.recordStart(offset)) {
      this.stopped = true;
      return false;
    }
    if (topLevel && this.records > 0 && !this.newline) this.concatenated = true;
    this.records++;
    this.newline = false;
    this.record = new JsonRecord(offset);
    return true;
  }

  private close(i: number, c: number): number {
    const kind = this.stack[this.stack.length - 1];
    if ((c === 0x7d) !== (kind === OBJECT)) return this.malformed(i, c);
    this.stack.pop();
    this.keys.pop();
    if (this.subAt > this.stack.length) this.subAt = -1;
    if (this.stack.length === 0 && this.batch) {
      this.batch = false;
      this.recordAt = 0;
      this.expect = Expect.Top;
      return i + 1;
    }
    return this.valueDone(i + 1);
  }

  private valueDone(next: number): number {
    const depth = this.stack.length;
    if (this.sub && depth === this.subAt) {
      const sub = this.sub;
      this.sub = undefined;
      this.sink.record(sub, false);
    }
    if (this.record && depth === this.recordAt) {
      const record = this.record;
      this.record = undefined;
      this.sink.record(record, false);
    }
    this.expect = depth === 0 ? Expect.Top : Expect.Comma;
    return next;
  }

  private scalar(buf: Buffer, from: number): number {
    let j = from;
    while (j < buf.length && isScalar(buf[j] as number)) j++;
    this.inScalar = j === buf.length;
    return this.inScalar ? -1 : this.valueDone(j);
  }

  private string(buf: Buffer, i: number, isKey: boolean): number {
    this.inString = true;
    this.escaped = false;
    this.isKey = isKey;
    this.role = isKey ? Role.Key : Role.Undecided;
    if (!isKey) {
      const top = this.stack.length - 1;
      this.stringKey = this.stack[top] === OBJECT ? (this.keys[top] as string) : '';
      this.stringAtLevel = this.stack.length === (this.sub ? this.subAt : this.recordAt) + 1;
    }
    return this.continueString(buf, i + 1);
  }

  private continueString(buf: Buffer, from: number): number {
    const q = closingQuote(buf, from, this.escaped);
    if (q < 0) {
      this.gather(buf, from, buf.length);
      this.escaped = endsEscaped(buf, from, buf.length, this.escaped);
      return -1;
    }
    this.inString = false;
    if (this.pieces.length === 0) this.stringDone(buf, from, q);
    else {
      const whole = Buffer.concat([...this.pieces, buf.subarray(from, q)]);
      this.pieces = [];
      this.pieceBytes = 0;
      this.stringDone(whole, 0, whole.length);
    }
    if (!this.isKey) return this.valueDone(q + 1);
    this.expect = Expect.Colon;
    return q + 1;
  }

  private stringDone(buf: Buffer, from: number, to: number): void {
    if (this.isKey) {
      this.keys[this.keys.length - 1] = this.role === Role.Key ? this.names.name(buf, from, to) : '';
      return;
    }
    if (this.role === Role.Undecided) this.classify(buf, from, to, true);
    if (this.role === Role.Skip) return;
    // The same verdict whether the string came whole or in pieces.
    if (to - from > this.limit()) {
      this.tooLong();
      return;
    }
    const target = this.sub ?? this.record;
    if (!target) return;
    if (this.role === Role.Xml) {
      target.xml = buf.subarray(from, to);
      target.xmlEscaped = this.backslashes.next(buf, from) < to;
      target.xmlField = this.fieldPath();
    } else if (this.role === Role.Message) {
      target.message = buf.subarray(from, to);
    } else if (this.role === Role.Type) {
      target.messageType = buf.toString('latin1', from, to);
    }
  }

  /** Keeps a piece of a string cut by the chunk's end, when the string is one the record needs. */
  private gather(buf: Buffer, from: number, to: number): void {
    if (this.role === Role.Skip || to === from) return;
    if (this.pieceBytes + (to - from) > this.limit()) {
      this.tooLong();
      return;
    }
    // A copy: a view would keep the whole chunk alive for as long as the string is held.
    this.pieces.push(Buffer.from(buf.subarray(from, to)));
    this.pieceBytes += to - from;
    if (this.role === Role.Undecided && this.pieceBytes >= PREFIX_BYTES) {
      const prefix = Buffer.concat(this.pieces);
      this.pieces = [prefix];
      this.classify(prefix, 0, prefix.length, false);
      if ((this.role as Role) === Role.Skip) {
        this.pieces = [];
        this.pieceBytes = 0;
      }
    }
  }

  private limit(): number {
    if (this.role === Role.Key) return MAX_KEY_BYTES;
    return this.role === Role.Type ? 64 : this.maxStringBytes;
  }

  private tooLong(): void {
    const target = this.sub ?? this.record;
    if (target && this.role === Role.Xml && !target.reported) {
      target.reported = true;
      this.sink.error(
        target.offset,
        `event is larger than ${this.maxStringBytes} bytes (maxEventBytes): skipped`,
      );
    } else if (target && this.role === Role.Message) {
      this.sink.error(
        target.offset,
        `JSON record's message field is longer than ${this.maxStringBytes} bytes (maxEventBytes): ignored`,
      );
    }
    this.role = Role.Skip;
    this.pieces = [];
    this.pieceBytes = 0;
  }

  /** Tells from a string's first bytes what it is to the record (undecided until enough have come). */
  private classify(buf: Buffer, from: number, to: number, complete: boolean): void {
    const target = this.sub ?? this.record;
    if (!target) {
      this.role = Role.Skip;
      return;
    }
    if (target.xml === undefined && !target.reported) {
      const event = startsWithEvent(buf, from, to, complete);
      if (event === undefined) return;
      if (event) {
        this.role = Role.Xml;
        return;
      }
    }
    const key = this.stringKey;
    if (!this.stringAtLevel) this.role = Role.Skip;
    else if (key === 'message' || key === 'Message') this.role = Role.Message;
    else if (key === 'messageType' && !this.sub) this.role = Role.Type;
    else this.role = Role.Skip;
    if (complete && to === from && key === 'System' && this.stringAtLevel) target.emptySystem = true;
  }

  /** The XML's field, from the record down: `System`, `event.original`, `logEvents[].message`. */
  private fieldPath(): string {
    const from = this.sub ? this.subAt : this.recordAt;
    if (!this.sub && this.stack.length === from + 1) return this.keys[from] as string;
    const keys = this.keys.slice(this.recordAt);
    const last = this.lastPath;
    if (keys.length === last.keys.length && keys.every((k, i) => k === last.keys[i])) return last.path;
    const parts: string[] = [];
    for (let d = this.recordAt; d < this.stack.length; d++) {
      if (this.stack[d] === OBJECT) parts.push(this.keys[d] as string);
      else if (d > this.recordAt) parts[parts.length - 1] += '[]';
    }
    this.lastPath = { keys, path: parts.join('.') };
    return this.lastPath.path;
  }

  private malformed(i: number, c: number, why?: string): number {
    const what =
      why ??
      `unexpected ${c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16)}`}`;
    return this.fail(i, `JSON record is malformed (${what}): skipped to the next record`);
  }

  /** Reports where the input breaks, drops the record open there, and looks for the next record. */
  private fail(i: number, reason: string): number {
    this.sink.error(this.base + i, reason);
    const inArray = this.batch;
    this.reset();
    this.resync.start(inArray);
    return i;
  }

  private resume(buf: Buffer, i: number): number {
    const point = this.resync.find(buf, i);
    if (!point) return buf.length;
    if (point.element) {
      this.enterArray();
      this.expect = Expect.Value;
    } else this.newline = true;
    return point.at;
  }

  private reset(): void {
    this.stack = [];
    this.keys = [];
    this.expect = Expect.Top;
    this.record = undefined;
    this.sub = undefined;
    this.subAt = -1;
    this.batch = false;
    this.recordAt = 0;
    this.inString = false;
    this.inScalar = false;
    this.pieces = [];
    this.pieceBytes = 0;
  }
}
