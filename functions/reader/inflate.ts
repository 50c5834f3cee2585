import { constants, createInflateRaw, createZstdDecompress, gunzipSync, inflateRawSync } from 'node:zlib';
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

/**
 * A member inflated at once gives at most this (a piece is 64 KiB of compressed data): more, and it is
 * streamed, so a bomb is bounded here as everywhere.
 */
const WHOLE_OUTPUT = 1024 * 1024;

/**
 * A small member at once: one call instead of a stream and its events (Firehose's CloudWatch Logs
 * records are gzip members of ~1.5 KB: streamed one by one, they were read at ~13 MB/s). Only a member
 * whose deflate data ends in the piece, inflates without error and stays under WHOLE_OUTPUT; anything
 * else is streamed as before, so output and findings are the same.
 */
function inflateMember(bytes: Buffer, previous: number): { output: Buffer; consumed: number } | undefined {
  try {
    const result = inflateRawSync(bytes, {
      info: true,
      maxOutputLength: WHOLE_OUTPUT,
      chunkSize: wholeChunk(previous),
    }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
    return { output: result.buffer, consumed: result.engine.bytesWritten };
  } catch {
    return undefined;
  }
}

/**
 * Output buffers for a member inflated at once, sized by the one before: under 4 KiB they come from
 * Node's buffer pool (thousands of 64 KiB buffers, one per member, kept the GC busy and RSS high).
 */
function wholeChunk(previous: number): number {
  if (previous < 3 * 1024) return 4095;
  return Math.min(SMALL_CHUNK, 1024 * Math.ceil((2 * previous) / 1024));
}

/**
 * Members at once: zlib's gunzip goes from one member to the next itself, checking each trailer (CRC
 * too, which GzipMembers does not), so members that inflate here inflate alike one by one. Anything
 * short of all of them exactly (a cut member, junk between them, more output than RUN_OUTPUT) gives
 * undefined: they are then read one by one, with the findings that gives.
 */
function inflateMembers(bytes: Buffer): Buffer | undefined {
  try {
    const result = gunzipSync(bytes, {
      info: true,
      maxOutputLength: RUN_OUTPUT,
      chunkSize: SMALL_CHUNK,
    }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
    return result.engine.bytesWritten === bytes.length ? result.buffer : undefined;
  } catch {
    return undefined;
  }
}

/** Output of a run of members (64 KiB compressed) at most: small members do not compress further than this. */
const RUN_OUTPUT = 4 * 1024 * 1024;

/** Each member's deflate data goes to its own raw inflater: GzipMembers reads the headers and trailers. */
export const GZIP: Codec = {
  name: 'gzip',
  open: (previous) => createInflateRaw({ chunkSize: chunkFor(previous) }),
  whole: inflateMember,
  members: inflateMembers,
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
