/**
 * The ingest function as its own process for `npm run bench:storm`: the real handler and the real DynamoDB stores
 * on DynamoDB Local, one SQS record (one storm object) per invocation, read from stdin as object keys. The objects
 * are the files `npm run storm:files` wrote, streamed from disk as S3 streams an object (1,500 objects of a 6-hour
 * storm through fauxqs would measure fauxqs, which holds each object whole). Per invocation it prints the wall time
 * and the DynamoDB read and write units the stores consumed (ReturnConsumedCapacity), and at the end its peak RSS.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import type { AlertMessage, Notifier } from '../functions/alerts/notifier.port.ts';
import { createAwsClients } from '../functions/aws-clients.ts';
import { loadPipelineConfig } from '../functions/config.ts';
import { createIngestHandler } from '../functions/ingest/handler.ts';
import type { ObjectReader } from '../functions/ingest/object-reader.port.ts';
import { s3ObjectCreatedNotification } from '../functions/ingest/s3-notification.ts';
import { createPipelineRuntime } from '../functions/pipeline-runtime.ts';
import { CapacityMeter } from './capacity-meter.ts';

const Job = z.object({
  dynamodb: z.string(),
  env: z.record(z.string(), z.string()),
  /** Where storm:files wrote the objects (`<dir>/<key without incoming/>`). */
  dir: z.string(),
});
const job = Job.parse(JSON.parse(process.env.HIVEWATCH_STORM_JOB ?? '{}'));
process.env.POWERTOOLS_METRICS_DISABLED = 'true';

const files: ObjectReader = {
  async open(_bucket, key) {
    const path = join(job.dir, key.replace(/^incoming\//, ''));
    const size = await stat(path).then(
      (s) => s.size,
      () => undefined,
    );
    if (size === undefined) return undefined;
    return { body: createReadStream(path, { highWaterMark: 256 * 1024 }), size, contentEncoding: 'gzip' };
  },
};

const alerts: AlertMessage[] = [];
const notifier: Notifier = {
  async publish(message) {
    alerts.push(message);
    return { messageId: `storm-${alerts.length}` };
  },
};

const clients = createAwsClients({
  dynamodb: job.dynamodb,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const meter = new CapacityMeter(clients.dynamo);
const runtime = createPipelineRuntime(loadPipelineConfig(job.env), clients, {
  notifier,
  logger: new Logger({ serviceName: 'hivewatch', logLevel: 'ERROR' }),
  metrics: new Metrics({ namespace: 'hivewatch', serviceName: 'hivewatch' }),
});
runtime.ports.objects = files;
const ingest = createIngestHandler(runtime);

process.stdout.write(`${JSON.stringify({ ready: true, rssMb: process.memoryUsage().rss / 2 ** 20 })}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  const key = line.trim();
  if (!key) continue;
  if (key === 'done') break;
  const body = s3ObjectCreatedNotification({ bucket: 'storm', key });
  meter.reset();
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const result = await ingest({ Records: [{ messageId: key, body }] });
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const units = meter.totals();
  const record = await runtime.ports.ingestRecords.get(key);
  process.stdout.write(
    `${JSON.stringify({ key, ms, cpuMs, ...units, failed: result.batchItemFailures.length, newSignals: record?.newSignals ?? 0 })}\n`,
  );
}
process.stdout.write(
  `${JSON.stringify({ end: true, alerts: alerts.map((a) => a.attributes), peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
);
process.exit(0);
