import { applyContributions } from '../correlation/contribution.ts';
import type { CorrelationConfig } from '../correlation/correlation-config.ts';
import { type CoverageRun, type KnownRuns, runsOverlap } from '../correlation/coverage.ts';
import type { HostState } from '../correlation/host-state.ts';
import type { Incident, UnexplainedFailures } from '../correlation/incident.ts';
import { incidentsOf } from '../correlation/incidents-of.ts';
import { type FileScan, type ScanError, scanFile } from './file-scan.ts';
import { listFiles } from './list-files.ts';
import { type AliasFileText, extractOptions, readFiles } from './reading-pool.ts';

export interface ScanStats {
  files: number;
  bytes: number;
  events: number;
  /** Distinct signal events (the same event read twice counts once). */
  signals: number;
  errors: ScanError[];
  /** Bytes of event text after decompression (not in the JSON document; for the rate). */
  xmlBytes: number;
  /** Files read a second time because they overlap files read before (their shared events count once). */
  reread: number;
}

export interface ScanResult {
  /** Incidents with at least `threshold` failures, by leak time. */
  incidents: Incident[];
  /** Leaks by dllhost/w3wp with no failure (still at risk, or cleared). */
  atRisk: Incident[];
  /** Per host named, failures that no leak explains. */
  unexplained: UnexplainedFailures[];
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
  /** A host alias file (`--aliases`): 10006s naming a server by address or alias count for that server. */
  aliases?: AliasFileText;
  /** Reading threads (default 2: both cores). */
  threads?: number;
  /** Below this many bytes in all the files are read in this thread (default 8 MiB). */
  minBytesForThreads?: number;
  onProgress?: (progress: ScanProgress) => void;
}

/**
 * The offline scan: exported logs in, incidents out, with the same bounded merge as the pipeline — memory bounded
 * by hosts and incidents, never by events, time linear in bytes.
 * 1. expand the paths into files (directories recursively);
 * 2. read the files on both cores, each folded as read into per-host states and the runs it claims (coverage.ts);
 * 3. merge each file's part as it comes; a file whose runs overlap runs already merged (overlapping exports) is
 *    read again against them, so a shared event counts once;
 * 4. derive the incidents per host, up to the latest event time read (the horizon for `quiet`).
 */
export async function scan(paths: readonly string[], options: ScanOptions): Promise<ScanResult> {
  const listed = await listFiles(paths);
  const progress: ScanProgress = { filesDone: 0, files: listed.files.length, bytes: 0, events: 0 };
  const merge = new ScanMerge(options.config);
  const overlapping: string[] = [];
  await readFiles(listed.files, {
    config: options.config,
    ...(options.aliases ? { aliases: options.aliases } : {}),
    threads: options.threads ?? 2,
    ...(options.minBytesForThreads === undefined ? {} : { minBytesForThreads: options.minBytesForThreads }),
    onFile: (done: FileScan) => {
      progress.filesDone += 1;
      progress.bytes += done.bytes;
      progress.events += done.events;
      options.onProgress?.({ ...progress });
      if (merge.overlaps(done)) overlapping.push(done.file);
      else merge.add(done);
    },
  });
  const extract = extractOptions(options.aliases);
  for (const file of overlapping) merge.add(await scanFile(file, options.config, merge.known, extract));
  return merge.result(listed.errors, listed.files.length, overlapping.length);
}

/** The scan's running state: host states, the runs merged so far, and the totals. */
class ScanMerge {
  private readonly states = new Map<string, HostState>();
  private readonly runs = new Map<string, CoverageRun[]>();
  private readonly scans: Omit<FileScan, 'contributions'>[] = [];
  private latest: string | undefined;

  constructor(private readonly config: CorrelationConfig) {}

  readonly known: KnownRuns = (computer, channel) => this.runs.get(`${computer}|${channel}`) ?? [];

  overlaps(scan: FileScan): boolean {
    return scan.contributions.some((c) =>
      c.runs.some((run) =>
        this.known(run.computer, run.channel, run.from).some((mine) => runsOverlap(mine, run)),
      ),
    );
  }

  add(scan: FileScan): void {
    const { contributions, ...totals } = scan;
    applyContributions(this.states, contributions, this.config);
    for (const run of contributions.flatMap((c) => c.runs)) {
      const key = `${run.computer}|${run.channel}`;
      this.runs.set(key, [...(this.runs.get(key) ?? []), run]);
    }
    // only the totals are kept per file: a few numbers and its errors
    this.scans.push({ ...totals, errors: totals.errors });
    if (scan.latestTime && (!this.latest || scan.latestTime > this.latest)) this.latest = scan.latestTime;
  }

  result(listErrors: readonly ScanError[], files: number, reread: number): ScanResult {
    const incidents: Incident[] = [];
    const atRisk: Incident[] = [];
    const unexplained: UnexplainedFailures[] = [];
    for (const state of this.states.values()) {
      const horizon = this.latest && state.latest && state.latest > this.latest ? state.latest : this.latest;
      const host = incidentsOf(state, this.config, horizon);
      for (const incident of host.incidents) {
        if (incident.failureCount === 0) atRisk.push(incident);
        else if (incident.alertable) incidents.push(incident);
      }
      if (host.unexplained) unexplained.push(host.unexplained);
    }
    const byLeak = (a: Incident, b: Incident) =>
      compare(a.leakAt, b.leakAt) || compare(a.host, b.host) || compare(a.id, b.id);
    const errors = [...listErrors, ...this.scans.flatMap((s) => s.errors)].sort(
      (a, b) => compare(a.file, b.file) || a.offset - b.offset,
    );
    const sum = (f: (s: Omit<FileScan, 'contributions'>) => number) =>
      this.scans.reduce((n, s) => n + f(s), 0);
    // a re-read file was counted twice in bytes and events: once per read; count each file once
    const once = new Map(this.scans.map((s) => [s.file, s]));
    const total = (f: (s: Omit<FileScan, 'contributions'>) => number) =>
      [...once.values()].reduce((n, s) => n + f(s), 0);
    return {
      incidents: incidents.sort(byLeak),
      atRisk: atRisk.sort(byLeak),
      unexplained: unexplained.sort((a, b) => compare(a.host, b.host)),
      stats: {
        files,
        bytes: total((s) => s.bytes),
        events: total((s) => s.events),
        signals: sum((s) => s.admitted),
        errors,
        xmlBytes: total((s) => s.xmlBytes),
        reread,
      },
    };
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
