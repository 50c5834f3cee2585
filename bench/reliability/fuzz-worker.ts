/**
 * One fuzz worker (a worker thread): `runs` fast-check cases from `seed`, each read to the end. A case fails when the
 * reader throws, breaks its contract (fuzz-check.ts) or takes longer than `caseLimitMs`; the parent's watchdog sees
 * each case start in `progress` and ends the worker when one never finishes. Heap after a full GC is sampled every
 * `heapEvery` cases.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import { readEvents } from '../../functions/reader/read-events.ts';
import { chunksOf, type FuzzCase, fuzzCase } from './fuzz-cases.ts';
import { readMisses } from './fuzz-check.ts';
import { fuzzObjects } from './fuzz-objects.ts';

export interface FuzzWorkerData {
  seed: number;
  runs: number;
  caseLimitMs: number;
  heapEvery: number;
  /** Int32 slots: [cases started, ms since the worker's start when the current case started]. */
  progress: SharedArrayBuffer;
}

export interface FuzzWorkerResult {
  seed: number;
  cases: number;
  ms: number;
  /** Heap used after a full GC (MB), every heapEvery cases from the first. */
  heapMb: number[];
  /** The slowest cases: ms and origin. */
  slowest: { ms: number; origin: string }[];
  /** Case durations, in ms, sorted (for percentiles). */
  percentiles: { p50: number; p99: number; p999: number; max: number };
  failure?: { error: string; origin: string; bytes: number; path: string; counterexample: string };
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const data = workerData as FuzzWorkerData;
const progress = new Int32Array(data.progress);
const started = performance.now();
const objects = fuzzObjects();
const durations: number[] = [];
const slowest: { ms: number; origin: string }[] = [];
const heapMb: number[] = [];

async function readCase(c: FuzzCase): Promise<void> {
  Atomics.store(progress, 1, Math.round(performance.now() - started));
  Atomics.add(progress, 0, 1);
  const t0 = performance.now();
  const stream = readEvents(chunksOf(c), c.options);
  const items = [];
  for await (const item of stream) items.push(item);
  const ms = performance.now() - t0;
  durations.push(ms);
  if (slowest.length < 5 || ms > (slowest.at(-1)?.ms ?? 0)) {
    slowest.push({ ms, origin: c.origin });
    slowest.sort((a, b) => b.ms - a.ms).splice(5);
  }
  if (durations.length % data.heapEvery === 1) {
    gc();
    heapMb.push(process.memoryUsage().heapUsed / 2 ** 20);
  }
  const misses = readMisses(items, stream.stats);
  if (ms > data.caseLimitMs) misses.push(`took ${ms.toFixed(0)} ms (limit ${data.caseLimitMs} ms)`);
  if (misses.length > 0) throw new Error(misses.join('; '));
}

const run = await fc.check(fc.asyncProperty(fuzzCase(objects), readCase), {
  seed: data.seed,
  numRuns: data.runs,
});
gc();
heapMb.push(process.memoryUsage().heapUsed / 2 ** 20);
const sorted = [...durations].sort((a, b) => a - b);
const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const result: FuzzWorkerResult = {
  seed: data.seed,
  cases: run.numRuns,
  ms: performance.now() - started,
  heapMb,
  slowest,
  percentiles: { p50: at(0.5), p99: at(0.99), p999: at(0.999), max: sorted.at(-1) ?? 0 },
};
if (run.failed) {
  const example = run.counterexample?.[0] as FuzzCase | undefined;
  result.failure = {
    error: String((run.errorInstance as Error | undefined)?.message ?? run.errorInstance).slice(0, 500),
    origin: example?.origin ?? '?',
    bytes: example?.bytes.length ?? 0,
    path: run.counterexamplePath ?? '',
    counterexample: example
      ? `${example.bytes.subarray(0, 120).toString('hex')} cuts ${example.cuts.join(',')}`
      : '',
  };
}
parentPort?.postMessage(result);
