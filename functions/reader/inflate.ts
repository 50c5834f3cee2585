import { constants, createGunzip, createZstdDecompress } from 'node:zlib';
import type { ReaderError } from './errors.ts';
import { readHead } from './head.ts';
import { type Codec, type CompressedPiece, inflatePieces } from './inflate-stream.ts';
import { ZstdFrames } from './zstd-frames.ts';

export const DEFAULT_MAX_INFLATED_BYTES = 2 * 1024 ** 3;

export type Compression = 'none' | 'gzip' | 'zstd';

export interface Inflated {
  /** The bytes as stored (plain) or inflated, chunked like the source or the inflater. */
  chunks: AsyncGenerator<Buffer>;
  /** Findings about the compression layer, filled while chunks is read. */
  readonly errors: ReaderError[];
  readonly state: { compressed: boolean; compression: Compression; bytesIn: number; bytesOut: number };
}

/** Compressed input goes to gzip in pieces this small, so one write never inflates to more than ~64 MB. */
const GZIP_PIECE = 64 * 1024;
/**
 * The largest zstd window accepted (16 MiB): the decoder's memory is bounded whatever the frame asks
 * for. Fluent Bit (level 1) uses 512 KiB; `zstd -19` 8 MiB.
 */
const ZSTD_WINDOW_LOG_MAX = 24;

const GZIP: Codec = { name: 'gzip', open: () => createGunzip({ chunkSize: 1024 * 1024 }) };
const ZSTD: Codec = {
  name: 'zstd',
  open: () =>
    createZstdDecompress({
      chunkSize: 1024 * 1024,
      params: { [constants.ZSTD_d_windowLogMax]: ZSTD_WINDOW_LOG_MAX },
    }),
};

/**
 * Inflates the source when its first bytes are the gzip magic (1f 8b) or the zstd magic (28 b5 2f fd),
 * whatever any name or header says; otherwise passes it through. A cut stream keeps what was inflated
 * before the cut and reports the cut; output beyond maxInflatedBytes stops with a fatal error (a bomb
 * never fills memory). Concatenated gzip members and zstd frames (one per multipart part) read as one.
 */
export function inflateIfCompressed(source: AsyncIterable<Uint8Array>, maxInflatedBytes: number): Inflated {
  const errors: ReaderError[] = [];
  const state = { compressed: false, compression: 'none' as Compression, bytesIn: 0, bytesOut: 0 };

  async function* counted(): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      const buf = Buffer.isBuffer(chunk)
        ? chunk
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      state.bytesIn += buf.length;
      if (buf.length > 0) yield buf;
    }
  }

  async function* run(): AsyncGenerator<Buffer> {
    const input = counted();
    const first = await readHead(input, 4);
    const codec = codecOf(first);
    if (codec) {
      state.compressed = true;
      state.compression = codec.name;
      const pieces = codec === GZIP ? gzipPieces(first, input) : zstdPieces(first, input);
      yield* inflatePieces(codec, pieces, maxInflatedBytes, state, errors);
      return;
    }
    if (first.length > 0) {
      state.bytesOut += first.length;
      yield first;
    }
    for await (const buf of input) {
      state.bytesOut += buf.length;
      yield buf;
    }
  }

  return { chunks: run(), errors, state };
}

function codecOf(head: Buffer): Codec | undefined {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return GZIP;
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return ZSTD;
  return undefined;
}

/**
 * Pieces at fixed offsets of the compressed stream, whatever the source's chunks: what zlib gives
 * before an error then never depends on how the object was cut. Node's gunzip reads the members one
 * after another; where the last one ends only zlib knows.
 */
async function* gzipPieces(first: Buffer, rest: AsyncGenerator<Buffer>): AsyncGenerator<CompressedPiece> {
  let pending: Buffer = first;
  try {
    for (;;) {
      while (pending.length >= GZIP_PIECE) {
        yield { kind: 'data', bytes: pending.subarray(0, GZIP_PIECE), streamEnds: false };
        pending = pending.subarray(GZIP_PIECE);
      }
      const next = await rest.next();
      if (next.done) break;
      pending = pending.length === 0 ? next.value : Buffer.concat([pending, next.value]);
    }
    if (pending.length > 0) yield { kind: 'data', bytes: pending, streamEnds: false };
  } finally {
    await rest.return(undefined);
  }
}

/** Whole frames and blocks, cut where ZstdFrames says, whatever the source's chunks. */
async function* zstdPieces(first: Buffer, rest: AsyncGenerator<Buffer>): AsyncGenerator<CompressedPiece> {
  const frames = new ZstdFrames();
  try {
    for (let buf: Buffer | undefined = first; buf; ) {
      for (const piece of frames.push(buf)) {
        yield piece;
        if (piece.kind === 'broken') return;
      }
      const next = await rest.next();
      buf = next.done ? undefined : next.value;
    }
    yield* frames.end();
  } finally {
    await rest.return(undefined);
  }
}
