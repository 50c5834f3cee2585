import { CfnOutput, Fn, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { IncidentsByStatusIndex } from '../functions/storage/table-schema.ts';
import { AgentLogDelivery } from './agent-log-delivery.ts';
import { PipelineAlarms } from './alarms.ts';
import { AlertTopic } from './alert-topic.ts';
import { FIREHOSE_PREFIX, INCOMING_PREFIX, IngestBucket } from './ingest-bucket.ts';
import { IngestQueue } from './ingest-queue.ts';
import { INGEST_BATCHING_WINDOW, INGEST_TIMEOUT, PipelineFunctions } from './pipeline-functions.ts';
import type { StackSettings } from './settings.ts';
import { HOST_TAG, ShipperAccess } from './shipper-access.ts';
import { PipelineTableSet } from './tables.ts';

export interface HivewatchStackProps extends StackProps {
  readonly settings: StackSettings;
}

/** S3 → SQS → ingest Lambda → DynamoDB → SNS, the sweeper, the alarms and the shippers' access. */
export class HivewatchStack extends Stack {
  constructor(scope: Construct, id: string, props: HivewatchStackProps) {
    super(scope, id, {
      description: 'hivewatch: detects COM+/IIS apps broken by a force-unloaded registry hive (Event 1530)',
      ...props,
    });
    const { settings } = props;
    const removalPolicy = settings.removalPolicy === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;

    const storage = new Construct(this, 'Storage');
    const bucket = new IngestBucket(storage, 'Ingest', {
      retentionDays: settings.rawRetentionDays,
      removalPolicy,
      ...(settings.rawTransitionDays === undefined ? {} : { transitionDays: settings.rawTransitionDays }),
    });
    const tables = new PipelineTableSet(storage, 'Tables', { removalPolicy });
    const notifications = new IngestQueue(this, 'Notifications', {
      consumerTimeout: INGEST_TIMEOUT,
      batchingWindow: INGEST_BATCHING_WINDOW,
    });
    bucket.notifyOnIncoming(notifications.queue);
    const alerts = new AlertTopic(this, 'Alerts', {
      prefix: settings.prefix,
      removalPolicy,
      ...(settings.alertEmail ? { alertEmail: settings.alertEmail } : {}),
    });
    const functions = new PipelineFunctions(this, 'Functions', {
      settings,
      tables,
      topic: alerts.topic,
      bucket,
      queue: notifications.queue,
      removalPolicy,
      logRetention: settings.logRetentionDays,
    });
    new PipelineAlarms(this, 'Alarms', {
      prefix: settings.prefix,
      topic: alerts.topic,
      queue: notifications.queue,
      deadLetters: notifications.deadLetters,
      functions: [functions.ingest, functions.sweeper],
      readerErrorThreshold: settings.readerErrorThreshold,
      oldestMessageMinutes: settings.oldestMessageMinutes,
    });
    const shippers = new ShipperAccess(this, 'Shippers', {
      bucket: bucket.bucket,
      identity: settings.shipperIdentity,
      exampleHost: settings.exampleShipperHost,
      ...(settings.rolesAnywhereTrustAnchorArn
        ? { trustAnchorArn: settings.rolesAnywhereTrustAnchorArn }
        : {}),
    });
    const agentLogs = settings.agentLogGroup
      ? new AgentLogDelivery(this, 'AgentLogs', {
          prefix: settings.prefix,
          logGroupName: settings.agentLogGroup,
          bucket,
          queue: notifications.queue,
          topic: alerts.topic,
          removalPolicy,
          logRetention: settings.logRetentionDays,
        })
      : undefined;
    if (agentLogs) {
      functions.allowIngestToRead(
        bucket.firehoseObjectsArn,
        `The ingest function reads whichever object the notification names; Firehose writes under ${FIREHOSE_PREFIX}.`,
      );
    }
    this.acknowledgeCdkHelpers();

    const output = (id: string, value: string, description: string) =>
      new CfnOutput(this, id, { value, description });
    output('IngestBucketName', bucket.bucket.bucketName, 'Shippers write raw event XML here');
    output('AlertTopicArn', alerts.topic.topicArn, 'On-call topic: incident alerts and pipeline alarms');
    output(
      'StateTableName',
      tables.state.table.tableName,
      'Per-host state, identities and de-duplication runs',
    );
    output('IncidentsTableName', tables.incidents.table.tableName, 'Incidents and their alert state');
    output('IngestTableName', tables.ingest.table.tableName, 'One record per ingested object');
    output('ShipperPolicyArn', shippers.policy.managedPolicyArn, 'Attach to every shipper role');
    output('ShipperExampleRoleName', shippers.exampleRole.roleName, 'Example shipper role');
    output(
      'ShipperExampleRoleArn',
      shippers.exampleRole.roleArn,
      'For a Roles Anywhere profile (certificate-cn)',
    );
    output(
      'NextConfirmSubscription',
      `aws sns list-subscriptions-by-topic --topic-arn ${alerts.topic.topicArn} --query "Subscriptions[].[Endpoint,SubscriptionArn]"`,
      'Shows PendingConfirmation until the email link is clicked',
    );
    if (settings.shipperIdentity === 'role-tag') {
      output(
        'NextTagShipperRole',
        `aws iam tag-role --role-name SHIPPER_ROLE --tags Key=${HOST_TAG},Value=HOST && aws iam attach-role-policy --role-name SHIPPER_ROLE --policy-arn ${shippers.policy.managedPolicyArn}`,
        'One role per host: the tag value is the only prefix that role can write',
      );
    }
    output(
      'NextTestUpload',
      Fn.join('', [
        'gzip -k events.xml && aws s3 cp events.xml.gz s3://',
        bucket.bucket.bucketName,
        `/${INCOMING_PREFIX}HOST/$(date -u +%Y/%m/%d)/manual-test.xml.gz`,
      ]),
      'Run with the shipper credentials; HOST must be its own tag value or certificate CN',
    );
    if (agentLogs) {
      output(
        'AgentDeliveryStreamName',
        agentLogs.stream.ref,
        `Firehose stream from the ${settings.agentLogGroup} log group to ${FIREHOSE_PREFIX} in the bucket`,
      );
    }
    output(
      'NextOpenIncidents',
      `aws dynamodb query --table-name ${tables.incidents.table.tableName} --index-name ${IncidentsByStatusIndex.indexName} --key-condition-expression "#s = :open" --expression-attribute-names '{"#s":"${IncidentsByStatusIndex.partitionKey.name}"}' --expression-attribute-values '{":open":{"S":"open"}}'`,
      'Lists the open incidents',
    );
    output(
      'NextRedriveDeadLetters',
      `aws sqs start-message-move-task --source-arn ${notifications.deadLetters.queueArn}`,
      'After fixing what the dead-letters alarm reported: sends the parked notifications back to ingest',
    );
    output(
      'NextIngestLogs',
      `aws logs tail ${functions.ingest.logGroup.logGroupName} --follow --format short`,
      'Follows the ingest function',
    );
  }

  /** Acknowledges findings on the helper Lambda that CDK adds to configure the bucket notification. */
  private acknowledgeCdkHelpers(): void {
    const reason =
      'CDK-provided custom resource that sets the bucket notification at deploy time; it is not part of the data path.';
    for (const child of this.node.children) {
      if (!child.node.id.startsWith('BucketNotificationsHandler')) continue;
      // The handler's role uses AWSLambdaBasicExecutionRole; its s3:PutBucketNotification is scoped to our bucket.
      Validations.of(child).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason,
      });
    }
  }
}
