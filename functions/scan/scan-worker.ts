import { parentPort, workerData } from 'node:worker_threads';
import type { CorrelationConfig } from '../correlation/correlation-config.ts';
import { scanFile } from './file-scan.ts';

const config = (workerData as { config: CorrelationConfig }).config;

// A reading thread of the scan pool: one file per message, its FileScan back.
parentPort?.on('message', async (file: string) => {
  parentPort?.postMessage(await scanFile(file, config));
});
