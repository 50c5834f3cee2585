/**
 * `npm run bench:pipeline`: the local pipeline measured end to end. DynamoDB Local (Java) and fauxqs each run
 * in their own process, and so does the ingest function (bench/pipeline-lambda.ts), so its peak RSS is the
 * function's own. Cases: the morning scenario (upload → alert), many objects (objects/s, MB/s), and one
 * gzip object over 200 MB with the signals at its very end (bounded memory, upload → alert).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { startDynamoDbLocal } from '../local/dynamodb-local.ts';
import { localCredentials, localRegion } from '../local/local-aws.ts';
import { localPipelineEnv } from '../local/local-pipeline.ts';
import { receiveAlerts } from '../local/on-call.ts';
import { createLocalResources, type LocalResources, localResourceNames } from '../local/resources.ts';
import { uploadAndNotify } from '../local/s3-notification-shim.ts';
import { writeMorningScenario } from '../samples/morning-scenario.ts';
import { ensureBigObject } from './big-object.ts';

const DATA = 'bench/.data/pipeline';
const tsx = 'node_modules/.bin/tsx';
const say = (line: string) => process.stdout.write(`${line}\n`);

const dynamodb = await startDynamoDbLocal();
const fauxqsDir = mkdtempSync(join(tmpdir(), 'hivewatch-bench-s3-'));
const fauxqs = spawn(tsx, ['bench/fauxqs-process.ts', fauxqsDir], { stdio: ['ignore', 'pipe', 'inherit'] });
try {
  const messaging = await firstLine(fauxqs);
  const common = { region: localRegion, credentials: localCredentials };
  const clients = {
    s3: new S3Client({ ...common, endpoint: messaging, forcePathStyle: true }),
    sqs: new SQSClient({ ...common, endpoint: messaging }),
    sns: new SNSClient({ ...common, endpoint: messaging }),
    dynamodb: new DynamoDBClient({ ...common, endpoint: dynamodb.endpoint }),
  };
  const endpoints = { messaging, dynamodb: dynamodb.endpoint, region: localRegion };
  say(`pipeline bench — node ${process.version}, DynamoDB Local ${dynamodb.endpoint}, fauxqs ${messaging}\n`);

  /** Uploads objects, runs the function process until all succeeded, waits for the alert on the on-call queue. */
  async function runCase(name: string, objects: { key: string; file: string }[], batchSize = 10) {
    const resources = await createLocalResources(clients, localResourceNames(`b-${name}`));
    const lambda = await startLambda(resources, objects.length, batchSize);
    const started = performance.now();
    let bytes = 0;
    for (const object of objects) {
      bytes += statSync(object.file).size;
      await uploadAndNotify(clients, resources.queueUrl, {
        bucket: resources.names.bucket,
        key: object.key,
        body: createReadStream(object.file),
      });
    }
    const uploadSeconds = (performance.now() - started) / 1000;
    let alertSeconds: number | undefined;
    while (alertSeconds === undefined) {
      const alerts = await receiveAlerts(clients.sqs, resources.onCallQueueUrl, 1);
      if (alerts.length > 0) alertSeconds = (performance.now() - started) / 1000;
    }
    const figures = JSON.parse(await lambda()) as {
      succeeded: number;
      failed: number;
      seconds: number;
      idleRssMb: number;
      maxRssMb: number;
    };
    const mb = bytes / 1024 / 1024;
    say(
      `${name.padEnd(10)} ${String(objects.length).padStart(4)} objects ${mb.toFixed(1).padStart(7)} MB  ` +
        `upload ${uploadSeconds.toFixed(1)} s  ingest ${figures.seconds.toFixed(1)} s = ` +
        `${(figures.succeeded / figures.seconds).toFixed(1)} objects/s, ${(mb / figures.seconds).toFixed(1)} MB/s  ` +
        `upload→alert ${alertSeconds.toFixed(1)} s  function RSS ${figures.idleRssMb.toFixed(0)} MB idle, ` +
        `${figures.maxRssMb.toFixed(0)} MB peak` +
        (figures.failed > 0 ? `  (${figures.failed} failed)` : ''),
    );
    return { figures, mb, alertSeconds };
  }

  /** Starts the function process; resolves once it is ready, to a function awaiting its figures. */
  async function startLambda(resources: LocalResources, expected: number, batchSize: number) {
    const job = {
      endpoints,
      env: localPipelineEnv(resources),
      queueUrl: resources.queueUrl,
      expected,
      batchSize,
    };
    const child = spawn(tsx, ['bench/pipeline-lambda.ts'], {
      env: { ...process.env, HIVEWATCH_BENCH_JOB: JSON.stringify(job) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines = lineReader(child);
    if ((await lines()) !== 'ready') throw new Error('the function process did not start');
    return lines;
  }

  const scenario = mkdtempSync(join(tmpdir(), 'hivewatch-bench-morning-'));
  const files = (await writeMorningScenario(scenario)).map((f) => (isAbsolute(f) ? f : join(scenario, f)));
  const morning = files.map((file) => ({ key: `incoming/${relative(scenario, file)}`, file }));
  await runCase('morning', morning);
  const many = Array.from({ length: 8 }, (_, copy) =>
    morning.map((o) => ({ ...o, key: o.key.replace(/(\.xml)/, `-copy${copy}$1`) })),
  ).flat();
  await runCase('many', many);

  say('\ngenerating (or reusing) the large gzip object …');
  const big = await ensureBigObject(join(DATA, 'big01.xml.gz'), 210 * 1024 * 1024);
  say(
    `big01.xml.gz: ${(big.gzipBytes / 1024 / 1024).toFixed(0)} MB gzip, ${(big.rawBytes / 1024 / 1024).toFixed(0)} MB of event XML, ${big.events} events`,
  );
  const large = await runCase(
    'large',
    [{ key: 'incoming/big01/2026/11/20/big01.xml.gz', file: big.path }],
    1,
  );
  say(
    `large: ${(big.rawBytes / 1024 / 1024 / large.figures.seconds).toFixed(0)} MB/s of decompressed event XML through ingest`,
  );
  rmSync(scenario, { recursive: true, force: true });
  for (const client of Object.values(clients)) client.destroy();
} finally {
  fauxqs.kill('SIGTERM');
  await dynamodb.stop();
  rmSync(fauxqsDir, { recursive: true, force: true });
}

function firstLine(child: ChildProcess): Promise<string> {
  return lineReader(child)();
}

/** Successive lines of a child's stdout; rejects when the child exits before the next one. */
function lineReader(child: ChildProcess): () => Promise<string> {
  if (!child.stdout) throw new Error('child has no stdout');
  const iterator = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return async () => {
    const next = await iterator.next();
    if (next.done) throw new Error('child exited before answering');
    return String(next.value);
  };
}
