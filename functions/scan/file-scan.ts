import { open } from 'node:fs/promises';
import { type ComputerContribution, ContributionBuilder } from '../correlation/contribution.ts';
import type { CorrelationConfig } from '../correlation/correlation-config.ts';
import type { KnownRuns } from '../correlation/coverage.ts';
import { readEvents } from '../reader/read-events.ts';
import { aheadOfClock } from '../signals/event-clock.ts';
import { type ExtractOptions, extractSignals } from '../signals/extract-signals.ts';

/** A file that could not be read, or the place in it where an event could not be. */
export interface ScanError {
  file: string;
  offset: number;
  reason: string;
}

/** What reading one file gave: plain data (it crosses a worker boundary), bounded by the hosts it names. */
export interface FileScan {
  file: string;
  /** Bytes of the file as stored (compressed or not). */
  bytes: number;
  /** Bytes of event text after decompression: what the reader read. */
  xmlBytes: number;
  events: number;
  /** The latest TimeCreated of any event in the file (the scan's horizon for `quiet`). */
  latestTime?: string;
  /** Signals read, and how many were new (not already counted in this file or, when re-read, in earlier ones). */
  signals: number;
  admitted: number;
  contributions: ComputerContribution[];
  errors: ScanError[];
}

/** No runs known: a file read on its own, de-duplicated only against itself. */
const NoRuns: KnownRuns = () => [];

/**
 * Reads one file with the streaming reader and folds its signals into per-host states as it goes (memory flat
 * whatever the file holds); a file that cannot be opened or read becomes an error, never a throw.
 */
export async function scanFile(
  file: string,
  config: CorrelationConfig,
  known: KnownRuns = NoRuns,
  options: ExtractOptions = {},
): Promise<FileScan> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(file, 'r');
    const events = readEvents(handle.createReadStream({ autoClose: false }), { latestTime: true });
    const builder = new ContributionBuilder(config, known);
    const errors: ScanError[] = [];
    const ahead = aheadOfClock(new Date());
    let signals = 0;
    for await (const item of events) {
      if (item.kind === 'error') {
        errors.push({ file, offset: item.offset, reason: item.reason });
        builder.breakRuns();
        continue;
      }
      for (const signal of extractSignals(item.event, { source: file, offset: item.offset }, options)) {
        const refused = ahead(signal);
        if (refused) {
          errors.push({ file, offset: item.offset, reason: refused });
          builder.breakRuns();
          continue;
        }
        signals += 1;
        builder.add(signal);
      }
    }
    // a refused file (DOCTYPE/ENTITY) is discarded whole
    const contributions = events.stats.rejected ? [] : builder.finish();
    const latest = events.stats.latestTime;
    return {
      file,
      bytes: events.stats.bytesIn,
      xmlBytes: events.stats.bytesDecoded,
      events: events.stats.events,
      ...(latest !== undefined ? { latestTime: latest } : {}),
      signals,
      admitted: contributions.reduce((n, c) => n + c.admitted, 0),
      contributions,
      errors,
    };
  } catch (error) {
    return unreadable(file, reasonOf(error));
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

export function reasonOf(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code ? `${code}: ${error.message.replace(/^\w+: /, '')}` : error.message;
  }
  return String(error);
}

/** A file that could not be read: no events, one error, and the scan goes on. */
export function unreadable(file: string, reason: string): FileScan {
  return {
    file,
    bytes: 0,
    xmlBytes: 0,
    events: 0,
    signals: 0,
    admitted: 0,
    contributions: [],
    errors: [{ file, offset: 0, reason }],
  };
}
