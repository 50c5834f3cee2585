import { type ByteSource, type ReadOptions, type ReadStats, readEvents } from '../reader/read-events.ts';
import { type ExtractOptions, extractSignals } from './extract-signals.ts';
import type { Signal } from './signal.ts';

export interface SourceError {
  file: string;
  offset: number;
  reason: string;
}

export interface SignalsRead {
  signals: Signal[];
  errors: SourceError[];
  stats: ReadStats;
}

/**
 * Reads one object and keeps its signals. An object refused as a whole (DOCTYPE/ENTITY) gives no
 * signals at all, only its error.
 */
export async function readSignals(
  source: ByteSource,
  options: ReadOptions & ExtractOptions & { name: string },
): Promise<SignalsRead> {
  const events = readEvents(source, options);
  const signals: Signal[] = [];
  const errors: SourceError[] = [];
  for await (const item of events) {
    if (item.kind === 'error') errors.push({ file: options.name, offset: item.offset, reason: item.reason });
    else signals.push(...extractSignals(item.event, { source: options.name, offset: item.offset }, options));
  }
  return { signals: events.stats.rejected ? [] : signals, errors, stats: events.stats };
}
