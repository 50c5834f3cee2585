import { Worker } from 'node:worker_threads';
import type { CorrelationConfig } from '../correlation/correlation-config.ts';
import type { ExtractOptions } from '../signals/extract-signals.ts';
import { parseHostAliases } from '../signals/host-aliases.ts';
import { type FileScan, reasonOf, scanFile, unreadable } from './file-scan.ts';
import type { ListedFile } from './list-files.ts';

/** An alias file as text: parsed again in each reading thread (a resolver does not cross a thread boundary). */
export interface AliasFileText {
  text: string;
  file: string;
}

export interface ReadingOptions {
  config: CorrelationConfig;
  aliases?: AliasFileText;
  /** Reading threads; 1 reads in this thread. */
  threads: number;
  /** Called after each file, as it is done: the only place its result goes (nothing is kept here). */
  onFile: (scan: FileScan) => void;
  /** Below this many bytes in all, starting threads costs more than it saves (default 8 MiB). */
  minBytesForThreads?: number;
}

const THREADS_WORTH_IT_BYTES = 8 * 1024 * 1024;

/**
 * Reads every file, in this thread and `threads − 1` workers when there are several files and enough
 * bytes (the reader is CPU-bound: one thread per core). Each result goes to `onFile` as it is done.
 */
export async function readFiles(files: readonly ListedFile[], options: ReadingOptions): Promise<void> {
  const total = files.reduce((sum, f) => sum + f.size, 0);
  const threads = Math.min(options.threads, files.length);
  if (threads <= 1 || total < (options.minBytesForThreads ?? THREADS_WORTH_IT_BYTES)) {
    const extract = extractOptions(options.aliases);
    for (const { file } of files) options.onFile(await scanFile(file, options.config, undefined, extract));
    return;
  }
  await readInThreads(files, threads, options, options.onFile);
}

async function readInThreads(
  files: readonly ListedFile[],
  threads: number,
  options: ReadingOptions,
  onFile: (scan: FileScan) => void,
): Promise<void> {
  const { config } = options;
  const extract = extractOptions(options.aliases);
  const done = new Set<string>();
  // largest first, so that one big file read last does not leave a core idle
  const queue = [...files].sort((a, b) => b.size - a.size).map((f) => f.file);
  const finish = (scan: FileScan) => {
    done.add(scan.file);
    onFile(scan);
  };
  /** Reads the rest of the queue in this thread: when a worker cannot run (e.g. no TypeScript loader), nothing is lost. */
  const drainHere = async () => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift())
      finish(await scanFile(file, config, undefined, extract));
  };
  const runThread = () =>
    new Promise<void>((resolve) => {
      let current: string | undefined;
      const worker = startWorker(config, options.aliases);
      const next = () => {
        current = queue.shift();
        if (current === undefined) void worker.terminate().then(() => resolve());
        else worker.postMessage(current);
      };
      worker.on('message', (scan: FileScan) => {
        finish(scan);
        next();
      });
      const lost = (error: unknown) => {
        if (current === undefined) return;
        const file = current;
        current = undefined;
        void worker.terminate();
        // the file is read again here: its error, if any, is the reader's, not the thread's
        scanFile(file, config, undefined, extract)
          .catch((cause) => failed(file, cause ?? error))
          .then(finish)
          .then(drainHere)
          .then(resolve);
      };
      worker.once('error', lost);
      worker.once('exit', (code) => lost(new Error(`thread exited with code ${code}`)));
      next();
    });
  // this thread reads too: `threads` counts it, so two threads cost one worker's start-up
  await Promise.all([drainHere(), ...Array.from({ length: threads - 1 }, runThread)]);
  for (const f of files) if (!done.has(f.file)) finish(failed(f.file, new Error('not read')));
}

/** A worker on this module's sibling; under tsx (a .ts file) the thread loads tsx too. */
function startWorker(config: CorrelationConfig, aliases: AliasFileText | undefined): Worker {
  const url = new URL(`./scan-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
  const execArgv = url.pathname.endsWith('.ts') ? ['--import', import.meta.resolve('tsx')] : [];
  // a small young generation: decoding a failure storm allocates fast, and a default one grows to ~100 MB per thread
  return new Worker(url, {
    execArgv,
    workerData: { config, ...(aliases ? { aliases } : {}) },
    resourceLimits: { maxYoungGenerationSizeMb: 24 },
  });
}

/** The resolver of an alias file, for this thread. */
export function extractOptions(aliases: AliasFileText | undefined): ExtractOptions {
  return aliases ? { aliases: parseHostAliases(aliases.text, aliases.file) } : {};
}

function failed(file: string, error: unknown): FileScan {
  return unreadable(file, `reader thread failed: ${reasonOf(error)}`);
}
