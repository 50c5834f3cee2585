import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLoggingCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { GetTopicAttributesCommand } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { CfnResource } from './cloud-assembly.ts';
import type { DeployedResource } from './custom-resources.ts';
import { jsonCall, queryCall, restCall } from './moto-call.ts';
import type { MotoClients } from './moto-clients.ts';

/** A template property and whether the deployed resource shows it (false: moto accepted it and ignored it). */
export type PropertyProbe = [property: string, applied: () => Promise<boolean>];

const succeeds = (call: () => Promise<unknown>) => async () =>
  call().then(
    () => true,
    () => false,
  );
const list = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/**
 * What the test reads back for each property that matters to hivewatch, by resource type. A property the template
 * does not set is not probed; a type without probes is reported as created and not looked into.
 */
export function probesFor(
  aws: MotoClients,
  resource: CfnResource,
  deployed: DeployedResource,
  physicalIdOf: (logicalId: string) => string | undefined,
): PropertyProbe[] {
  const p = resource.Properties ?? {};
  const id = deployed.physicalId;
  const probes: [string, boolean, () => Promise<boolean>][] = [];
  const when = (property: string, set: boolean, applied: () => Promise<boolean>) =>
    probes.push([property, set, applied]);
  switch (resource.Type) {
    case 'AWS::S3::Bucket':
      when('VersioningConfiguration', Boolean(p.VersioningConfiguration), async () => {
        const v = await aws.s3.send(new GetBucketVersioningCommand({ Bucket: id }));
        return v.Status === p.VersioningConfiguration.Status;
      });
      when(
        'PublicAccessBlockConfiguration',
        Boolean(p.PublicAccessBlockConfiguration),
        succeeds(() => aws.s3.send(new GetPublicAccessBlockCommand({ Bucket: id }))),
      );
      when(
        'OwnershipControls',
        Boolean(p.OwnershipControls),
        succeeds(() => aws.s3.send(new GetBucketOwnershipControlsCommand({ Bucket: id }))),
      );
      when(
        'BucketEncryption',
        Boolean(p.BucketEncryption),
        succeeds(() => aws.s3.send(new GetBucketEncryptionCommand({ Bucket: id }))),
      );
      when(
        'LifecycleConfiguration',
        Boolean(p.LifecycleConfiguration),
        succeeds(() => aws.s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: id }))),
      );
      when('LoggingConfiguration', Boolean(p.LoggingConfiguration), async () =>
        Boolean((await aws.s3.send(new GetBucketLoggingCommand({ Bucket: id }))).LoggingEnabled),
      );
      break;
    case 'AWS::DynamoDB::Table':
      when('KeySchema, GlobalSecondaryIndexes', true, async () => {
        const { Table } = await aws.dynamodb.send(new DescribeTableCommand({ TableName: id }));
        const indexes = (Table?.GlobalSecondaryIndexes ?? []).map((i) => [
          i.IndexName,
          i.KeySchema,
          i.Projection?.ProjectionType,
        ]);
        const wanted = list(p.GlobalSecondaryIndexes).map(
          (i: { IndexName: string; KeySchema: unknown; Projection: { ProjectionType: string } }) => [
            i.IndexName,
            i.KeySchema,
            i.Projection.ProjectionType,
          ],
        );
        return (
          JSON.stringify(Table?.KeySchema) === JSON.stringify(p.KeySchema) &&
          JSON.stringify(indexes) === JSON.stringify(wanted)
        );
      });
      when('TimeToLiveSpecification', Boolean(p.TimeToLiveSpecification), async () => {
        const ttl = await aws.dynamodb.send(new DescribeTimeToLiveCommand({ TableName: id }));
        return ttl.TimeToLiveDescription?.TimeToLiveStatus === 'ENABLED';
      });
      when('PointInTimeRecoverySpecification', Boolean(p.PointInTimeRecoverySpecification), async () => {
        const b = await aws.dynamodb.send(new DescribeContinuousBackupsCommand({ TableName: id }));
        return (
          b.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus ===
          'ENABLED'
        );
      });
      break;
    case 'AWS::Lambda::Function': {
      const config = () =>
        restCall<Record<string, unknown>>(
          aws.target,
          'lambda',
          'GET',
          `/2015-03-31/functions/${encodeURIComponent(id)}/configuration`,
        );
      when(
        'Architectures',
        Boolean(p.Architectures),
        async () => JSON.stringify((await config()).Architectures) === JSON.stringify(p.Architectures),
      );
      when('LoggingConfig', Boolean(p.LoggingConfig), async () => {
        const logging = (await config()).LoggingConfig as
          | { LogGroup?: string; LogFormat?: string }
          | undefined;
        return (
          logging?.LogGroup === physicalIdOf(p.LoggingConfig.LogGroup?.Ref) &&
          logging?.LogFormat === p.LoggingConfig.LogFormat
        );
      });
      when('Runtime, MemorySize, Timeout', true, async () => {
        const c = await config();
        return (
          c.Runtime === p.Runtime && c.MemorySize === (p.MemorySize ?? 128) && c.Timeout === (p.Timeout ?? 3)
        );
      });
      break;
    }
    case 'AWS::IAM::Role':
      when('ManagedPolicyArns', list(p.ManagedPolicyArns).length > 0, async () => {
        const attached = await queryCall(aws.target, 'iam', '2010-05-08', 'ListAttachedRolePolicies', {
          RoleName: id,
        });
        return (
          list((attached.AttachedPolicies as { member?: unknown[] })?.member).length ===
          list(p.ManagedPolicyArns).length
        );
      });
      when('Tags', list(p.Tags).length > 0, async () => {
        const tags = await queryCall(aws.target, 'iam', '2010-05-08', 'ListRoleTags', { RoleName: id });
        return list((tags.Tags as { member?: unknown[] })?.member).length === list(p.Tags).length;
      });
      break;
    case 'AWS::KMS::Key':
      when(
        'EnableKeyRotation',
        Boolean(p.EnableKeyRotation),
        async () =>
          (
            await jsonCall<{ KeyRotationEnabled: boolean }>(
              aws.target,
              'kms',
              'TrentService.GetKeyRotationStatus',
              { KeyId: id },
            )
          ).KeyRotationEnabled,
      );
      when('KeyPolicy', Boolean(p.KeyPolicy), async () => {
        const { Policy } = await jsonCall<{ Policy: string | { Statement: unknown[] } }>(
          aws.target,
          'kms',
          'TrentService.GetKeyPolicy',
          { KeyId: id, PolicyName: 'default' },
        );
        // KMS returns the policy as a JSON string; moto 5.2 returns the object itself.
        const policy = typeof Policy === 'string' ? (JSON.parse(Policy) as { Statement: unknown[] }) : Policy;
        return policy.Statement.length === p.KeyPolicy.Statement.length;
      });
      break;
    case 'AWS::SNS::Topic':
      when('KmsMasterKeyId', Boolean(p.KmsMasterKeyId), async () =>
        Boolean(
          (await aws.sns.send(new GetTopicAttributesCommand({ TopicArn: id }))).Attributes?.KmsMasterKeyId,
        ),
      );
      break;
    case 'AWS::SQS::Queue': {
      const attributes = async () =>
        (await aws.sqs.send(new GetQueueAttributesCommand({ QueueUrl: id, AttributeNames: ['All'] })))
          .Attributes ?? {};
      when(
        'SqsManagedSseEnabled',
        Boolean(p.SqsManagedSseEnabled),
        async () => (await attributes()).SqsManagedSseEnabled === 'true',
      );
      when('RedrivePolicy', Boolean(p.RedrivePolicy), async () =>
        Boolean((await attributes()).RedrivePolicy),
      );
      when(
        'VisibilityTimeout',
        p.VisibilityTimeout !== undefined,
        async () => (await attributes()).VisibilityTimeout === String(p.VisibilityTimeout),
      );
      when(
        'MessageRetentionPeriod',
        p.MessageRetentionPeriod !== undefined,
        async () => (await attributes()).MessageRetentionPeriod === String(p.MessageRetentionPeriod),
      );
      break;
    }
    case 'AWS::Logs::LogGroup':
      when('RetentionInDays', p.RetentionInDays !== undefined, async () => {
        const found = await jsonCall<{ logGroups: { logGroupName: string; retentionInDays?: number }[] }>(
          aws.target,
          'logs',
          'Logs_20140328.DescribeLogGroups',
          { logGroupNamePrefix: id },
        );
        return found.logGroups.some((g) => g.logGroupName === id && g.retentionInDays === p.RetentionInDays);
      });
      break;
    case 'AWS::Events::Rule':
      when('Targets', list(p.Targets).length > 0, async () => {
        const found = await jsonCall<{ Targets: unknown[] }>(
          aws.target,
          'events',
          'AWSEvents.ListTargetsByRule',
          { Rule: id },
        );
        return found.Targets.length === list(p.Targets).length;
      });
      break;
    case 'AWS::Lambda::EventSourceMapping':
      when(
        'BatchSize, MaximumBatchingWindowInSeconds, FunctionResponseTypes, ScalingConfig',
        true,
        async () => {
          const m = await restCall<Record<string, unknown>>(
            aws.target,
            'lambda',
            'GET',
            `/2015-03-31/event-source-mappings/${id}`,
          );
          return (
            m.BatchSize === p.BatchSize &&
            m.MaximumBatchingWindowInSeconds === p.MaximumBatchingWindowInSeconds &&
            JSON.stringify(m.FunctionResponseTypes) === JSON.stringify(p.FunctionResponseTypes) &&
            JSON.stringify(m.ScalingConfig) === JSON.stringify(p.ScalingConfig)
          );
        },
      );
      break;
  }
  return probes.filter(([, set]) => set).map(([property, , applied]) => [property, applied]);
}
