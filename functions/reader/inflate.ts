import { createGunzip } from 'node:zlib';
import { type ReaderError, readerError } from './errors.ts';

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
    // Sniff the first two bytes, however the source is chunked.
    const head: Buffer[] = [];
    let headLength = 0;
    while (headLength < 2) {
      const next = await input.next();
      if (next.done) break;
      head.push(next.value);
      headLength += next.value.length;
    }
    const first = Buffer.concat(head);
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

async function* gunzip(
  first: Buffer,
  rest: AsyncGenerator<Buffer>,
  limit: number,
  state: { bytesIn: number; bytesOut: number },
  errors: ReaderError[],
): AsyncGenerator<Buffer> {
  const inflater = createGunzip({ chunkSize: 256 * 1024 });
  let failure: Error | undefined;
  inflater.on('error', (err) => {
    failure = err;
  });
  const feed = (async () => {
    try {
      for (let buf: Buffer | undefined = first; buf; ) {
        if (failure || inflater.destroyed) {
          await rest.return(undefined);
          return;
        }
        if (!inflater.write(buf)) await drained(inflater);
        const next = await rest.next();
        buf = next.done ? undefined : next.value;
      }
      inflater.end();
    } catch (err) {
      inflater.destroy(err as Error);
    }
  })();
  try {
    for await (const out of inflater) {
      const buf = out as Buffer;
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
        inflater.destroy();
        return;
      }
      state.bytesOut += buf.length;
      yield buf;
    }
  } catch (err) {
    failure ??= err as Error;
  } finally {
    // Also reached when the consumer stops early: release the writer before waiting for it.
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

/** Resolves on 'drain' or 'close', whichever comes first, leaving no listener behind. */
function drained(stream: NodeJS.EventEmitter): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}
