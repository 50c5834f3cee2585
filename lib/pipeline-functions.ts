import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { IngestBucket } from './ingest-bucket.ts';
import { acknowledgeWildcardResource } from './nag-findings.ts';
import { PipelineFunction } from './pipeline-function.ts';
import type { StackSettings } from './settings.ts';
import type { PipelineTableSet } from './tables.ts';

/*
 * Sizing of the ingest function, from `npm run bench`: the reader streams ~300 MB/s of event XML out of gzip on
 * one full core, with peak RSS under 128 MB whatever the object size.
 * - Memory: Lambda gives one full vCPU at 1,769 MB, and the reader is single-threaded and CPU-bound. Below that
 *   it slows in proportion to the memory, so the cost per GB read stays the same while latency grows; above it
 *   buys nothing. Memory is for CPU here, not for data.
 * - Batch: S3 sends one message per object. 10 objects per batch bounds one invocation's work; the 20 s window
 *   lets a busy fleet fill batches (up to 10x fewer invocations) and adds at most 20 s to alert latency, small
 *   beside the minutes a shipper buffers before it uploads.
 * - Timeout: the worst batch is 10 objects at the reader's 2 GiB inflate limit = ~21 GB / 300 MB/s = ~72 s of
 *   reading, plus DynamoDB writes; 3 minutes leaves more than 2x headroom. A typical object (minutes of one
 *   server's events, a few MB) takes milliseconds.
 */
export const INGEST_MEMORY_MB = 1769;
export const INGEST_TIMEOUT = Duration.minutes(3);
export const INGEST_BATCH_SIZE = 10;
export const INGEST_BATCHING_WINDOW = Duration.seconds(20);

export interface PipelineFunctionsProps {
  readonly settings: StackSettings;
  readonly tables: PipelineTableSet;
  readonly topic: ITopic;
  readonly bucket: IngestBucket;
  readonly queue: IQueue;
  readonly removalPolicy: RemovalPolicy;
  readonly logRetention: RetentionDays;
}

/** The ingest function on the notification queue and the sweeper on its schedule. */
export class PipelineFunctions extends Construct {
  readonly ingest: PipelineFunction;
  readonly sweeper: PipelineFunction;

  constructor(scope: Construct, id: string, props: PipelineFunctionsProps) {
    super(scope, id);
    const { settings, tables } = props;
    const common = {
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
      environment: {
        DETECTION_WINDOW: settings.detectionWindow,
        DETECTION_SKEW: settings.detectionSkew,
        DETECTION_QUIET: settings.detectionQuiet,
        DETECTION_THRESHOLD: String(settings.detectionThreshold),
        DETECTION_SETTLE: settings.detectionSettle,
        DETECTION_RETENTION: settings.detectionRetention,
        NOTIFY_AT_RISK: String(settings.notifyAtRisk),
        SIGNAL_TTL_DAYS: String(settings.signalTtlDays),
        ALERT_FORMAT: settings.alertFormat,
      },
    };

    this.ingest = new PipelineFunction(this, 'Ingest', {
      ...common,
      entry: 'functions/ingest/handler.ts',
      functionName: `${settings.prefix}-ingest`,
      description:
        "Reads raw event XML from S3, merges its signals into the hosts' bounded state, raises alerts",
      memorySize: INGEST_MEMORY_MB,
      timeout: INGEST_TIMEOUT,
    });
    // Only ingest reads objects, so only ingest decides what a forged host means.
    this.ingest.fn.addEnvironment('FORGED_HOST', settings.forgedHost);
    if (settings.hostAliases)
      this.ingest.fn.addEnvironment('HOST_ALIASES', JSON.stringify(settings.hostAliases));
    this.ingest.bindTable({ table: tables.state, access: 'readWrite' });
    this.ingest.bindTable({ table: tables.incidents, access: 'readWrite' });
    this.ingest.bindTable({ table: tables.ingest, access: 'readWrite' });
    this.ingest.bindAlertTopic(props.topic);
    this.allowIngestToRead(
      props.bucket.incomingObjectsArn,
      'The ingest function reads whichever object the notification names; every host writes under incoming/.',
    );
    this.ingest.fn.addEventSource(
      new SqsEventSource(props.queue, {
        batchSize: INGEST_BATCH_SIZE,
        maxBatchingWindow: INGEST_BATCHING_WINDOW,
        // One bad object is retried (and dead-lettered) alone; the rest of the batch is done.
        reportBatchItemFailures: true,
        // 5 x 300 MB/s is far above a 10,000-server fleet's average; the cap keeps a backlog replay after an
        // outage from throttling DynamoDB or taking the account's concurrency.
        maxConcurrency: settings.ingestMaxConcurrency,
      }),
    );

    this.sweeper = new PipelineFunction(this, 'Sweeper', {
      ...common,
      entry: 'functions/sweeper/handler.ts',
      functionName: `${settings.prefix}-sweeper`,
      description:
        'Retries unsent alerts; ends incidents that went quiet, settled restarts and at-risk windows; notices silent hosts',
      // Queries open incidents and publishes a few messages: no reading of raw logs.
      memorySize: 512,
      timeout: Duration.minutes(1),
    });
    // Only the sweeper looks for silent hosts.
    this.sweeper.fn.addEnvironment('SILENT_HOST_AFTER', settings.silentHostAfter);
    // the clock ends incidents: the sweeper writes the host's state with the incidents it recomputes
    this.sweeper.bindTable({ table: tables.state, access: 'readWrite' });
    this.sweeper.bindTable({ table: tables.incidents, access: 'readWrite' });
    this.sweeper.bindTable({ table: tables.ingest, access: 'read' });
    this.sweeper.bindAlertTopic(props.topic);
    new Rule(this, 'SweepSchedule', {
      description: 'Runs the hivewatch sweeper',
      schedule: Schedule.expression(settings.sweepSchedule),
      // No retries: the next tick does the same work.
      targets: [new LambdaFunction(this.sweeper.fn, { retryAttempts: 0 })],
    });

    for (const fn of [this.ingest, this.sweeper]) {
      Validations.of(fn).acknowledge({
        id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        reason:
          'SNS documents kms:GenerateDataKey* for publishers to an encrypted topic; scoped to its one key.',
      });
    }
  }

  /** Lets ingest read the objects under one prefix; `reason` says why its wildcard is acceptable (cdk-nag). */
  allowIngestToRead(objectsArn: string, reason: string): void {
    // Read only: the raw object is evidence and is never changed or deleted by the pipeline.
    this.ingest.fn.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:GetObject'], resources: [objectsArn] }),
    );
    acknowledgeWildcardResource(this.ingest, objectsArn, reason);
  }
}
