import type { CompressedPiece, Framing } from './inflate-stream.ts';

/**
 * Walks the frames and blocks of a zstd stream (RFC 8878) without decompressing them. Node's zstd
 * decoder stops after the first frame and says nothing when a frame is cut short, so the reader finds
 * frame ends itself (Fluent Bit writes one frame per multipart part), and cuts the compressed stream
 * between blocks into pieces that inflate to a bounded size, however well a bomb compresses.
 */

const MAGIC = 0xfd2fb528;
const SKIPPABLE = 0x184d2a50;
/** Blocks in one piece: a block inflates to 128 KiB at most, so a piece to 16 MiB at most. */
const PIECE_BLOCKS = 128;
/** Compressed bytes in one piece: few writes for ordinary data, whole blocks only. */
const PIECE_BYTES = 64 * 1024;

const Part = {
  Magic: 0,
  Descriptor: 1,
  HeaderRest: 2,
  BlockHeader: 3,
  BlockBody: 4,
  Checksum: 5,
  SkipSize: 6,
  SkipBody: 7,
  Broken: 8,
} as const;
type Part = (typeof Part)[keyof typeof Part];

/** Parts whose bytes go to the decoder as they come. */
const FED: ReadonlySet<Part> = new Set([
  Part.Descriptor,
  Part.HeaderRest,
  Part.BlockHeader,
  Part.BlockBody,
  Part.Checksum,
]);
/** Parts read as a little-endian word (at most 4 bytes). */
const WORD: ReadonlySet<Part> = new Set([Part.Magic, Part.Descriptor, Part.BlockHeader, Part.SkipSize]);

export class ZstdFrames implements Framing {
  private part: Part = Part.Magic;
  /** Bytes the current part still needs. */
  private need = 4;
  /** The little-endian value of a word part, and how many of its bytes have come. */
  private word = 0;
  private wordBytes = 0;
  private checksum = false;
  private lastBlock = false;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private pendingBlocks = 0;
  /** Absolute compressed offset of the next byte. */
  private offset = 0;
  private out: CompressedPiece[] = [];

  next(): CompressedPiece | undefined {
    return this.out.shift();
  }

  /** Frames end where their last block says: the decoder's own end is never needed. */
  ended(): void {}

  push(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length && this.part !== Part.Broken) {
      const take = Math.min(this.need, chunk.length - i);
      const slice = chunk.subarray(i, i + take);
      i += take;
      this.need -= take;
      this.offset += take;
      if (WORD.has(this.part)) {
        for (const byte of slice) this.word += byte * 2 ** (8 * this.wordBytes++);
      }
      // The magic number is fed once known to open a frame; skippable frames are never fed.
      if (FED.has(this.part)) this.feed(slice);
      if (this.need === 0) this.partDone();
    }
  }

  /** The input is over: a frame still open was cut short. */
  end(): void {
    if (this.part === Part.Broken) return;
    if (this.pendingBytes > 0) this.emit(false);
    if (this.part !== Part.Magic || this.wordBytes > 0)
      this.out.push({ kind: 'broken', at: this.offset, reason: 'truncated' });
  }

  private partDone(): void {
    const word = this.word;
    this.word = 0;
    this.wordBytes = 0;
    switch (this.part) {
      case Part.Magic:
        this.magic(word);
        break;
      case Part.Descriptor:
        this.descriptor(word);
        break;
      case Part.HeaderRest:
        this.start(Part.BlockHeader, 3);
        break;
      case Part.BlockHeader:
        this.blockHeader(word);
        break;
      case Part.BlockBody:
        this.blockDone();
        break;
      case Part.Checksum:
        this.frameDone();
        break;
      case Part.SkipSize:
        if (word > 0) this.start(Part.SkipBody, word);
        else this.start(Part.Magic, 4);
        break;
      case Part.SkipBody:
        this.start(Part.Magic, 4);
        break;
    }
  }

  private magic(word: number): void {
    if (word === MAGIC) {
      this.feed(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]));
      this.start(Part.Descriptor, 1);
    } else if ((word & 0xfffffff0) >>> 0 === SKIPPABLE) {
      this.start(Part.SkipSize, 4);
    } else {
      this.broken(this.offset - 4, 'not a zstd frame (unknown magic number)');
    }
  }

  private descriptor(d: number): void {
    if (d & 0x08) {
      this.broken(this.offset - 1, 'zstd frame header has its reserved bit set');
      return;
    }
    const singleSegment = (d >> 5) & 1;
    const contentSize = [singleSegment, 2, 4, 8][d >> 6] as number;
    const dictionary = [0, 1, 2, 4][d & 3] as number;
    this.checksum = (d & 0x04) !== 0;
    const rest = (singleSegment ? 0 : 1) + dictionary + contentSize;
    if (rest > 0) this.start(Part.HeaderRest, rest);
    else this.start(Part.BlockHeader, 3);
  }

  private blockHeader(header: number): void {
    this.lastBlock = (header & 1) === 1;
    const type = (header >> 1) & 3;
    if (type === 3) {
      this.broken(this.offset - 3, 'zstd block has the reserved type');
      return;
    }
    // An RLE block is one byte repeated: its size field is the size it inflates to.
    const size = type === 1 ? 1 : header >>> 3;
    if (size > 0) this.start(Part.BlockBody, size);
    else this.blockDone();
  }

  private blockDone(): void {
    this.pendingBlocks++;
    if (this.lastBlock) {
      if (this.checksum) this.start(Part.Checksum, 4);
      else this.frameDone();
      return;
    }
    if (this.pendingBlocks >= PIECE_BLOCKS || this.pendingBytes >= PIECE_BYTES) this.emit(false);
    this.start(Part.BlockHeader, 3);
  }

  private frameDone(): void {
    this.emit(true);
    this.start(Part.Magic, 4);
  }

  private start(part: Part, need: number): void {
    this.part = part;
    this.need = need;
  }

  private broken(at: number, reason: string): void {
    if (this.pendingBytes > 0) this.emit(false);
    this.out.push({ kind: 'broken', at, reason });
    this.part = Part.Broken;
  }

  private feed(bytes: Buffer): void {
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
  }

  /** A copy: a view would keep the source's whole chunk alive. */
  private emit(streamEnds: boolean): void {
    const bytes =
      this.pending.length === 1 ? Buffer.from(this.pending[0] as Buffer) : Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    this.pendingBlocks = 0;
    this.out.push({ kind: 'data', bytes, streamEnds });
  }
}
