import { correlate } from '../correlation/correlate.ts';
import type { CorrelationConfig } from '../correlation/correlation-config.ts';
import { distinctSignals } from '../correlation/distinct-signals.ts';
import type { Incident } from '../correlation/incident.ts';
import type { Signal } from '../signals/signal.ts';
import type { FileScan, ScanError } from './file-scan.ts';
import { listFiles } from './list-files.ts';
import { readFiles } from './reading-pool.ts';

export interface ScanStats {
  files: number;
  bytes: number;
  events: number;
  /** Distinct signal events (the same event read twice counts once). */
  signals: number;
  errors: ScanError[];
  /** Bytes of event text after gunzip (not in the JSON document; for the rate). */
  xmlBytes: number;
}

export interface ScanResult {
  /** Incidents with at least `threshold` failures, by leak time. */
  incidents: Incident[];
  stats: ScanStats;
}

export interface ScanProgress {
  filesDone: number;
  files: number;
  bytes: number;
  events: number;
}

export interface ScanOptions {
  config: CorrelationConfig;
  /** Reading threads (default 2: both cores). */
  threads?: number;
  /** Below this many bytes in all the files are read in this thread (default 8 MiB). */
  minBytesForThreads?: number;
  onProgress?: (progress: ScanProgress) => void;
}

/**
 * The offline scan: exported logs in, incidents out.
 * 1. expand the paths into files (directories recursively)
 * 2. read every file with the streaming reader, on both cores; unreadable files become errors
 * 3. correlate every signal at once, up to the latest event time read (the horizon for "quiet")
 * 4. keep the incidents that reached the threshold
 */
export async function scan(paths: readonly string[], options: ScanOptions): Promise<ScanResult> {
  const listed = await listFiles(paths);
  const progress: ScanProgress = { filesDone: 0, files: listed.files.length, bytes: 0, events: 0 };
  const scans = await readFiles(listed.files, {
    threads: options.threads ?? 2,
    ...(options.minBytesForThreads === undefined ? {} : { minBytesForThreads: options.minBytesForThreads }),
    onFile: (done: FileScan) => {
      progress.filesDone += 1;
      progress.bytes += done.bytes;
      progress.events += done.events;
      options.onProgress?.({ ...progress });
    },
  });
  const signals = distinctSignals(scans.flatMap((s) => s.signals));
  const incidents = correlate(signals, options.config, horizonOf(scans, signals)).filter(
    (incident) => incident.alertable,
  );
  const errors = [...listed.errors, ...scans.flatMap((s) => s.errors)].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.offset - b.offset,
  );
  return {
    incidents,
    stats: {
      files: listed.files.length,
      bytes: scans.reduce((sum, s) => sum + s.bytes, 0),
      events: scans.reduce((sum, s) => sum + s.events, 0),
      signals: signals.length,
      errors,
      xmlBytes: scans.reduce((sum, s) => sum + s.xmlBytes, 0),
    },
  };
}

/** The latest event time the scan saw: an incident is resolved only if the logs show `quiet` without a failure. */
function horizonOf(scans: readonly FileScan[], signals: readonly Signal[]): string | undefined {
  let latest: string | undefined;
  for (const time of [...scans.map((s) => s.latestTime), ...signals.map((s) => s.time)]) {
    if (time !== undefined && (latest === undefined || time > latest)) latest = time;
  }
  return latest;
}
