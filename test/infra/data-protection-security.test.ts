/**
 * SECURITY.md, "Data in transit, at rest, and how long it stays": TLS on every resource policy, encryption of every
 * store, retention of every store, and what the functions' environment holds — on the synthesized templates, with
 * the default settings and with every option set.
 */
import { describe, expect, it } from 'vitest';
import { PipelineEnvSchema } from '../../functions/config.ts';
import {
  type CfnResourceJson,
  everyOptionSettings,
  synthesizeHivewatch,
  theResource,
} from './synthesized-stack.ts';

type Resources = Record<string, CfnResourceJson>;
const defaults = synthesizeHivewatch().template;
const everyOption = synthesizeHivewatch(everyOptionSettings).template;
const both = [
  ['default settings', defaults],
  ['every option', everyOption],
] as const;
const ofType = (template: typeof defaults, type: string) =>
  Object.values(template.toJSON().Resources as Resources).filter((r) => r.Type === type);
const statements = (r: CfnResourceJson) => r.Properties.PolicyDocument.Statement as Record<string, unknown>[];

describe.each(both)('in transit (%s)', (_name, template) => {
  it('every bucket refuses requests without TLS or below TLS 1.2; every queue and the topic refuse them without TLS', () => {
    const insecure = { Bool: { 'aws:SecureTransport': 'false' } };
    const buckets = ofType(template, 'AWS::S3::Bucket').length;
    const bucketPolicies = ofType(template, 'AWS::S3::BucketPolicy');
    expect(bucketPolicies).toHaveLength(buckets);
    for (const policy of bucketPolicies) {
      expect(statements(policy)).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: insecure }),
      );
      expect(statements(policy)).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
        }),
      );
    }
    const queuePolicies = ofType(template, 'AWS::SQS::QueuePolicy');
    expect(queuePolicies).toHaveLength(ofType(template, 'AWS::SQS::Queue').length);
    for (const policy of queuePolicies) {
      expect(statements(policy)).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Action: 'sqs:*', Condition: insecure }),
      );
    }
    const [topicPolicy] = ofType(template, 'AWS::SNS::TopicPolicy');
    expect(topicPolicy && statements(topicPolicy)).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 'sns:Publish', Condition: insecure }),
    );
  });

  it('the functions reach AWS on the SDK’s default HTTPS endpoints: no endpoint override, nothing but settings and names', () => {
    const contract = new Set(Object.keys(PipelineEnvSchema.shape));
    for (const fn of ofType(template, 'AWS::Lambda::Function').filter((f) => f.Properties.Environment)) {
      const variables = Object.keys(fn.Properties.Environment.Variables);
      expect(variables).not.toContain('AWS_ENDPOINT_URL');
      const outside = variables.filter((v) => !contract.has(v) && !/^POWERTOOLS_|^NODE_OPTIONS$/.test(v));
      expect(outside, fn.Properties.FunctionName).toEqual([]);
      expect(fn.Properties.VpcConfig).toBeUndefined();
    }
  });
});

describe.each(both)('at rest (%s)', (_name, template) => {
  it('buckets SSE-S3, queues SSE-SQS, the topic under the rotating customer key, the Firehose stream under an AWS key', () => {
    for (const bucket of ofType(template, 'AWS::S3::Bucket')) {
      expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
        { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
      ]);
    }
    for (const queue of ofType(template, 'AWS::SQS::Queue'))
      expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    const [keyId, key] = theResource(template, 'AWS::KMS::Key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(theResource(template, 'AWS::SNS::Topic')[1].Properties.KmsMasterKeyId).toEqual({
      'Fn::GetAtt': [keyId, 'Arn'],
    });
    for (const stream of ofType(template, 'AWS::KinesisFirehose::DeliveryStream')) {
      expect(stream.Properties.DeliveryStreamEncryptionConfigurationInput).toEqual({
        KeyType: 'AWS_OWNED_CMK',
      });
    }
  });

  it('tables, log groups and function settings use the services’ own encryption (no key of ours is named)', () => {
    // DynamoDB and CloudWatch Logs encrypt everything at rest; without a key named here they use AWS's keys.
    for (const table of ofType(template, 'AWS::DynamoDB::Table'))
      expect(table.Properties.SSESpecification).toBeUndefined();
    for (const group of ofType(template, 'AWS::Logs::LogGroup'))
      expect(group.Properties.KmsKeyId).toBeUndefined();
    for (const fn of ofType(template, 'AWS::Lambda::Function'))
      expect(fn.Properties.KmsKeyArn).toBeUndefined();
  });
});

describe('how long data stays', () => {
  it('raw logs and access logs expire after rawRetentionDays; queued notifications after 14 days; logs after logRetentionDays', () => {
    for (const [template, days] of [
      [defaults, 90],
      [everyOption, 365],
    ] as const) {
      for (const bucket of ofType(template, 'AWS::S3::Bucket')) {
        const [rule, ...others] = bucket.Properties.LifecycleConfiguration.Rules;
        expect(others).toEqual([]);
        expect(rule).toMatchObject({ ExpirationInDays: days, Status: 'Enabled' });
        if (bucket.Properties.VersioningConfiguration) {
          expect(rule.NoncurrentVersionExpiration).toEqual({ NoncurrentDays: days });
        }
      }
      for (const queue of ofType(template, 'AWS::SQS::Queue')) {
        expect(queue.Properties.MessageRetentionPeriod).toBe(14 * 86_400);
      }
      for (const group of ofType(template, 'AWS::Logs::LogGroup'))
        expect(group.Properties.RetentionInDays).toBe(30);
    }
  });

  it('host state and ingest records expire (TTL); incidents stay until deleted by hand; every table has PITR', () => {
    const tables = ofType(defaults, 'AWS::DynamoDB::Table');
    // Tables by their partition key (table-schema.ts): state `pk`, incidents `id`, ingest records `key`.
    const ttl = Object.fromEntries(
      tables.map((t) => [
        t.Properties.KeySchema[0].AttributeName,
        t.Properties.TimeToLiveSpecification ?? 'none',
      ]),
    );
    expect(ttl).toEqual({
      pk: { AttributeName: 'expiresAt', Enabled: true },
      id: 'none',
      key: { AttributeName: 'expiresAt', Enabled: true },
    });
    for (const table of tables) {
      expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    }
  });

  it('buckets, tables, key and log groups outlive the stack unless the operator chose destroy', () => {
    const kept = ['AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::KMS::Key', 'AWS::Logs::LogGroup'];
    for (const type of kept) {
      for (const r of ofType(defaults, type)) expect(r.DeletionPolicy, type).toBe('Retain');
      for (const r of ofType(everyOption, type)) expect(r.DeletionPolicy, type).toBe('Delete');
    }
  });
});
