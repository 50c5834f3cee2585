import { parentPort, workerData } from 'node:worker_threads';
import type { CorrelationConfig } from '../correlation/correlation-config.ts';
import { scanFile } from './file-scan.ts';
import { type AliasFileText, extractOptions } from './reading-pool.ts';

const data = workerData as { config: CorrelationConfig; aliases?: AliasFileText };
const options = extractOptions(data.aliases);

// A reading thread of the scan pool: one file per message, its FileScan back.
parentPort?.on('message', async (file: string) => {
  parentPort?.postMessage(await scanFile(file, data.config, undefined, options));
});
