import { membersRun } from './gzip-runs.ts';
import type { CompressedPiece, Framing } from './inflate-stream.ts';

/**
 * Walks the members of a gzip stream (RFC 1952): reads each header itself, hands the deflate data on
 * in pieces at fixed offsets from the member's start (so what zlib gives before an error never depends
 * on how the object was cut), and is told by the inflater where the deflate data ended. Between
 * members it allows what real writers put there: nothing (appended uploads, Fluent Bit's multipart
 * parts), a newline (Firehose's delimiter after each gzip'd CloudWatch Logs record) or zero padding.
 * Anything else after a member is reported and not read: every event of the members before is kept.
 * Small members back to back are offered as runs to inflate at once (gzip-runs.ts); a run that does
 * not inflate exactly is handed back and its members are read one by one as above.
 */
export class GzipMembers implements Framing {
  private buf: Buffer = Buffer.alloc(0);
  private inputDone = false;
  private part: Part = Part.Header;
  private inflated = 0;
  private broken: CompressedPiece | undefined;
  private members = 0;
  private flags = 0;
  /** Members to read one by one before a run is tried again (after a run was handed back). */
  private withoutRuns = 0;
  /** The bytes of the run last offered and its members, until it is known to have inflated. */
  private run: { bytes: Buffer; members: number } | undefined;

  /** Compressed bytes offered as one run at most: sized so that a run inflates to about RUN_OUTPUT. */
  private runLimit = RUN_BYTES;

  /** `runs: false` reads every member one by one (the tests' reference for runs). */
  constructor(private readonly options: { runs: boolean } = { runs: true }) {}

  /** Chunks pushed and not yet joined to buf. */
  private chunks: Buffer[] = [];
  private chunkBytes = 0;

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.chunkBytes += chunk.length;
  }

  /** Joins what was pushed to buf when a step needs it: one copy however many chunks came. */
  private gather(): void {
    if (this.chunks.length === 0) return;
    const all = this.buf.length === 0 ? this.chunks : [this.buf, ...this.chunks];
    this.buf = all.length === 1 ? (all[0] as Buffer) : Buffer.concat(all);
    this.chunks = [];
    this.chunkBytes = 0;
  }

  /** Between members, runs on: wait for a run's worth of bytes (unless what has come is not gzip). */
  private waitForRun(): boolean {
    if (this.part !== Part.Header || this.withoutRuns > 0 || !this.options.runs || this.inputDone)
      return false;
    if (this.buf.length + this.chunkBytes >= this.runLimit) return false;
    const first = this.buf.length > 0 ? this.buf : this.chunks[0];
    return first === undefined || (first[0] === 0x1f && (first.length < 2 || first[1] === 0x8b));
  }

  end(): void {
    this.inputDone = true;
  }

  /** The inflater reached the end of the member's deflate data: `leftover` is what it did not read. */
  ended(leftover: Buffer, inflated: number): void {
    this.buf = this.buf.length === 0 ? leftover : rejoin(leftover, this.buf);
    this.inflated = inflated;
    this.part = Part.Trailer;
  }

  /** The run last offered did not inflate exactly: its members are read one by one. */
  handBack(): void {
    if (!this.run) return;
    this.buf = this.buf.length === 0 ? this.run.bytes : rejoin(this.run.bytes, this.buf);
    this.members -= this.run.members;
    this.run = undefined;
    this.part = Part.Header;
    this.withoutRuns = RUN_PAUSE;
  }

  /** The run last offered inflated from `compressed` bytes to `inflated`: the next runs are sized by it. */
  ran(compressed: number, inflated: number): void {
    const limit = Math.floor((RUN_OUTPUT * compressed) / Math.max(1, inflated));
    this.runLimit = Math.min(MAX_RUN_BYTES, Math.max(RUN_BYTES, limit));
  }

  next(): CompressedPiece | undefined {
    this.run = undefined;
    while (!this.broken) {
      const step = this.step();
      if (step !== CONTINUE) return step;
    }
    const broken = this.broken;
    this.broken = undefined;
    this.part = Part.Done;
    return broken;
  }

  private step(): CompressedPiece | undefined | typeof CONTINUE {
    if (this.waitForRun()) return undefined;
    this.gather();
    const buf = this.buf;
    switch (this.part) {
      case Part.Header: {
        if ((buf.length > 0 && buf[0] !== 0x1f) || (buf.length > 1 && buf[1] !== 0x8b))
          return this.fail('data after the gzip member is not gzip');
        if (this.withoutRuns === 0 && this.options.runs) {
          // Enough bytes for a run of small members (waitForRun), or all there is.
          const run = membersRun(buf, this.runLimit);
          if (run) {
            this.run = { bytes: buf.subarray(0, run.length), members: run.members };
            this.members += run.members;
            this.buf = buf.subarray(run.length);
            this.part = Part.Between;
            return { kind: 'members', bytes: run.bytes, members: run.members };
          }
        }
        if (buf.length < 10) return this.wait();
        if (buf[2] !== 8) return this.fail('unknown compression method');
        const flags = buf[3] as number;
        if (flags & 0xe0) return this.fail('gzip header has reserved flags set');
        this.flags = flags;
        this.buf = buf.subarray(10);
        this.part = Part.Extra;
        return CONTINUE;
      }
      case Part.Extra: {
        if (!(this.flags & 0x04)) return this.go(Part.Name);
        if (buf.length < 2) return this.wait();
        const length = 2 + buf.readUInt16LE(0);
        if (buf.length < length) return this.wait();
        this.buf = buf.subarray(length);
        return this.go(Part.Name);
      }
      case Part.Name:
      case Part.Comment: {
        const flag = this.part === Part.Name ? 0x08 : 0x10;
        const after = this.part === Part.Name ? Part.Comment : Part.HeaderCrc;
        if (!(this.flags & flag)) return this.go(after);
        const zero = buf.indexOf(0);
        if (zero < 0)
          return buf.length > MAX_HEADER_TEXT ? this.fail('gzip header text is too long') : this.wait();
        this.buf = buf.subarray(zero + 1);
        return this.go(after);
      }
      case Part.HeaderCrc: {
        if (!(this.flags & 0x02)) return this.go(Part.Deflate);
        if (buf.length < 2) return this.wait();
        this.buf = buf.subarray(2);
        return this.go(Part.Deflate);
      }
      case Part.Deflate: {
        // Every byte was given and the member has not ended: its deflate data or its trailer was cut off.
        if (this.inputDone && buf.length === 0) return this.wait();
        if (buf.length < PIECE && !this.inputDone) return undefined;
        this.buf = buf.subarray(Math.min(PIECE, buf.length));
        return { kind: 'data', bytes: buf.subarray(0, PIECE), streamEnds: false };
      }
      case Part.Trailer: {
        if (buf.length < 8) return this.wait();
        if (buf.readUInt32LE(4) !== this.inflated % 2 ** 32)
          return this.fail('a gzip member inflates to another size than its trailer says');
        this.members++;
        if (this.withoutRuns > 0) this.withoutRuns--;
        this.buf = buf.subarray(8);
        return this.go(Part.Between);
      }
      case Part.Between: {
        let i = 0;
        while (i < buf.length && SEPARATORS.has(buf[i] as number)) i++;
        this.buf = buf.subarray(i);
        if (this.buf.length === 0) return undefined;
        return this.go(Part.Header);
      }
      default:
        return undefined;
    }
  }

  private go(part: Part): typeof CONTINUE {
    this.part = part;
    return CONTINUE;
  }

  /** Not enough bytes yet: more input, or the input ended inside a header or trailer. */
  private wait(): undefined | typeof CONTINUE {
    if (!this.inputDone) return undefined;
    if (this.buf.length === 0 && this.part === Part.Header && this.members > 0) return undefined;
    this.broken = { kind: 'broken', at: 0, reason: 'truncated' };
    return CONTINUE;
  }

  private fail(reason: string): typeof CONTINUE {
    this.broken = { kind: 'broken', at: 0, reason };
    return CONTINUE;
  }
}

/**
 * `head` then `tail` as one buffer: a view when they are the two halves of one piece cut from the same
 * chunk (the usual case: a member ends inside the piece before the rest of the chunk), else a copy.
 */
function rejoin(head: Buffer, tail: Buffer): Buffer {
  if (head.buffer === tail.buffer && head.byteOffset + head.length === tail.byteOffset)
    return Buffer.from(head.buffer, head.byteOffset, head.length + tail.length);
  return Buffer.concat([head, tail]);
}

const CONTINUE = Symbol('continue');
/** Deflate data goes to zlib in pieces this small, so one write never inflates to more than ~64 MB. */
const PIECE = 64 * 1024;
/** Compressed bytes in the first run of members, and in any run at least. */
const RUN_BYTES = 64 * 1024;
/** Compressed bytes in one run at most. */
const MAX_RUN_BYTES = 512 * 1024;
/** What a run should inflate to: few inflaters for many small members, within one 512 KiB output buffer. */
const RUN_OUTPUT = 448 * 1024;
/** Members read one by one after a run was handed back, before runs are tried again. */
const RUN_PAUSE = 16;
const MAX_HEADER_TEXT = 64 * 1024;
/** What may stand between members: Firehose's newline delimiter, white space, zero padding. */
const SEPARATORS: ReadonlySet<number> = new Set([0x0a, 0x0d, 0x20, 0x09, 0x00]);

const Part = {
  Header: 0,
  Extra: 1,
  Name: 2,
  Comment: 3,
  HeaderCrc: 4,
  Deflate: 5,
  Trailer: 6,
  Between: 7,
  Done: 8,
} as const;
type Part = (typeof Part)[keyof typeof Part];
