import { constants, createGunzip } from 'node:zlib';
import { type ReaderError, readerError } from './errors.ts';
import { readHead } from './head.ts';

export const DEFAULT_MAX_INFLATED_BYTES = 2 * 1024 ** 3;

export interface Inflated {
  /** The bytes as stored (gzip) or as is (plain), chunked like the source. */
  chunks: AsyncGenerator<Buffer>;
  /** Findings about the compression layer, filled while chunks is read. */
  readonly errors: ReaderError[];
  readonly state: { compressed: boolean; bytesIn: number; bytesOut: number };
}

/**
 * Decompresses the source when its first bytes are the gzip magic (1f 8b), whatever any name or header
 * says; otherwise passes it through. A truncated gzip keeps what was inflated before the cut and reports
 * the cut; output beyond maxInflatedBytes stops with a fatal error (a gzip bomb never fills memory).
 */
export function inflateIfGzip(source: AsyncIterable<Uint8Array>, maxInflatedBytes: number): Inflated {
  const errors: ReaderError[] = [];
  const state = { compressed: false, bytesIn: 0, bytesOut: 0 };

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
    const first = await readHead(input, 2);
    if (first.length >= 2 && first[0] === 0x1f && first[1] === 0x8b) {
      state.compressed = true;
      yield* gunzip(first, input, maxInflatedBytes, state, errors);
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

/** Compressed input goes to zlib in pieces this small, so one write never inflates to more than ~64 MB. */
const PIECE = 64 * 1024;
/** Inflated chunks waiting for the reader before more input is fed. */
const QUEUED = 4;

/**
 * Inflates in flowing mode and feeds zlib only while the reader keeps up: memory stays bounded (even for
 * a bomb), and everything zlib inflated before a cut or trailing garbage reaches the reader before the
 * error does (a paused stream would drop it on error).
 */
async function* gunzip(
  first: Buffer,
  rest: AsyncGenerator<Buffer>,
  limit: number,
  state: { bytesIn: number; bytesOut: number },
  errors: ReaderError[],
): AsyncGenerator<Buffer> {
  const inflater = createGunzip({ chunkSize: 1024 * 1024 });
  const queue: Buffer[] = [];
  let failure: Error | undefined;
  let finished = false;
  // The reader waits for output, the feeder for room: each has its own wake-up, and every change wakes both.
  const waiting = new Set<() => void>();
  const signal = () => {
    for (const resume of waiting) resume();
    waiting.clear();
  };
  const sleep = () =>
    new Promise<void>((resolve) => {
      waiting.add(resolve);
    });
  inflater.on('data', (chunk: Buffer) => {
    queue.push(chunk);
    signal();
  });
  inflater.on('error', (err) => {
    failure = err;
    finished = true;
    signal();
  });
  inflater.on('drain', signal);
  inflater.on('end', () => {
    finished = true;
    signal();
  });
  inflater.on('close', () => {
    finished = true;
    signal();
  });
  let stopped = false;
  const blocked = () => stopped || finished;
  /** One write, then wait for room: zlib never calls the write callback of a write that fails. */
  const write = async (piece: Buffer) => {
    while (queue.length >= QUEUED && !blocked()) await sleep();
    if (blocked()) return;
    if (!inflater.write(piece)) {
      while (inflater.writableNeedDrain && !blocked()) await sleep();
    }
  };
  const feed = (async () => {
    try {
      // Pieces at fixed offsets of the compressed stream, whatever the source's chunks: what zlib gives
      // before an error then never depends on how the object was cut.
      let pending: Buffer = Buffer.alloc(0);
      for (let buf: Buffer | undefined = first; buf && !blocked(); ) {
        pending = pending.length === 0 ? buf : Buffer.concat([pending, buf]);
        while (pending.length >= PIECE && !blocked()) {
          await write(pending.subarray(0, PIECE));
          pending = pending.subarray(PIECE);
        }
        const next = await rest.next();
        buf = next.done ? undefined : next.value;
      }
      if (pending.length > 0 && !blocked()) await write(pending);
      if (!blocked()) {
        // Flush what a cut stream can still give before Z_FINISH reports the cut: zlib drops the output
        // of the call that fails, so that call must have none left to give.
        let flushed = false;
        inflater.flush(constants.Z_SYNC_FLUSH, () => {
          flushed = true;
          signal();
        });
        while (!flushed && !blocked()) await sleep();
        if (!blocked()) inflater.end();
      } else {
        await rest.return(undefined);
      }
    } catch (err) {
      inflater.destroy(err as Error);
    }
  })();
  try {
    for (;;) {
      const buf = queue.shift();
      if (!buf) {
        if (finished) break;
        await sleep();
        continue;
      }
      signal();
      if (state.bytesOut + buf.length > limit) {
        errors.push(
          readerError(
            limit,
            `gzip output exceeds the limit of ${limit} bytes (maxInflatedBytes): stopped, nothing after it was read`,
            true,
          ),
        );
        const keep = limit - state.bytesOut;
        state.bytesOut = limit;
        if (keep > 0) yield buf.subarray(0, keep);
        failure = undefined;
        return;
      }
      state.bytesOut += buf.length;
      yield buf;
    }
  } finally {
    // Also reached when the consumer stops early: stop the feeder before waiting for it.
    stopped = true;
    signal();
    if (!inflater.destroyed) inflater.destroy();
    await feed.catch(() => undefined);
  }
  if (failure) {
    const code = (failure as NodeJS.ErrnoException).code;
    const truncated = code === 'Z_BUF_ERROR' || /unexpected end/i.test(failure.message);
    errors.push(
      readerError(
        state.bytesOut,
        truncated
          ? 'gzip stream is truncated (unexpected end of data): the events before the cut were read'
          : `gzip stream is corrupt (${failure.message}): the events before this point were read`,
      ),
    );
  }
}
