import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../local/dynamodb-local.ts';
import { freeLoopbackPort } from '../../local/free-port.ts';
import { localCredentials, localRegion } from '../../local/local-aws.ts';
import { processTreeCpuSeconds } from './cpu-time.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** SDK clients for the driver (uploads, the on-call queue, reading the tables back). */
export interface DriverClients {
  s3: S3Client;
  sqs: SQSClient;
  sns: SNSClient;
  dynamodb: DynamoDBClient;
}

/** DynamoDB Local and fauxqs, each in its own process (so their CPU time and memory are apart from the driver's). */
export interface Services {
  readonly messaging: string;
  readonly dynamodb: { endpoint: string };
  readonly clients: DriverClients;
  /** CPU seconds DynamoDB Local (every instance, stopped ones included) and fauxqs have used so far. */
  cpuSeconds(): { dynamodb: number; fauxqs: number };
  /**
   * Stops DynamoDB Local and starts it again on the same port and data folder (`-dbPath`) after `downMs`: the
   * functions see connection errors meanwhile. Only for services started with a data folder.
   */
  restartDynamoDb(downMs: number): Promise<{ downSeconds: number }>;
  /** Throws when DynamoDB Local or fauxqs has gone without being asked to (another process on the machine killed it). */
  assertAlive(): void;
  stop(): Promise<void>;
}

export class ServiceGoneError extends Error {
  override readonly name = 'ServiceGoneError';
}

/** `persistent`: DynamoDB Local keeps its tables in a folder (so it can be restarted); in memory otherwise. */
export async function startServices(options: { persistent?: boolean } = {}): Promise<Services> {
  const dir = mkdtempSync(join(tmpdir(), 'hivewatch-reliability-'));
  const dbPath = options.persistent ? join(dir, 'dynamodb') : undefined;
  const port = await freeLoopbackPort();
  let dynamodb: DynamoDbLocal = await startDynamoDbLocal({ port, ...(dbPath ? { dbPath } : {}) });
  let stoppedDynamoCpu = 0;
  const fauxqs = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/fauxqs-process.ts', join(dir, 'fauxqs')],
    {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const orphan = () => fauxqs.kill('SIGKILL'); // fauxqs would outlive a driver stopped by a signal
  process.once('exit', orphan);
  const messaging = await firstLine(fauxqs);
  const common = { region: localRegion, credentials: localCredentials };
  const clients = {
    s3: new S3Client({ ...common, endpoint: messaging, forcePathStyle: true }),
    sqs: new SQSClient({ ...common, endpoint: messaging }),
    sns: new SNSClient({ ...common, endpoint: messaging }),
    dynamodb: new DynamoDBClient({ ...common, endpoint: dynamodb.endpoint }),
  };
  const dynamoCpu = () => (dynamodb.pid ? processTreeCpuSeconds(dynamodb.pid) : 0);
  let restarting = false;
  let stopping: Promise<void> | undefined;
  const running = (pid: number | undefined) => {
    try {
      return pid !== undefined && process.kill(pid, 0);
    } catch {
      return false;
    }
  };
  return {
    messaging,
    dynamodb: { endpoint: dynamodb.endpoint },
    clients,
    cpuSeconds: () => ({
      dynamodb: stoppedDynamoCpu + dynamoCpu(),
      fauxqs: fauxqs.pid ? processTreeCpuSeconds(fauxqs.pid) : 0,
    }),
    async restartDynamoDb(downMs) {
      if (!dbPath) throw new Error('DynamoDB Local runs in memory here: a restart would lose its tables');
      const stoppedAt = performance.now();
      stoppedDynamoCpu += dynamoCpu();
      restarting = true;
      await dynamodb.stop();
      await new Promise((r) => setTimeout(r, downMs));
      dynamodb = await startDynamoDbLocal({ port, dbPath });
      restarting = false;
      return { downSeconds: (performance.now() - stoppedAt) / 1000 };
    },
    assertAlive() {
      if (!restarting && !running(dynamodb.pid))
        throw new ServiceGoneError(
          `DynamoDB Local (pid ${dynamodb.pid}) is gone: something else on this machine ended it`,
        );
      if (fauxqs.exitCode !== null || fauxqs.signalCode !== null)
        throw new ServiceGoneError(
          `fauxqs (pid ${fauxqs.pid}) exited (${fauxqs.exitCode ?? fauxqs.signalCode})`,
        );
    },
    stop() {
      stopping ??= (async () => {
        for (const client of Object.values(clients)) client.destroy();
        process.removeListener('exit', orphan);
        const gone =
          fauxqs.exitCode === null && fauxqs.signalCode === null
            ? new Promise((done) => fauxqs.once('exit', done))
            : undefined;
        fauxqs.kill('SIGTERM');
        await Promise.all([gone, dynamodb.stop()]);
        rmSync(dir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
}

function firstLine(child: ChildProcess): Promise<string> {
  if (!child.stdout) throw new Error('child has no stdout');
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return lines.next().then((line) => {
    if (line.done) throw new Error('fauxqs exited before it printed its endpoint');
    return String(line.value);
  });
}
