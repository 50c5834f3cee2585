import { open } from 'node:fs/promises';
import { readSignals } from '../signals/read-signals.ts';
import type { Signal } from '../signals/signal.ts';

/** A file that could not be read, or the place in it where an event could not be. */
export interface ScanError {
  file: string;
  offset: number;
  reason: string;
}

/** What reading one file gave: plain data, so it crosses a worker boundary as is. */
export interface FileScan {
  file: string;
  /** Bytes of the file as stored (compressed or not). */
  bytes: number;
  /** Bytes of event text after gunzip: what the reader read. */
  xmlBytes: number;
  events: number;
  /** The latest TimeCreated of any event in the file, when the reader reports it (stats.latestTime). */
  latestTime?: string;
  signals: Signal[];
  errors: ScanError[];
}

/** Reads one file with the streaming reader; a file that cannot be opened or read becomes an error, never a throw. */
export async function scanFile(file: string): Promise<FileScan> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(file, 'r');
    // The latest event time of every event, not only signals: the scan's horizon for `quiet`.
    const result = await readSignals(handle.createReadStream({ autoClose: false }), {
      name: file,
      latestTime: true,
    });
    const latest = result.stats.latestTime;
    return {
      ...(latest !== undefined ? { latestTime: latest } : {}),
      file,
      bytes: result.stats.bytesIn,
      xmlBytes: result.stats.bytesDecoded,
      events: result.stats.events,
      // readSignals gives none for a rejected object (DOCTYPE/ENTITY): it is discarded whole
      signals: result.signals,
      errors: result.errors.map((e) => ({ file, offset: e.offset, reason: e.reason })),
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
  return { file, bytes: 0, xmlBytes: 0, events: 0, signals: [], errors: [{ file, offset: 0, reason }] };
}
