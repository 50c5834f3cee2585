import { Worker } from 'node:worker_threads';
import type { FuzzWorkerData, FuzzWorkerResult } from './fuzz-worker.ts';

export interface FuzzRun {
  cases: number;
  ms: number;
  workers: FuzzWorkerResult[];
  /** Workers ended by the watchdog: a case that never finished, or the whole run past its deadline. */
  hangs: { seed: number; caseIndex: number; stuckMs: number }[];
}

export interface FuzzPlan {
  cases: number;
  workers: number;
  seed: number;
  caseLimitMs: number;
  /** A case still running after this long is a hang: its worker is ended. */
  hangMs: number;
  /** The whole run is ended after this long. */
  deadlineMs: number;
  heapEvery: number;
}

/** Runs the cases in worker threads (one per core), a watchdog over each. */
export async function runFuzz(plan: FuzzPlan): Promise<FuzzRun> {
  const started = performance.now();
  const hangs: FuzzRun['hangs'] = [];
  const share = Math.ceil(plan.cases / plan.workers);
  const results = await Promise.all(
    Array.from({ length: plan.workers }, (_, i) => {
      const progress = new SharedArrayBuffer(8);
      const data: FuzzWorkerData = {
        seed: plan.seed + i,
        runs: Math.min(share, plan.cases - i * share),
        caseLimitMs: plan.caseLimitMs,
        heapEvery: plan.heapEvery,
        progress,
      };
      return watched(data, plan, (caseIndex, stuckMs) => hangs.push({ seed: data.seed, caseIndex, stuckMs }));
    }),
  );
  const workers = results.filter((r): r is FuzzWorkerResult => r !== undefined);
  return { cases: workers.reduce((n, w) => n + w.cases, 0), ms: performance.now() - started, workers, hangs };
}

function watched(
  data: FuzzWorkerData,
  plan: FuzzPlan,
  hung: (caseIndex: number, stuckMs: number) => void,
): Promise<FuzzWorkerResult | undefined> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./fuzz-worker.ts', import.meta.url), { workerData: data });
    const slots = new Int32Array(data.progress);
    const born = performance.now();
    const timer = setInterval(() => {
      const now = performance.now() - born;
      const stuck = now - Atomics.load(slots, 1);
      if (Atomics.load(slots, 0) > 0 && stuck > plan.hangMs) {
        hung(Atomics.load(slots, 0) - 1, stuck);
        void worker.terminate();
      } else if (now > plan.deadlineMs) {
        hung(-1, now);
        void worker.terminate();
      }
    }, 250);
    worker.once('message', (result: FuzzWorkerResult) => {
      clearInterval(timer);
      resolve(result);
    });
    worker.once('error', (error) => {
      clearInterval(timer);
      reject(error);
    });
    worker.once('exit', () => {
      clearInterval(timer);
      resolve(undefined);
    });
  });
}
