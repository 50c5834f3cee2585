import { Aws, Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnDeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose';
import { CfnSubscriptionFilter, LogGroup, LogStream, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { FIREHOSE_PREFIX } from '../functions/ingest/object-origin.ts';
import type { IngestBucket } from './ingest-bucket.ts';
import { acknowledgeWildcardResource } from './nag-findings.ts';

/*
 * Buffering of the delivery stream. One stream serves the whole fleet, so the object count is one per interval
 * whatever the fleet size (1,440 a day at 60 s): the bill does not follow it, alert latency does. The size bound
 * only matters for a large fleet, where it makes more, smaller objects.
 */
export const FIREHOSE_BUFFER_SECONDS = 60;
export const FIREHOSE_BUFFER_MB = 64;
/** Records older than this inside the stream mean delivery to the bucket is failing (Firehose retries 24 h). */
export const FIREHOSE_FRESHNESS_ALARM_SECONDS = 900;

const HOUR_PATH = '!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/!{timestamp:HH}/';
/** Firehose evaluates the expressions at delivery: `firehose/2026/08/21/10/<stream>-1-2026-08-21-10-15-42-<uuid>`. */
export const FIREHOSE_KEY_PREFIX = `${FIREHOSE_PREFIX}${HOUR_PATH}`;
export const FIREHOSE_ERROR_PREFIX = `firehose-errors/!{firehose:error-output-type}/${HOUR_PATH}`;

export interface AgentLogDeliveryProps {
  readonly prefix: string;
  /** The existing log group the CloudWatch agent writes the Windows events to. */
  readonly logGroupName: string;
  readonly bucket: IngestBucket;
  readonly queue: IQueue;
  readonly topic: ITopic;
  readonly removalPolicy: RemovalPolicy;
  readonly logRetention: RetentionDays;
}

/**
 * CloudWatch agent → CloudWatch Logs → subscription filter → Firehose → `firehose/` in the ingest bucket → the same
 * notification queue. Firehose stores the records as CloudWatch Logs sends them (gzip'd subscription envelopes, back
 * to back): no processing, no second compression. Each role can do one thing: Logs can put records into this
 * stream, Firehose can write objects under `firehose/` and its own error log.
 */
export class AgentLogDelivery extends Construct {
  readonly stream: CfnDeliveryStream;
  readonly deliveryRole: Role;
  readonly subscriptionRole: Role;
  readonly subscription: CfnSubscriptionFilter;
  readonly freshnessAlarm: Alarm;

  constructor(scope: Construct, id: string, props: AgentLogDeliveryProps) {
    super(scope, id);
    const bucket = props.bucket.bucket;
    const streamName = `${props.prefix}-agent-events`;
    const objects = props.bucket.firehoseObjectsArn;

    const errors = new LogGroup(this, 'DeliveryErrors', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    const errorStream = new LogStream(this, 'DeliveryErrorStream', {
      logGroup: errors,
      logStreamName: 'S3Delivery',
      removalPolicy: props.removalPolicy,
    });

    this.deliveryRole = new Role(this, 'DeliveryRole', {
      description: `Lets Firehose stream ${streamName} write under ${FIREHOSE_PREFIX} of the ingest bucket`,
      // The external id Firehose presents is the account id: no other account's stream can use this role.
      assumedBy: new ServicePrincipal('firehose.amazonaws.com', {
        conditions: { StringEquals: { 'sts:ExternalId': Aws.ACCOUNT_ID } },
      }),
    });
    // The access Firehose documents for an S3 destination, narrowed to its own prefix.
    this.deliveryRole.addToPolicy(
      new PolicyStatement({
        sid: 'WriteOwnPrefix',
        actions: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'],
        resources: [objects],
      }),
    );
    this.deliveryRole.addToPolicy(
      new PolicyStatement({
        sid: 'LocateBucket',
        actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
        resources: [bucket.bucketArn],
      }),
    );
    this.deliveryRole.addToPolicy(
      new PolicyStatement({
        sid: 'ReportDeliveryErrors',
        actions: ['logs:PutLogEvents'],
        resources: [
          `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:${errors.logGroupName}:log-stream:${errorStream.logStreamName}`,
        ],
      }),
    );
    acknowledgeWildcardResource(
      this.deliveryRole,
      objects,
      `The wildcard is the object name under ${FIREHOSE_PREFIX}, the one prefix Firehose writes; Firehose names the objects.`,
    );

    this.stream = new CfnDeliveryStream(this, 'Stream', {
      deliveryStreamName: streamName,
      deliveryStreamType: 'DirectPut',
      deliveryStreamEncryptionConfigurationInput: { keyType: 'AWS_OWNED_CMK' },
      extendedS3DestinationConfiguration: {
        bucketArn: bucket.bucketArn,
        roleArn: this.deliveryRole.roleArn,
        // Firehose's default layout `<prefix>YYYY/MM/DD/HH/` (UTC) spelt out, so it holds whatever the default does.
        prefix: FIREHOSE_KEY_PREFIX,
        // Required with expressions; only record processing (none here) would write there, and ingest never reads it.
        errorOutputPrefix: FIREHOSE_ERROR_PREFIX,
        // CloudWatch Logs already gzips every record; a second compression would hide the envelopes.
        compressionFormat: 'UNCOMPRESSED',
        bufferingHints: { intervalInSeconds: FIREHOSE_BUFFER_SECONDS, sizeInMBs: FIREHOSE_BUFFER_MB },
        cloudWatchLoggingOptions: {
          enabled: true,
          logGroupName: errors.logGroupName,
          logStreamName: errorStream.logStreamName,
        },
      },
    });
    // The role's policy must exist before Firehose checks its access to the bucket.
    this.stream.node.addDependency(this.deliveryRole);

    this.subscriptionRole = new Role(this, 'SubscriptionRole', {
      description: `Lets CloudWatch Logs put the events of ${props.logGroupName} into ${streamName}`,
      // What CloudWatch Logs documents for a Firehose subscription: its own account and region only.
      assumedBy: new ServicePrincipal('logs.amazonaws.com', {
        conditions: {
          StringLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:*` },
        },
      }),
    });
    this.subscriptionRole.addToPolicy(
      new PolicyStatement({
        sid: 'PutIntoStream',
        actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
        resources: [this.stream.attrArn],
      }),
    );
    this.subscription = new CfnSubscriptionFilter(this, 'Subscription', {
      logGroupName: props.logGroupName,
      // Every event: the agent's configuration already narrows what it sends.
      filterPattern: '',
      destinationArn: this.stream.attrArn,
      roleArn: this.subscriptionRole.roleArn,
    });
    // CloudWatch Logs tests the destination with the role when the filter is created.
    this.subscription.node.addDependency(this.subscriptionRole);

    props.bucket.notifyOnPrefix(FIREHOSE_PREFIX, props.queue);

    this.freshnessAlarm = new Alarm(this, 'Freshness', {
      alarmName: `${props.prefix}-firehose-freshness`,
      alarmDescription:
        `Firehose stream ${streamName} holds records older than ${FIREHOSE_FRESHNESS_ALARM_SECONDS / 60} min: delivery ` +
        'to the ingest bucket is failing; its delivery errors are in its own log group. Firehose retries for 24 h.',
      metric: new Metric({
        namespace: 'AWS/Firehose',
        metricName: 'DeliveryToS3.DataFreshness',
        dimensionsMap: { DeliveryStreamName: streamName },
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      threshold: FIREHOSE_FRESHNESS_ALARM_SECONDS,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No data: no events from the agent, which is the agent's matter, not the stream's.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    const action = new SnsAction(props.topic);
    this.freshnessAlarm.addAlarmAction(action);
    this.freshnessAlarm.addOkAction(action);
  }
}
