import type { CoverageRun } from '../correlation/coverage.ts';
import { type CoverageBucket, type HostLedger, hourBucket } from './host-ledger.port.ts';
import { bucketsOfRun } from './place-runs.ts';

/**
 * The coverage buckets one object needs, read once each as the object is read (the reader's loop awaits them),
 * then looked up synchronously by the de-duplication.
 */
export class CoverageCache {
  private readonly buckets = new Map<string, CoverageBucket>();

  constructor(private readonly ledger: HostLedger) {}

  /** Reads the buckets that may claim a signal of (computer, channel) at `time`, unless read already. */
  async ensure(computer: string, channel: string, time: string): Promise<void> {
    if (this.buckets.has(keyOf(computer, channel, hourBucket(time)))) return;
    for (const bucket of await this.ledger.coverage(computer, channel, time)) this.remember(bucket);
  }

  /** Reads every bucket these runs will be stored in (a run may span an hour no signal was looked up in). */
  async ensureRuns(runs: readonly CoverageRun[]): Promise<void> {
    const missing = runs.flatMap((run) =>
      bucketsOfRun(run)
        .filter((bucket) => !this.buckets.has(keyOf(run.computer, run.channel, bucket)))
        .map((bucket) => ({ computer: run.computer, channel: run.channel, bucket, runs: [], version: 0 })),
    );
    if (missing.length === 0) return;
    for (const bucket of await this.ledger.refreshCoverage(missing)) this.remember(bucket);
  }

  /** The runs known for the signal's channel and hour (see CoverageTracker). */
  readonly known = (computer: string, channel: string, time: string): readonly CoverageRun[] => [
    ...(this.buckets.get(keyOf(computer, channel, hourBucket(time)))?.runs ?? []),
    ...(this.buckets.get(keyOf(computer, channel, 'long'))?.runs ?? []),
  ];

  /** The buckets read, for placing runs (place-runs.ts). */
  all(): CoverageBucket[] {
    return [...this.buckets.values()];
  }

  private remember(bucket: CoverageBucket): void {
    this.buckets.set(keyOf(bucket.computer, bucket.channel, bucket.bucket), bucket);
  }
}

function keyOf(computer: string, channel: string, bucket: string): string {
  return `${computer}|${channel}|${bucket}`;
}
