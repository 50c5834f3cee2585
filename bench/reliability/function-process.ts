/**
 * One ingest function container for `npm run reliability:load`, in its own process as Lambda runs it: the real
 * handler and stores behind the Lambda-like poller, on the real queue. The driver talks to it over IPC: it sends the
 * simulated clock and the faults to apply (SNS refusing, DynamoDB throttling and 5xx); the process reports each
 * batch it starts and ends, each ingest record as it is written, and its memory and CPU time.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SnsNotifier } from '../../functions/alerts/sns-notifier.ts';
import { createAwsClients } from '../../functions/aws-clients.ts';
import { loadPipelineConfig } from '../../functions/config.ts';
import { createIngestHandler } from '../../functions/ingest/handler.ts';
import { createPipelineRuntime } from '../../functions/pipeline-runtime.ts';
import { LambdaPoller } from '../../local/lambda-poller.ts';
import { CapacityMeter } from '../capacity-meter.ts';
import { type ChildMessage, FunctionJob, type ParentMessage } from './function-messages.ts';
import { injectDynamoFaults, SwitchableNotifier } from './injected-faults.ts';
import { quiet } from './quiet-logger.ts';

const job = FunctionJob.parse(JSON.parse(process.env.HIVEWATCH_FUNCTION_JOB ?? '{}'));
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
const send = (message: ChildMessage) => process.send?.(message);

let now = job.clockMs;
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const clients = createAwsClients({ ...job.endpoints, credentials });
const meter = new CapacityMeter(clients.dynamo);
const dynamoFaults = injectDynamoFaults(clients.dynamo);
const config = loadPipelineConfig(job.env);
const notifier = new SwitchableNotifier(
  new SnsNotifier({ topicArn: config.alertTopicArn, client: clients.sns }),
);
const runtime = createPipelineRuntime(config, clients, {
  clock: () => new Date(now),
  notifier,
  // failed records are counted by the driver (batch ends); a log line each would bury the report
  logger: new Logger({ serviceName: 'hivewatch', logLevel: 'SILENT' }),
  metrics: new Metrics({ namespace: 'hivewatch', serviceName: 'hivewatch', logger: quiet }),
});
const records = runtime.ports.ingestRecords;
runtime.ports.ingestRecords = {
  get: (key) => records.get(key),
  async save(record) {
    await records.save(record);
    send({ kind: 'record', record });
  },
};
const ingest = createIngestHandler(runtime);
let batches = 0;
const poller = new LambdaPoller({
  sqs: new SQSClient({ endpoint: job.endpoints.messaging, region: job.endpoints.region, credentials }),
  queueUrl: job.queueUrl,
  batchSize: job.batchSize,
  waitSeconds: 1,
  handler: async (event) => {
    const batch = ++batches;
    send({ kind: 'batch', batch, state: 'start', records: event.Records.length });
    const response = await ingest(event);
    send({
      kind: 'batch',
      batch,
      state: 'end',
      records: event.Records.length,
      failed: response.batchItemFailures.length,
    });
    return response;
  },
});

const stop = new AbortController();
process.on('message', (message: ParentMessage) => {
  if (message.kind === 'clock') now = message.ms;
  else if (message.kind === 'sns') notifier.down = message.down;
  else if (message.kind === 'dynamo') dynamoFaults.rate = message.rate;
  else if (message.kind === 'stop') stop.abort();
});
process.on('disconnect', () => stop.abort());

const usage = () => {
  const cpu = process.cpuUsage();
  return {
    kind: 'usage' as const,
    rssMb: process.memoryUsage().rss / 2 ** 20,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    ...meter.totals(),
    injected: dynamoFaults.injected,
    refused: notifier.refused,
  };
};
const reporting = setInterval(() => send(usage()), 1000);
send({ ...usage(), kind: 'ready' });
await poller.run(stop.signal);
clearInterval(reporting);
send(usage());
process.disconnect();
