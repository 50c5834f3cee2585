import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { IncidentsTableSchema, StateTableSchema } from '../../functions/storage/table-schema.ts';
import { everyOptionSettings, synthesizeHivewatch, theResource } from './synthesized-stack.ts';

const { template } = synthesizeHivewatch();
const buckets = template.findResources('AWS::S3::Bucket');
const ingestBucket = theResource(template, 'AWS::S3::Bucket', (b) => b.Properties.VersioningConfiguration);

describe('the ingest bucket and its access-log bucket', () => {
  it('block every kind of public access and enforce object ownership', () => {
    expect(Object.keys(buckets)).toHaveLength(2);
    for (const bucket of Object.values(buckets)) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.OwnershipControls).toEqual({
        Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }],
      });
      expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0]).toMatchObject({
        ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' },
      });
    }
  });

  it('deny any request that does not use TLS 1.2 or later', () => {
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      const statements = policy.Properties.PolicyDocument.Statement;
      expect(statements).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 's3:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
      expect(statements).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
      );
    }
  });

  it('keeps versions, logs access, and expires raw logs after 90 days by default', () => {
    const props = ingestBucket[1].Properties;
    expect(props.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(props.LoggingConfiguration.DestinationBucketName).toBeDefined();
    expect(props.LifecycleConfiguration.Rules).toEqual([
      expect.objectContaining({
        ExpirationInDays: 90,
        NoncurrentVersionExpiration: { NoncurrentDays: 90 },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        Status: 'Enabled',
      }),
    ]);
    expect(props.LifecycleConfiguration.Rules[0].Transitions).toBeUndefined();
  });

  it('moves raw logs to Standard-IA when the operator sets a transition', () => {
    const custom = synthesizeHivewatch(everyOptionSettings).template;
    custom.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [
          Match.objectLike({
            ExpirationInDays: 365,
            Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }],
          }),
        ],
      },
    });
  });

  it('notifies the queue of every object created under incoming/ and nothing else', () => {
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: ingestBucket[0] },
      NotificationConfiguration: {
        QueueConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'incoming/' }] } },
            QueueArn: Match.anyValue(),
          },
        ],
      },
    });
  });

  it('is kept when the stack is deleted, unless the operator chose destroy', () => {
    expect(ingestBucket[1].DeletionPolicy).toBe('Retain');
    const destroyed = synthesizeHivewatch({ removalPolicy: 'destroy' }).template;
    for (const bucket of Object.values(destroyed.findResources('AWS::S3::Bucket'))) {
      expect(bucket.DeletionPolicy).toBe('Delete');
    }
  });
});

describe('the tables', () => {
  const tables = Object.values(template.findResources('AWS::DynamoDB::Table'));

  it('are on demand, with point-in-time recovery, and retained on stack deletion by default', () => {
    expect(tables).toHaveLength(3);
    for (const table of tables) {
      expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
      expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(table.DeletionPolicy).toBe('Retain');
    }
  });

  it('take their keys, TTL attribute and indexes from the schema the functions use', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: StateTableSchema.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: StateTableSchema.sortKey.name, KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: StateTableSchema.ttlAttribute, Enabled: true },
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: IncidentsTableSchema.partitionKey.name, KeyType: 'HASH' }],
      GlobalSecondaryIndexes: IncidentsTableSchema.indexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: index.projection },
      })),
    });
  });
});
