import { describe, expect, it } from 'vitest';
import { loadPipelineConfig } from '../../functions/config.ts';
import { MAX_RECEIVE_COUNT } from '../../lib/ingest-queue.ts';
import { type CfnResourceJson, synthesizeHivewatch, theResource } from './synthesized-stack.ts';

const { template } = synthesizeHivewatch();
const byName = (name: string) => (r: CfnResourceJson) => r.Properties.FunctionName === name;
const [, ingest] = theResource(template, 'AWS::Lambda::Function', byName('hivewatch-ingest'));
const [, sweeper] = theResource(template, 'AWS::Lambda::Function', byName('hivewatch-sweeper'));
const [queueId, queue] = theResource(template, 'AWS::SQS::Queue', (q) => q.Properties.RedrivePolicy);
const [, mapping] = theResource(template, 'AWS::Lambda::EventSourceMapping');

describe('the notification queue', () => {
  it('encrypts both queues and refuses requests without TLS', () => {
    const queues = Object.values(template.findResources('AWS::SQS::Queue'));
    expect(queues).toHaveLength(2);
    for (const q of queues) expect(q.Properties.SqsManagedSseEnabled).toBe(true);
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('accepts messages only from S3, for the ingest bucket', () => {
    const [bucketId] = theResource(template, 'AWS::S3::Bucket', (b) => b.Properties.VersioningConfiguration);
    const [, policy] = theResource(
      template,
      'AWS::SQS::QueuePolicy',
      (p) => p.Properties.Queues[0].Ref === queueId,
    );
    const allows = policy.Properties.PolicyDocument.Statement.filter(
      (s: { Effect: string }) => s.Effect === 'Allow',
    );
    expect(allows).toEqual([
      expect.objectContaining({
        Principal: { Service: 's3.amazonaws.com' },
        Condition: { ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [bucketId, 'Arn'] } } },
      }),
    ]);
  });

  it('hides a message for at least 6x the ingest timeout plus the batching window', () => {
    const window = mapping.Properties.MaximumBatchingWindowInSeconds;
    expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * ingest.Properties.Timeout + window);
  });

  it('dead-letters after a few receives and keeps messages 14 days, through a weekend outage', () => {
    expect(MAX_RECEIVE_COUNT).toBeGreaterThanOrEqual(3);
    expect(MAX_RECEIVE_COUNT).toBeLessThanOrEqual(5);
    expect(queue.Properties.RedrivePolicy.maxReceiveCount).toBe(MAX_RECEIVE_COUNT);
    for (const q of Object.values(template.findResources('AWS::SQS::Queue'))) {
      expect(q.Properties.MessageRetentionPeriod).toBe(14 * 86_400);
    }
  });
});

describe('the ingest event source', () => {
  it('reports partial batch failures so one bad object never re-runs the others', () => {
    expect(mapping.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
  });

  it('reads the notification queue in batches of 10 within 20 s, at most 5 invocations at once', () => {
    expect(mapping.Properties.EventSourceArn).toEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });
    expect(mapping.Properties.BatchSize).toBe(10);
    expect(mapping.Properties.MaximumBatchingWindowInSeconds).toBe(20);
    expect(mapping.Properties.ScalingConfig).toEqual({ MaximumConcurrency: 5 });
  });

  it('takes its concurrency cap from the context', () => {
    const custom = synthesizeHivewatch({ ingestMaxConcurrency: '20' }).template;
    custom.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      ScalingConfig: { MaximumConcurrency: 20 },
    });
  });
});

describe('the functions', () => {
  it('run Node 24 on arm64 with their own log group kept 30 days', () => {
    for (const fn of [ingest, sweeper]) {
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.LoggingConfig.LogGroup).toEqual({ Ref: expect.stringMatching(/Logs/) });
    }
    for (const group of Object.values(template.findResources('AWS::Logs::LogGroup'))) {
      expect(group.Properties.RetentionInDays).toBe(30);
    }
  });

  it('give the ingest function one full vCPU (1,769 MB) and 3 minutes', () => {
    expect(ingest.Properties.MemorySize).toBe(1769);
    expect(ingest.Properties.Timeout).toBe(180);
  });

  it('satisfy the environment contract the functions validate at start-up', () => {
    for (const fn of [ingest, sweeper]) {
      const variables = fn.Properties.Environment.Variables as Record<string, unknown>;
      // References resolve at deploy time; stand in for them with ARN-shaped text.
      const env = Object.fromEntries(
        Object.entries(variables).map(([k, v]) => [k, typeof v === 'string' ? v : `arn:aws:deployed:${k}`]),
      );
      const config = loadPipelineConfig(env);
      expect(config.correlation).toEqual({
        window: 7 * 86_400_000,
        skew: 300_000,
        quiet: 86_400_000,
        threshold: 1,
        settle: 900_000,
        retention: 30 * 86_400_000,
      });
      expect(env).toMatchObject({ POWERTOOLS_METRICS_NAMESPACE: 'hivewatch', POWERTOOLS_LOG_LEVEL: 'INFO' });
    }
  });

  it('pass the operator’s detection settings through unchanged', () => {
    const custom = synthesizeHivewatch({
      detectionWindow: '3d',
      detectionQuiet: '12h',
      detectionThreshold: 2,
    });
    const [, fn] = theResource(custom.template, 'AWS::Lambda::Function', byName('hivewatch-ingest'));
    expect(fn.Properties.Environment.Variables).toMatchObject({
      DETECTION_WINDOW: '3d',
      DETECTION_SKEW: '5m',
      DETECTION_QUIET: '12h',
      DETECTION_THRESHOLD: '2',
    });
  });

  it('run the sweeper on its schedule, every 5 minutes unless the context says otherwise', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
    });
    const custom = synthesizeHivewatch({ sweepSchedule: 'rate(1 hour)' }).template;
    custom.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 hour)' });
  });
});
