import type { ReaderError } from '../../functions/reader/errors.ts';
import { type ByteSource, type ReadStats, readEvents } from '../../functions/reader/read-events.ts';
import { extractSignals } from '../../functions/signals/extract-signals.ts';
import type { Signal } from '../../functions/signals/signal.ts';
import { MemoryWatch } from './held-memory.ts';

/** What the reader gave for one object, read as ingest reads it (candidates decoded, latest time tracked). */
export interface ReaderOutcome {
  stats: ReadStats;
  signals: number;
  /** The signals themselves, when asked for. */
  kept: Signal[];
  /** The first errors, in order. */
  errors: ReaderError[];
  /** The last error (reading stops at a fatal one; a cut is reported last). */
  lastError?: ReaderError;
  errorCount: number;
  threw?: string;
  ms: number;
  /** Peak RSS over the read minus RSS before it (MB), sampled at every chunk and every 1,024th item. */
  growthMb: number;
  peakRssMb: number;
  /** Memory the read held at most (held-memory.ts), above what was held before (MB); NaN without --expose-gc. */
  liveMb: number;
}

const KeptErrors = 20;

export async function readOutcome(source: ByteSource, keep = false): Promise<ReaderOutcome> {
  const watch = await MemoryWatch.start();
  const stream = readEvents(
    sampled(source, () => watch.sample()),
    { latestTime: true },
  );
  const errors: ReaderError[] = [];
  let errorCount = 0;
  let lastError: ReaderError | undefined;
  let signals = 0;
  const kept: Signal[] = [];
  let threw: string | undefined;
  const started = performance.now();
  try {
    let items = 0;
    for await (const item of stream) {
      if ((++items & 1023) === 0) await watch.sample();
      if (item.kind === 'error') {
        errorCount++;
        lastError = item;
        if (errors.length < KeptErrors) errors.push(item);
      } else {
        const found = extractSignals(item.event, { source: 'case', offset: item.offset });
        signals += found.length;
        if (keep) kept.push(...found);
      }
    }
  } catch (error) {
    threw = `${(error as Error).name}: ${(error as Error).message}`;
  }
  const ms = performance.now() - started;
  const memory = await watch.end();
  return {
    stats: { ...stream.stats },
    signals,
    kept: stream.stats.rejected ? [] : kept,
    errors,
    ...(lastError ? { lastError } : {}),
    errorCount,
    ...(threw ? { threw } : {}),
    ms,
    growthMb: memory.growthMb,
    peakRssMb: memory.peakRssMb,
    liveMb: memory.heldMb,
  };
}

/** The source, with a memory sample at every chunk. */
export async function* sampled(source: ByteSource, sample: () => Promise<void>): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) {
    yield source;
    return;
  }
  for await (const chunk of source as AsyncIterable<Uint8Array>) {
    await sample();
    yield chunk;
  }
}
