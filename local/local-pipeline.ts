import type { Readable } from 'node:stream';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { SQSBatchResponse } from 'aws-lambda';
import type { Notifier } from '../functions/alerts/notifier.port.ts';
import { type AwsClients, createAwsClients } from '../functions/aws-clients.ts';
import { loadPipelineConfig } from '../functions/config.ts';
import { createIngestHandler } from '../functions/ingest/handler.ts';
import { createPipelineRuntime, type PipelineRuntime } from '../functions/pipeline-runtime.ts';
import { createSweeperHandler, type SweepSummary } from '../functions/sweeper/handler.ts';
import { LambdaPoller } from './lambda-poller.ts';
import { type LocalServices, type LocalServicesOptions, startLocalServices } from './local-services.ts';
import { type ReceivedAlert, receiveAlerts } from './on-call.ts';
import { createLocalResources, type LocalResources, localResourceNames } from './resources.ts';
import { uploadAndNotify } from './s3-notification-shim.ts';

export interface LocalPipelineOptions {
  /** Extra environment (DETECTION_*, SIGNAL_TTL_DAYS) on top of the tables and topic created. */
  env?: Record<string, string>;
  clock?: () => Date;
  notifier?: Notifier;
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  showCommand?: (incidentId: string) => string;
  leaseMs?: number;
  batchSize?: number;
  retryAfterSeconds?: number;
}

/** The pipeline wired to local services: production handlers behind a Lambda-like poller. */
export interface LocalPipeline {
  readonly services: LocalServices;
  readonly resources: LocalResources;
  readonly runtime: PipelineRuntime;
  /** The SDK clients this pipeline's handlers use (tests add fault-injecting middleware to them). */
  readonly aws: AwsClients;
  readonly ingest: (event: unknown) => Promise<SQSBatchResponse>;
  readonly sweep: () => Promise<SweepSummary>;
  readonly poller: LambdaPoller;
  /** Puts an object under the bucket and sends its S3 notification to the ingest queue. */
  upload(key: string, body: Uint8Array | Readable): Promise<void>;
  /** What the on-call subscriber received since the last call. */
  alerts(waitSeconds?: number): Promise<ReceivedAlert[]>;
}

/** The environment the stack would give the functions, pointing at the local resources. */
export function localPipelineEnv(resources: LocalResources, extra: Record<string, string> = {}) {
  return {
    ...resources.names.tables,
    ALERT_TOPIC_ARN: resources.topicArn,
    ...extra,
  };
}

/** Wires the handlers to services already running and resources already created. */
export function createLocalPipeline(
  services: LocalServices,
  resources: LocalResources,
  options: LocalPipelineOptions = {},
): LocalPipeline {
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true'; // EMF lines are for CloudWatch, not a terminal
  const config = loadPipelineConfig(localPipelineEnv(resources, options.env));
  const aws = createAwsClients(services.endpoints);
  const runtime = createPipelineRuntime(config, aws, {
    logger: new Logger({ serviceName: 'hivewatch', logLevel: options.logLevel ?? 'WARN' }),
    metrics: new Metrics({ namespace: 'hivewatch', serviceName: 'hivewatch' }),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.notifier ? { notifier: options.notifier } : {}),
    ...(options.showCommand ? { showCommand: options.showCommand } : {}),
    ...(options.leaseMs !== undefined ? { leaseMs: options.leaseMs } : {}),
  });
  const ingest = createIngestHandler(runtime);
  const sweeper = createSweeperHandler(runtime);
  const poller = new LambdaPoller({
    sqs: services.sqs,
    queueUrl: resources.queueUrl,
    handler: ingest,
    batchSize: options.batchSize ?? 10,
    ...(options.retryAfterSeconds !== undefined ? { retryAfterSeconds: options.retryAfterSeconds } : {}),
  });
  return {
    services,
    resources,
    runtime,
    aws,
    ingest,
    sweep: () => sweeper({ 'detail-type': 'Scheduled Event' }),
    poller,
    upload: (key, body) =>
      uploadAndNotify(services, resources.queueUrl, { bucket: resources.names.bucket, key, body }),
    alerts: (waitSeconds = 0) => receiveAlerts(services.sqs, resources.onCallQueueUrl, waitSeconds),
  };
}

/** Starts the services, creates the resources and wires the pipeline: what `npm start` runs. */
export async function startLocalPipeline(
  options: LocalPipelineOptions & LocalServicesOptions & { prefix?: string } = {},
): Promise<LocalPipeline & { stop(): Promise<void> }> {
  const services = await startLocalServices(options.dataDir ? { dataDir: options.dataDir } : {});
  try {
    const resources = await createLocalResources(services, localResourceNames(options.prefix));
    return { ...createLocalPipeline(services, resources, options), stop: () => services.stop() };
  } catch (error) {
    await services.stop();
    throw error;
  }
}
