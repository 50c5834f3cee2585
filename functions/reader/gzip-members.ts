import type { CompressedPiece, Framing } from './inflate-stream.ts';

/**
 * Walks the members of a gzip stream (RFC 1952): reads each header itself, hands the deflate data on
 * in pieces at fixed offsets from the member's start (so what zlib gives before an error never depends
 * on how the object was cut), and is told by the inflater where the deflate data ended. Between
 * members it allows what real writers put there: nothing (appended uploads, Fluent Bit's multipart
 * parts), a newline (Firehose's delimiter after each gzip'd CloudWatch Logs record) or zero padding.
 * Anything else after a member is reported and not read: every event of the members before is kept.
 */
export class GzipMembers implements Framing {
  private buf: Buffer = Buffer.alloc(0);
  private inputDone = false;
  private part: Part = Part.Header;
  private inflated = 0;
  private broken: CompressedPiece | undefined;
  private members = 0;
  private flags = 0;

  push(chunk: Buffer): void {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
  }

  end(): void {
    this.inputDone = true;
  }

  /** The inflater reached the end of the member's deflate data: `leftover` is what it did not read. */
  ended(leftover: Buffer, inflated: number): void {
    this.buf = this.buf.length === 0 ? leftover : Buffer.concat([leftover, this.buf]);
    this.inflated = inflated;
    this.part = Part.Trailer;
  }

  next(): CompressedPiece | undefined {
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
    const buf = this.buf;
    switch (this.part) {
      case Part.Header: {
        if ((buf.length > 0 && buf[0] !== 0x1f) || (buf.length > 1 && buf[1] !== 0x8b))
          return this.fail('data after the gzip member is not gzip');
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

const CONTINUE = Symbol('continue');
/** Deflate data goes to zlib in pieces this small, so one write never inflates to more than ~64 MB. */
const PIECE = 64 * 1024;
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
