import type { Transform } from 'node:stream';
import { constants, type Zlib } from 'node:zlib';
import { type ReaderError, readerError } from './errors.ts';

/** Compressed bytes cut at fixed points of the compressed stream, whatever the source's chunks. */
export type CompressedPiece =
  /** `streamEnds`: the member or frame is complete after these bytes (the next one gets a new inflater). */
  | { kind: 'data'; bytes: Buffer; streamEnds: boolean }
  /** Whole members back to back, by a guess: inflated at once (Codec.members), or handed back. */
  | { kind: 'members'; bytes: Buffer; members: number }
  /** The input stops being this codec at `at`: cut short ('truncated') or not this codec any more. */
  | { kind: 'broken'; at: number; reason: string };

/** Cuts a compressed stream into the pieces to write, one member or frame after another. */
export interface Framing {
  push(chunk: Buffer): void;
  /** The input is over. */
  end(): void;
  /** The next piece to write, once one is ready (undefined: more input is needed, or all is done). */
  next(): CompressedPiece | undefined;
  /** The inflater ended by itself inside the last piece (a gzip member's deflate data is over). */
  ended(leftover: Buffer, inflated: number): void;
  /** The last piece was members that did not inflate at once: they are to be given one by one. */
  handBack?(): void;
  /** The last piece was members that inflated at once, from `compressed` bytes to `inflated`. */
  ran?(compressed: number, inflated: number): void;
}

export interface Codec {
  name: 'gzip' | 'zstd';
  /** An inflater for one member or frame; `previous`: what the one before inflated to (∞ for the first). */
  open(previous: number): ZlibStream;
  framing(): Framing;
  /**
   * A member inflated at once, when its compressed data ends inside `bytes` and is whole and sound
   * (`consumed`: its length there); undefined otherwise, and the member is streamed as any other.
   */
  whole?(bytes: Buffer, previous: number): { output: Buffer; consumed: number } | undefined;
  /** Whole members inflated at once: their output when they all inflate exactly, else undefined. */
  members?(bytes: Buffer): Buffer | undefined;
}

export type ZlibStream = Transform & Zlib;

interface Inflater {
  stream: ZlibStream;
  /** Ended or closed: it gives nothing more. */
  closed: boolean;
  /** Bytes it gave. */
  inflated: number;
}

export interface InflateState {
  bytesIn: number;
  bytesOut: number;
}

/** Inflated chunks waiting for the reader before more input is fed. */
const QUEUED = 4;
/**
 * Members inflated at once are handed on together up to this size: a stream of small members
 * (Firehose writes one per CloudWatch Logs record, ~1.5 KB) then reads as one of large chunks.
 */
const HELD_BYTES = 64 * 1024;
/** Members are tried at once after a member that inflated to less than this (a small one). */
const SMALL_MEMBER = 1024 * 1024;

/**
 * Inflates in flowing mode and feeds the inflater only while the reader keeps up: memory stays bounded
 * (even for a bomb: each piece inflates to a bounded size), and everything inflated before a cut or a
 * corrupt byte reaches the reader before the error does (a paused stream would drop it on error).
 * Output beyond `limit` stops with a fatal error.
 */
export async function* inflatePieces(
  codec: Codec,
  input: AsyncGenerator<Buffer>,
  limit: number,
  state: InflateState,
  errors: ReaderError[],
): AsyncGenerator<Buffer> {
  const queue: Buffer[] = [];
  let failure: Error | undefined;
  let broken: string | undefined;
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
  let stopped = false;
  let inflater: Inflater | undefined;
  let previousInflated = Number.POSITIVE_INFINITY;
  const blocked = () => stopped || failure !== undefined;
  const open = (): Inflater => {
    const next = codec.open(previousInflated);
    const opened = { stream: next, closed: false, inflated: 0 };
    next.on('data', (chunk: Buffer) => {
      opened.inflated += chunk.length;
      queue.push(chunk);
      signal();
    });
    next.on('error', (err) => {
      failure = err;
      signal();
    });
    next.on('drain', signal);
    const close = () => {
      opened.closed = true;
      signal();
    };
    next.on('end', close);
    next.on('close', close);
    return opened;
  };
  /**
   * One write, once there is room, and wait until zlib has read it: only then is it known whether the
   * member ended inside it. zlib never calls the write callback of a write that fails.
   */
  const write = async (into: Inflater, piece: Buffer) => {
    while (queue.length >= QUEUED && !blocked()) await sleep();
    if (blocked()) return;
    let read = false;
    into.stream.write(piece, () => {
      read = true;
      signal();
    });
    while (!read && !blocked() && !into.closed) await sleep();
  };
  /** Ends the open inflater and waits until all it gives has been queued. */
  const finish = async (into: Inflater, cut: boolean) => {
    if (cut && !blocked()) {
      // Flush what a cut stream can still give before the end reports the cut: zlib drops the output
      // of the call that fails, so that call must have none left to give.
      let flushed = false;
      const done = () => {
        flushed = true;
        signal();
      };
      if (codec.name === 'gzip') into.stream.flush(constants.Z_SYNC_FLUSH, done);
      else into.stream.flush(done);
      while (!flushed && !blocked() && !into.closed) await sleep();
    }
    if (!blocked()) into.stream.end();
    while (!into.closed && !blocked()) await sleep();
  };
  /** Output of members inflated at once, not yet queued. */
  let held: Buffer[] = [];
  let heldBytes = 0;
  const heldChunk = (): Buffer | undefined => {
    if (heldBytes === 0) return undefined;
    const chunk = held.length === 1 ? (held[0] as Buffer) : Buffer.concat(held, heldBytes);
    held = [];
    heldBytes = 0;
    return chunk;
  };
  /** Queues what is held, once there is room: before any output or finding that follows it. */
  const release = async () => {
    if (heldBytes === 0) return;
    while (queue.length >= QUEUED && !blocked()) await sleep();
    const chunk = heldChunk();
    if (chunk && !blocked()) {
      queue.push(chunk);
      signal();
    }
  };
  /** Inflates the member at the start of this piece at once, if it is small and whole in it. */
  const inflateWhole = async (framing: Framing, piece: Buffer): Promise<boolean> => {
    if (!codec.whole || previousInflated >= SMALL_MEMBER) return false;
    const whole = codec.whole(piece, previousInflated);
    if (!whole) return false;
    previousInflated = whole.output.length;
    framing.ended(piece.subarray(whole.consumed), whole.output.length);
    await hold(whole.output);
    return true;
  };
  /** Keeps output inflated at once with what is held, and queues it all once there is enough. */
  const hold = async (output: Buffer) => {
    held.push(output);
    heldBytes += output.length;
    if (heldBytes >= HELD_BYTES) await release();
  };
  const feed = (async () => {
    const framing = codec.framing();
    let inputDone = false;
    try {
      while (!blocked()) {
        const piece = framing.next();
        if (!piece) {
          if (inputDone) break;
          const next = await input.next();
          if (next.done) {
            framing.end();
            inputDone = true;
          } else framing.push(next.value);
          continue;
        }
        if (piece.kind === 'members') {
          const output = inflater ? undefined : codec.members?.(piece.bytes);
          if (!output) {
            framing.handBack?.();
            continue;
          }
          framing.ran?.(piece.bytes.length, output.length);
          await hold(output);
          previousInflated = output.length / piece.members;
          continue;
        }
        if (piece.kind === 'broken') {
          await release();
          if (inflater) await finish(inflater, true);
          inflater = undefined;
          broken = piece.reason;
          break;
        }
        if (!inflater) {
          if (!piece.streamEnds && (await inflateWhole(framing, piece.bytes))) continue;
          await release();
          inflater = open();
        }
        const before = inflater.stream.bytesWritten;
        await write(inflater, piece.bytes);
        if (inflater.closed && !piece.streamEnds && !blocked()) {
          // The member ended inside this piece: the rest of it is the trailer and what follows.
          framing.ended(piece.bytes.subarray(inflater.stream.bytesWritten - before), inflater.inflated);
          // Its writable side is still open: destroy it now, or its zlib memory waits for the GC.
          inflater.stream.destroy();
          previousInflated = inflater.inflated;
          inflater = undefined;
        } else if (piece.streamEnds) {
          await finish(inflater, false);
          previousInflated = inflater.inflated;
          inflater = undefined;
        }
      }
      await release();
      // The input ended inside a member: zlib reports the cut once it has given what it can.
      if (inflater && !blocked()) await finish(inflater, true);
    } catch (err) {
      failure ??= err as Error;
    } finally {
      // What was inflated before a failure is read before it is reported.
      const rest = heldChunk();
      if (rest && !stopped) queue.push(rest);
      await input.return(undefined);
      stopped = true;
      signal();
    }
  })();
  try {
    for (;;) {
      const buf = queue.shift();
      if (!buf) {
        if (stopped || failure) break;
        await sleep();
        continue;
      }
      signal();
      if (state.bytesOut + buf.length > limit) {
        errors.push(
          readerError(
            limit,
            `${codec.name} output exceeds the limit of ${limit} bytes (maxInflatedBytes): stopped, nothing after it was read`,
            true,
          ),
        );
        const keep = limit - state.bytesOut;
        state.bytesOut = limit;
        if (keep > 0) yield buf.subarray(0, keep);
        failure = undefined;
        broken = undefined;
        return;
      }
      state.bytesOut += buf.length;
      yield buf;
    }
  } finally {
    // Also reached when the consumer stops early: stop the feeder before waiting for it.
    stopped = true;
    signal();
    if (inflater && !inflater.stream.destroyed) inflater.stream.destroy();
    await feed.catch(() => undefined);
  }
  if (failure) errors.push(failureError(codec.name, failure, state.bytesOut));
  else if (broken === 'truncated') errors.push(truncated(codec.name, state.bytesOut));
  else if (broken !== undefined)
    errors.push(
      readerError(
        state.bytesOut,
        `${codec.name} stream is corrupt (${broken}): the events before this point were read`,
      ),
    );
}

function truncated(name: string, at: number): ReaderError {
  return readerError(
    at,
    `${name} stream is truncated (unexpected end of data): the events before the cut were read`,
  );
}

function failureError(name: string, failure: Error, at: number): ReaderError {
  const code = (failure as NodeJS.ErrnoException).code;
  if (code === 'Z_BUF_ERROR' || /unexpected end/i.test(failure.message)) return truncated(name, at);
  return readerError(
    at,
    `${name} stream is corrupt (${failure.message}): the events before this point were read`,
  );
}
