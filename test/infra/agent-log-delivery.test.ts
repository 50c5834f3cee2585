import { describe, expect, it } from 'vitest';
import { loadPipelineConfig } from '../../functions/config.ts';
import { objectOrigin } from '../../functions/ingest/object-origin.ts';
import { type CfnResourceJson, synthesizeHivewatch, theResource } from './synthesized-stack.ts';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };
const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

const LOG_GROUP = 'hivewatch-windows-events';
const { template } = synthesizeHivewatch({ agentLogGroup: LOG_GROUP });
const [bucketId] = theResource(template, 'AWS::S3::Bucket', (b) => b.Properties.VersioningConfiguration);
const [queueId] = theResource(template, 'AWS::SQS::Queue', (q) => q.Properties.RedrivePolicy);
const [streamId, stream] = theResource(template, 'AWS::KinesisFirehose::DeliveryStream');
const destination = stream.Properties.ExtendedS3DestinationConfiguration;

/** The inline policy statements of the role whose trust names `service`. */
function statementsOfRoleTrusting(service: string): {
  roleId: string;
  role: CfnResourceJson;
  statements: Statement[];
} {
  const [roleId, role] = theResource(template, 'AWS::IAM::Role', (r) =>
    JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes(service),
  );
  const statements = Object.values(
    template.findResources('AWS::IAM::Policy') as Record<string, CfnResourceJson>,
  )
    .filter((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
  return { roleId, role, statements };
}

/**
 * A key as Firehose writes it: the prefix with its timestamp expressions evaluated, then
 * `<stream>-<version>-<yyyy>-<MM>-<dd>-<HH>-<mm>-<ss>-<uuid>` (docs.aws.amazon.com/firehose/latest/dev/s3-object-name.html).
 */
function firehoseKey(prefix: string, streamName: string, at: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const parts: Record<string, string> = {
    yyyy: String(at.getUTCFullYear()),
    MM: two(at.getUTCMonth() + 1),
    dd: two(at.getUTCDate()),
    HH: two(at.getUTCHours()),
  };
  const evaluated = prefix.replace(/!\{timestamp:(\w+)\}/g, (_, format: string) => parts[format] ?? '?');
  const time = `${parts.yyyy}-${parts.MM}-${parts.dd}-${parts.HH}-${two(at.getUTCMinutes())}-${two(at.getUTCSeconds())}`;
  return `${evaluated}${streamName}-1-${time}-0e6a5d1c-1b2f-4a7e-9c3d-5f6a7b8c9d0e`;
}

describe('the CloudWatch agent path (context agentLogGroup)', () => {
  it('is off unless the operator names the log group', () => {
    const plain = synthesizeHivewatch().template;
    expect(plain.findResources('AWS::KinesisFirehose::DeliveryStream')).toEqual({});
    expect(plain.findResources('AWS::Logs::SubscriptionFilter')).toEqual({});
    expect(JSON.stringify(plain.toJSON())).not.toContain('firehose/');
  });

  it('subscribes the named log group, every event, to the delivery stream', () => {
    const [, filter] = theResource(template, 'AWS::Logs::SubscriptionFilter');
    expect(filter.Properties).toMatchObject({
      LogGroupName: LOG_GROUP,
      FilterPattern: '',
      DestinationArn: { 'Fn::GetAtt': [streamId, 'Arn'] },
    });
    const { roleId } = statementsOfRoleTrusting('logs.amazonaws.com');
    expect(filter.Properties.RoleArn).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
  });

  it('encrypts the stream and writes the records under firehose/ of the ingest bucket, as CloudWatch Logs sent them', () => {
    expect(stream.Properties.DeliveryStreamType).toBe('DirectPut');
    expect(stream.Properties.DeliveryStreamEncryptionConfigurationInput).toEqual({
      KeyType: 'AWS_OWNED_CMK',
    });
    expect(destination.BucketARN).toEqual({ 'Fn::GetAtt': [bucketId, 'Arn'] });
    // CloudWatch Logs gzips each record already; no processing turns the envelopes into something else.
    expect(destination.CompressionFormat).toBe('UNCOMPRESSED');
    expect(destination.ProcessingConfiguration).toBeUndefined();
    expect(destination.CloudWatchLoggingOptions.Enabled).toBe(true);
  });

  it('writes keys that ingest accepts and attributes to the events, not to a host', () => {
    const key = firehoseKey(
      destination.Prefix,
      stream.Properties.DeliveryStreamName,
      new Date('2026-08-21T09:05:07Z'),
    );
    expect(key).toBe(
      'firehose/2026/08/21/09/hivewatch-agent-events-1-2026-08-21-09-05-07-0e6a5d1c-1b2f-4a7e-9c3d-5f6a7b8c9d0e',
    );
    expect(objectOrigin(key)).toEqual({ success: true, origin: 'events' });
    // Error records (only record processing would make them) land where ingest is never notified.
    expect(destination.ErrorOutputPrefix.startsWith('firehose/')).toBe(false);
  });

  it('notifies the same queue for objects under firehose/ as under incoming/', () => {
    const [, notifications] = theResource(template, 'Custom::S3BucketNotifications');
    const configs = notifications.Properties.NotificationConfiguration.QueueConfigurations as {
      QueueArn: unknown;
      Filter: { Key: { FilterRules: { Name: string; Value: string }[] } };
    }[];
    expect(configs.map((c) => c.Filter.Key.FilterRules)).toEqual([
      [{ Name: 'prefix', Value: 'incoming/' }],
      [{ Name: 'prefix', Value: 'firehose/' }],
    ]);
    for (const c of configs) expect(c.QueueArn).toEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });
  });

  it('lets CloudWatch Logs, in this account and region only, put records into this stream and nothing else', () => {
    const { role, statements } = statementsOfRoleTrusting('logs.amazonaws.com');
    const [trust] = role.Properties.AssumeRolePolicyDocument.Statement;
    expect(trust.Principal).toEqual({ Service: 'logs.amazonaws.com' });
    expect(JSON.stringify(trust.Condition.StringLike['aws:SourceArn'])).toMatch(
      /:logs:.*AWS::Region.*AWS::AccountId.*:\*/,
    );
    expect(statements).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
        Resource: { 'Fn::GetAtt': [streamId, 'Arn'] },
      }),
    ]);
  });

  it('lets Firehose write only under firehose/: no deletes, no other prefix, its own error stream', () => {
    const { roleId, role, statements } = statementsOfRoleTrusting('firehose.amazonaws.com');
    expect(destination.RoleARN).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
    expect(role.Properties.AssumeRolePolicyDocument.Statement[0].Condition).toEqual({
      StringEquals: { 'sts:ExternalId': { Ref: 'AWS::AccountId' } },
    });
    const objectActions = statements.filter((s) =>
      list(s.Action).some((a) => /Object|Multipart/.test(a) && a !== 's3:ListBucketMultipartUploads'),
    );
    expect(objectActions).toHaveLength(1);
    expect(objectActions[0]?.Resource).toEqual({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/firehose/*']],
    });
    const actions = statements.flatMap((s) => list(s.Action));
    expect(actions.filter((a) => /Delete|Acl|Policy|\*/.test(a))).toEqual([]);
    expect(actions.sort()).toEqual([
      'logs:PutLogEvents',
      's3:AbortMultipartUpload',
      's3:GetBucketLocation',
      's3:GetObject',
      's3:ListBucket',
      's3:ListBucketMultipartUploads',
      's3:PutObject',
    ]);
  });

  it('creates the stream only after its role can write, so the first delivery does not fail', () => {
    const { roleId } = statementsOfRoleTrusting('firehose.amazonaws.com');
    const [policyId] = theResource(template, 'AWS::IAM::Policy', (p) => p.Properties.Roles[0].Ref === roleId);
    const deps = (template.toJSON().Resources[streamId] as { DependsOn?: string[] }).DependsOn ?? [];
    expect(deps).toEqual(expect.arrayContaining([roleId, policyId]));
  });

  it('lets the ingest function read what Firehose writes, read only', () => {
    const [, ingestFn] = theResource(
      template,
      'AWS::Lambda::Function',
      (f) => f.Properties.FunctionName === 'hivewatch-ingest',
    );
    const ingestRoleId = ingestFn.Properties.Role['Fn::GetAtt'][0];
    const s3Statements = Object.values(
      template.findResources('AWS::IAM::Policy') as Record<string, CfnResourceJson>,
    )
      .filter((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === ingestRoleId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[])
      .filter((s) => list(s.Action).some((a) => a.startsWith('s3:')));
    expect([...new Set(s3Statements.flatMap((s) => list(s.Action)))]).toEqual(['s3:GetObject']);
    const resources = JSON.stringify(s3Statements.flatMap((s) => list(s.Resource)));
    expect(resources).toContain('/firehose/*');
    expect(resources).toContain('/incoming/*');
  });

  it('raises an alarm to on-call when records wait in the stream over 15 minutes', () => {
    const [topicId] = theResource(template, 'AWS::SNS::Topic');
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'hivewatch-firehose-freshness',
      Namespace: 'AWS/Firehose',
      MetricName: 'DeliveryToS3.DataFreshness',
      Dimensions: [{ Name: 'DeliveryStreamName', Value: 'hivewatch-agent-events' }],
      Threshold: 900,
      AlarmActions: [{ Ref: topicId }],
    });
  });
});

describe('the forged-host setting (context forgedHost)', () => {
  const ingestEnv = (settings: Record<string, unknown>) => {
    const custom = synthesizeHivewatch(settings).template;
    const [, fn] = theResource(
      custom,
      'AWS::Lambda::Function',
      (f) => f.Properties.FunctionName === 'hivewatch-ingest',
    );
    const variables = fn.Properties.Environment.Variables as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(variables).map(([k, v]) => [k, typeof v === 'string' ? v : `arn:aws:deployed:${k}`]),
    );
  };

  it.each(['accept', 'flag', 'reject'] as const)(
    'reaches the ingest function as FORGED_HOST=%s',
    (action) => {
      const env = ingestEnv({ forgedHost: action });
      expect(env.FORGED_HOST).toBe(action);
      expect(loadPipelineConfig(env).forgedHost).toBe(action);
    },
  );

  it('is flag unless the operator says otherwise', () => {
    expect(ingestEnv({}).FORGED_HOST).toBe('flag');
  });
});
