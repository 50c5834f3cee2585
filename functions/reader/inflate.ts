import { constants, createInflateRaw, createZstdDecompress } from 'node:zlib';
import type { ReaderError } from './errors.ts';
import { GzipMembers } from './gzip-members.ts';
import { readHead } from './head.ts';
import { type Codec, inflatePieces } from './inflate-stream.ts';
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

/**
 * The largest zstd window accepted (16 MiB): the decoder's memory is bounded whatever the frame asks
 * for. Fluent Bit (level 1) uses 512 KiB; `zstd -19` 8 MiB.
 */
const ZSTD_WINDOW_LOG_MAX = 24;

/**
 * Output chunk sizes: an inflater is opened per gzip member (Firehose writes one per record) and per
 * zstd frame, each with a buffer of its chunk size. Small members get small buffers (their memory
 * would otherwise wait for the GC), large ones large buffers (fewer, cheaper chunks).
 */
const SMALL_CHUNK = 64 * 1024;
const LARGE_CHUNK = 256 * 1024;
/** A member that inflated to less than this was small: the next one probably is too. */
const SMALL_MEMBER = 1024 * 1024;
const chunkFor = (previous: number) => (previous < SMALL_MEMBER ? SMALL_CHUNK : LARGE_CHUNK);

/** Each member's deflate data goes to its own raw inflater: GzipMembers reads the headers and trailers. */
const GZIP: Codec = {
  name: 'gzip',
  open: (previous) => createInflateRaw({ chunkSize: chunkFor(previous) }),

  framing: () => new GzipMembers(),
};
const ZSTD: Codec = {
  name: 'zstd',
  open: (previous) =>
    createZstdDecompress({
      chunkSize: chunkFor(previous),
      params: { [constants.ZSTD_d_windowLogMax]: ZSTD_WINDOW_LOG_MAX },
    }),
  framing: () => new ZstdFrames(),
};

/**
 * Inflates the source when its first bytes are the gzip magic (1f 8b) or the zstd magic (28 b5 2f fd),
 * whatever any name or header says; otherwise passes it through. A cut stream keeps what was inflated
 * before the cut and reports the cut; output beyond maxInflatedBytes stops with a fatal error (a bomb
 * never fills memory). Concatenated gzip members and zstd frames (one per multipart part) read as one;
 * a compressed stream inside a compressed stream is inflated in turn.
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
    if (!codec) {
      yield* passThrough(withFirst(first, input), state);
      return;
    }
    state.compressed = true;
    state.compression = codec.name;
    // Compressed twice (CloudWatch Logs' gzip records, then Firehose's GZIP for S3): inflate twice.
    const outer = { bytesIn: 0, bytesOut: 0 };
    const outerErrors: ReaderError[] = [];
    const once = inflatePieces(codec, withFirst(first, input), maxInflatedBytes, outer, outerErrors);
    const inner = await readHead(once, 4);
    const again = codecOf(inner);
    if (again) yield* inflatePieces(again, withFirst(inner, once), maxInflatedBytes, state, errors);
    else yield* passThrough(withFirst(inner, once), state);
    // The outer layer's findings, at the end of what was read (its offsets are not the object's).
    if (errors.length === 0)
      for (const error of outerErrors) errors.push({ ...error, offset: state.bytesOut });
  }

  return { chunks: run(), errors, state };
}

function codecOf(head: Buffer): Codec | undefined {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return GZIP;
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return ZSTD;
  return undefined;
}

async function* passThrough(
  chunks: AsyncGenerator<Buffer>,
  state: { bytesOut: number },
): AsyncGenerator<Buffer> {
  for await (const buf of chunks) {
    state.bytesOut += buf.length;
    yield buf;
  }
}

async function* withFirst(first: Buffer, rest: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
  try {
    if (first.length > 0) yield first;
    yield* rest;
  } finally {
    await rest.return(undefined);
  }
}
