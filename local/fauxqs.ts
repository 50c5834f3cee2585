import { mkdirSync } from 'node:fs';
import { type FauxqsServer, startFauxqs } from 'fauxqs';
import { localRegion } from './local-aws.ts';

export interface FauxqsOptions {
  port?: number;
  /** Keep S3 objects as files under this folder (queues and topics are recreated on each start). */
  dataDir?: string;
}

export interface LocalFauxqs {
  /** One endpoint for S3 (path style), SQS and SNS. */
  readonly endpoint: string;
  readonly server: FauxqsServer;
  stop(): Promise<void>;
}

/** Starts fauxqs in this process on a loopback port (0 = the OS picks a free one). */
export async function startLocalFauxqs(options: FauxqsOptions = {}): Promise<LocalFauxqs> {
  const persistence = options.dataDir ? { s3StorageDir: `${options.dataDir}/s3` } : {};
  if (options.dataDir) mkdirSync(`${options.dataDir}/s3`, { recursive: true });
  const server = await startFauxqs({
    port: options.port ?? 0,
    logger: false,
    host: '127.0.0.1',
    defaultRegion: localRegion,
    ...persistence,
  });
  return { endpoint: `http://127.0.0.1:${server.port}`, server, stop: () => server.stop() };
}
