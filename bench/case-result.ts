import { z } from 'zod';

/** The measured cases and what a case's child process reports (parsed with zod at the process edge). */
export const CASES = [
  'ours-gzip',
  'ours-xml',
  'ours-memory',
  'fxp',
  'saxes',
  'gunzip',
  'ours-1gb',
  'ours-1gb-capped',
  'ours-security',
  'fxp-security',
  'idle',
  'inflate-gzip',
  'inflate-zstd',
  'ours-zstd',
  'ours-fluentbit-gzip',
  'ours-fluentbit-zstd',
  'ours-cloudwatch',
  'ours-winlogbeat',
  'fxp-fluentbit',
  'fxp-cloudwatch',
  'fxp-winlogbeat',
] as const;
export type CaseName = (typeof CASES)[number];

export const CaseResultSchema = z.object({
  name: z.enum(CASES),
  /** Seconds per repetition. */
  seconds: z.array(z.number()),
  /** CPU seconds (user + system, all threads) per repetition: what the case costs whatever else runs. */
  cpuSeconds: z.array(z.number()),
  /** Bytes of the object after decompression processed per repetition (XML or a shipper's JSON). */
  bytes: z.number(),
  /** Bytes of event XML in them (UTF-8, JSON escapes undone): set by the bench from the corpus's manifest. */
  xmlBytes: z.number().optional(),
  events: z.number(),
  decoded: z.number(),
  errors: z.number(),
  signals: z.number(),
  peakRssMb: z.number(),
  pending: z.boolean().optional(),
});
export type CaseResult = z.infer<typeof CaseResultSchema>;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** The fastest repetition: the one least disturbed by other work on a shared machine. */
export function best(r: CaseResult): number {
  return Math.min(...r.seconds);
}

/**
 * MB/s of the object after decompression (1 MB = 10^6 bytes; for the XML corpora that is the XML).
 * 'cpu': per CPU second of the least-disturbed run (other work on a shared machine only adds CPU time
 * through cache and core contention), which is what one idle core delivers; 'best' / 'median': wall clock.
 */
export function mbPerSecond(r: CaseResult, of: 'cpu' | 'best' | 'median' = 'cpu'): number {
  const seconds = of === 'cpu' ? Math.min(...r.cpuSeconds) : of === 'best' ? best(r) : median(r.seconds);
  return r.bytes / 1e6 / seconds;
}

/** MB/s of event XML per CPU second, best run (what a JSON layout carries; the bytes themselves for XML). */
export function xmlMbPerSecond(r: CaseResult): number {
  return (r.xmlBytes ?? r.bytes) / 1e6 / Math.min(...r.cpuSeconds);
}
