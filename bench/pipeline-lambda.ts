/**
 * The ingest function as its own process, as Lambda runs it: polls the queue, invokes the handler per batch,
 * and when it has seen `expected` objects succeed, prints its figures (JSON) and exits. Its peak RSS is the
 * function's memory, free of the uploader and the local services.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { createAwsClients } from '../functions/aws-clients.ts';
import { loadPipelineConfig } from '../functions/config.ts';
import { createIngestHandler } from '../functions/ingest/handler.ts';
import { createPipelineRuntime } from '../functions/pipeline-runtime.ts';
import { LambdaPoller } from '../local/lambda-poller.ts';

const Job = z.object({
  endpoints: z.object({ messaging: z.string(), dynamodb: z.string(), region: z.string() }),
  env: z.record(z.string(), z.string()),
  queueUrl: z.string(),
  expected: z.number().int().min(1),
  batchSize: z.number().int().min(1).max(10),
});

const job = Job.parse(JSON.parse(process.env.HIVEWATCH_BENCH_JOB ?? '{}'));
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const runtime = createPipelineRuntime(
  loadPipelineConfig(job.env),
  createAwsClients({ ...job.endpoints, credentials }),
  {
    logger: new Logger({ serviceName: 'hivewatch', logLevel: 'ERROR' }),
    metrics: new Metrics({ namespace: 'hivewatch', serviceName: 'hivewatch' }),
  },
);
const ingest = createIngestHandler(runtime);
let firstAt: number | undefined;
let lastAt = 0;
const poller = new LambdaPoller({
  sqs: new SQSClient({ endpoint: job.endpoints.messaging, region: job.endpoints.region, credentials }),
  queueUrl: job.queueUrl,
  handler: async (event) => {
    firstAt ??= performance.now(); // busy time: from the first invocation's start to the last one's end
    const response = await ingest(event);
    lastAt = performance.now();
    return response;
  },
  batchSize: job.batchSize,
  waitSeconds: 1,
});

const idleRssMb = process.memoryUsage().rss / 1024 / 1024;
process.stdout.write('ready\n');
let succeeded = 0;
let failed = 0;
while (succeeded < job.expected) {
  const result = await poller.pollOnce();
  succeeded += result.succeeded;
  failed += result.failed;
}
const seconds = (lastAt - (firstAt ?? lastAt)) / 1000;
const maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ succeeded, failed, seconds, idleRssMb, maxRssMb })}\n`);
process.exit(0);
