import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { createAwsClients } from '../../functions/aws-clients.ts';
import { loadPipelineConfig } from '../../functions/config.ts';
import { createPipelineRuntime } from '../../functions/pipeline-runtime.ts';
import { synthesizeHivewatch, theResource } from './synthesized-stack.ts';

const { template } = synthesizeHivewatch();
const [topicId, topic] = theResource(template, 'AWS::SNS::Topic');
const [keyId, key] = theResource(template, 'AWS::KMS::Key');

describe('the alert topic', () => {
  it('is encrypted with its own rotating customer-managed key', () => {
    expect(topic.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    expect(key.Properties.EnableKeyRotation).toBe(true);
  });

  it('lets CloudWatch alarms use the key and publish, and refuses publishing without TLS', () => {
    expect(key.Properties.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      }),
    );
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
          }),
        ]),
      },
    });
  });

  it('subscribes the on-call address only when the operator passes one', () => {
    template.resourceCountIs('AWS::SNS::Subscription', 0);
    const custom = synthesizeHivewatch({ alertEmail: 'oncall@example.com' }).template;
    custom.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
    });
  });
});

describe('the alarms', () => {
  const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
  const alarm = (name: string) => {
    const found = alarms.find((a) => a.Properties.AlarmName === `hivewatch-${name}`);
    if (!found) throw new Error(`no alarm hivewatch-${name}`);
    return found.Properties;
  };

  it('all notify the alert topic when they fire and when they clear', () => {
    expect(alarms).toHaveLength(8);
    for (const a of alarms) {
      expect(a.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(a.Properties.OKActions).toEqual([{ Ref: topicId }]);
    }
  });

  it('fire as soon as one message reaches the dead-letter queue', () => {
    expect(alarm('dead-letters')).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('fire when the oldest notification has waited 30 minutes', () => {
    expect(alarm('ingest-backlog')).toMatchObject({
      MetricName: 'ApproximateAgeOfOldestMessage',
      Threshold: 1800,
    });
  });

  it('watch errors and throttles of both functions', () => {
    for (const fn of ['ingest', 'sweeper']) {
      expect(alarm(`${fn}-errors`)).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Threshold: 1,
      });
      expect(alarm(`${fn}-throttles`)).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Throttles' });
    }
  });

  it('watch ReaderErrors in the hivewatch namespace under the service dimension', () => {
    expect(alarm('reader-errors')).toMatchObject({
      Namespace: 'hivewatch',
      MetricName: 'ReaderErrors',
      Dimensions: [{ Name: 'service', Value: 'hivewatch' }],
      Statistic: 'Sum',
      Period: 900,
      Threshold: 10,
    });
    const custom = synthesizeHivewatch({ readerErrorThreshold: '250', prefix: 'hw' }).template;
    custom.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'hw-reader-errors', Threshold: 250 });
  });
});

it('watches ReaderErrors exactly as the deployed ingest function emits it (namespace and dimensions)', () => {
  const [, ingest] = theResource(
    template,
    'AWS::Lambda::Function',
    (f) => f.Properties.FunctionName === 'hivewatch-ingest',
  );
  const variables = ingest.Properties.Environment.Variables as Record<string, unknown>;
  const env = Object.fromEntries(
    Object.entries(variables).map(([k, v]) => [k, typeof v === 'string' ? v : `arn:aws:deployed:${k}`]),
  );
  const saved = { ...process.env };
  Object.assign(process.env, env, { AWS_REGION: 'eu-west-1' });
  try {
    const { metrics } = createPipelineRuntime(
      loadPipelineConfig(env),
      createAwsClients({ region: 'eu-west-1' }),
    );
    metrics.addMetric('ReaderErrors', MetricUnit.Count, 1);
    const emf = metrics.serializeMetrics();
    const [directive] = emf._aws.CloudWatchMetrics;
    const [, readerErrors] = theResource(
      template,
      'AWS::CloudWatch::Alarm',
      (a) => a.Properties.MetricName === 'ReaderErrors',
    );
    expect(directive?.Namespace).toBe(readerErrors.Properties.Namespace);
    expect(directive?.Dimensions).toEqual([
      readerErrors.Properties.Dimensions.map((d: { Name: string }) => d.Name),
    ]);
    for (const d of readerErrors.Properties.Dimensions) expect(emf[d.Name]).toBe(d.Value);
  } finally {
    process.env = saved;
  }
});

it('warns on-call when alerts keep failing to publish', () => {
  template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    AlarmName: 'hivewatch-alert-publish-failures',
    Namespace: 'hivewatch',
    MetricName: 'AlertPublishFailures',
    Dimensions: [{ Name: 'service', Value: 'hivewatch' }],
    Threshold: 3,
  });
});

describe('the stack outputs', () => {
  it('name the bucket, topic, tables and shipper policy, and give the next command lines', () => {
    const outputs = Object.keys(template.findOutputs('*'));
    expect(outputs).toEqual(
      expect.arrayContaining([
        'IngestBucketName',
        'AlertTopicArn',
        'StateTableName',
        'IncidentsTableName',
        'IngestTableName',
        'ShipperPolicyArn',
        'NextConfirmSubscription',
        'NextTagShipperRole',
        'NextTestUpload',
        'NextOpenIncidents',
      ]),
    );
  });
});
