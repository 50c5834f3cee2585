import { Worker } from 'node:worker_threads';
import { type FileScan, reasonOf, scanFile, unreadable } from './file-scan.ts';
import type { ListedFile } from './list-files.ts';

export interface ReadingOptions {
  /** Reading threads; 1 reads in this thread. */
  threads: number;
  /** Called after each file, for progress. */
  onFile?: (scan: FileScan) => void;
  /** Below this many bytes in all, starting threads costs more than it saves (default 8 MiB). */
  minBytesForThreads?: number;
}

const THREADS_WORTH_IT_BYTES = 8 * 1024 * 1024;

/**
 * Reads every file, in this thread and `threads − 1` workers when there are several files and enough
 * bytes (the reader is CPU-bound: one thread per core). Results come back in the order of `files`.
 */
export async function readFiles(files: readonly ListedFile[], options: ReadingOptions): Promise<FileScan[]> {
  const total = files.reduce((sum, f) => sum + f.size, 0);
  const threads = Math.min(options.threads, files.length);
  if (threads <= 1 || total < (options.minBytesForThreads ?? THREADS_WORTH_IT_BYTES)) {
    const scans: FileScan[] = [];
    for (const { file } of files) {
      const scan = await scanFile(file);
      options.onFile?.(scan);
      scans.push(scan);
    }
    return scans;
  }
  return readInThreads(files, threads, options.onFile);
}

async function readInThreads(
  files: readonly ListedFile[],
  threads: number,
  onFile: ((scan: FileScan) => void) | undefined,
): Promise<FileScan[]> {
  const results = new Map<string, FileScan>();
  // largest first, so that one big file read last does not leave a core idle
  const queue = [...files].sort((a, b) => b.size - a.size).map((f) => f.file);
  const done = (scan: FileScan) => {
    results.set(scan.file, scan);
    onFile?.(scan);
  };
  /** Reads the rest of the queue in this thread: when a worker cannot run (e.g. no TypeScript loader), nothing is lost. */
  const drainHere = async () => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) done(await scanFile(file));
  };
  const runThread = () =>
    new Promise<void>((resolve) => {
      let current: string | undefined;
      const worker = startWorker();
      const next = () => {
        current = queue.shift();
        if (current === undefined) void worker.terminate().then(() => resolve());
        else worker.postMessage(current);
      };
      worker.on('message', (scan: FileScan) => {
        done(scan);
        next();
      });
      const lost = (error: unknown) => {
        if (current === undefined) return;
        const file = current;
        current = undefined;
        void worker.terminate();
        // the file is read again here: its error, if any, is the reader's, not the thread's
        scanFile(file)
          .catch((cause) => failed(file, cause ?? error))
          .then(done)
          .then(drainHere)
          .then(resolve);
      };
      worker.once('error', lost);
      worker.once('exit', (code) => lost(new Error(`thread exited with code ${code}`)));
      next();
    });
  // this thread reads too: `threads` counts it, so two threads cost one worker's start-up
  await Promise.all([drainHere(), ...Array.from({ length: threads - 1 }, runThread)]);
  return files.map((f) => results.get(f.file) ?? failed(f.file, new Error('not read')));
}

/** A worker on this module's sibling; under tsx (a .ts file) the thread loads tsx too. */
function startWorker(): Worker {
  const url = new URL(`./scan-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
  const execArgv = url.pathname.endsWith('.ts') ? ['--import', import.meta.resolve('tsx')] : [];
  return new Worker(url, { execArgv });
}

function failed(file: string, error: unknown): FileScan {
  return unreadable(file, `reader thread failed: ${reasonOf(error)}`);
}
