import type { CoverageRun } from '../correlation/coverage.ts';
import { type CoverageBucket, hourBucket } from './host-ledger.port.ts';

/** A run spanning more hour buckets than this is kept in the channel's `long` bucket instead. */
export const HOURS_PER_RUN = 3;

/** The buckets a run is stored in: each hour it spans, or `long`. */
export function bucketsOfRun(run: CoverageRun): string[] {
  const first = Date.parse(`${hourBucket(run.from)}:00:00Z`);
  const hours = (Date.parse(`${hourBucket(run.to)}:00:00Z`) - first) / 3_600_000 + 1;
  if (hours > HOURS_PER_RUN) return ['long'];
  return Array.from({ length: hours }, (_, i) => new Date(first + i * 3_600_000).toISOString().slice(0, 13));
}

/** The buckets with this object's runs added (each bucket must have been read; see HostLedger.coverage). */
export function placeRuns(
  runs: readonly CoverageRun[],
  buckets: readonly CoverageBucket[],
): { bucket: CoverageBucket; runs: CoverageRun[] }[] {
  const placed = new Map<string, { bucket: CoverageBucket; runs: CoverageRun[] }>();
  for (const run of runs) {
    for (const name of bucketsOfRun(run)) {
      const key = `${run.computer}|${run.channel}|${name}`;
      let entry = placed.get(key);
      if (!entry) {
        const bucket = buckets.find(
          (b) => b.computer === run.computer && b.channel === run.channel && b.bucket === name,
        );
        if (!bucket) throw new Error(`coverage bucket ${key} was not read before writing`);
        entry = { bucket, runs: [...bucket.runs] };
        placed.set(key, entry);
      }
      entry.runs.push(run);
    }
  }
  return [...placed.values()];
}
