import { parentPort } from 'node:worker_threads';
import { scanFile } from './file-scan.ts';

// A reading thread of the scan pool: one file per message, its FileScan back.
parentPort?.on('message', async (file: string) => {
  parentPort?.postMessage(await scanFile(file));
});
