import { expect, it } from 'vitest';
import { synthesizeHivewatch } from './synthesized-stack.ts';

it('deploys the pipeline: private bucket → encrypted queue → ingest with partial batch failures → alerts', () => {
  const { template } = synthesizeHivewatch({ alertEmail: 'oncall@example.com' });
  template.hasResourceProperties('AWS::S3::Bucket', { VersioningConfiguration: { Status: 'Enabled' } });
  template.resourcePropertiesCountIs('AWS::SQS::Queue', { SqsManagedSseEnabled: true }, 2);
  template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
    FunctionResponseTypes: ['ReportBatchItemFailures'],
  });
  template.resourcePropertiesCountIs(
    'AWS::Lambda::Function',
    { Runtime: 'nodejs24.x', Architectures: ['arm64'] },
    2,
  );
  template.resourceCountIs('AWS::DynamoDB::Table', 3);
  template.hasResourceProperties('AWS::SNS::Subscription', {
    Protocol: 'email',
    Endpoint: 'oncall@example.com',
  });
  expect(Object.keys(template.findOutputs('*'))).toContain('ShipperPolicyArn');
});
