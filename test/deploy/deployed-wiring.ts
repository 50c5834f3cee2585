import { GetBucketNotificationConfigurationCommand } from '@aws-sdk/client-s3';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import type { DeployedStack } from './deploy-stack.ts';
import { jsonCall, restCall } from './moto-call.ts';
import type { MotoClients } from './moto-clients.ts';

/** A deployed function as Lambda reports it: what it would run with. */
export interface DeployedFunction {
  readonly name: string;
  readonly environment: Record<string, string>;
  readonly codeSha256: string;
}

/**
 * How the deployed pieces are connected, read from moto and never from our own code: the function the queue feeds
 * (the stack's event source mapping), the function the schedule runs (the stack's rule target), the bucket that
 * notifies that queue, and the stack's tables and topic.
 */
export interface DeployedWiring {
  readonly ingest: DeployedFunction;
  readonly sweeper: DeployedFunction;
  readonly mapping: { uuid: string; batchSize: number; functionResponseTypes: string[] };
  readonly queue: { arn: string; url: string };
  /** The stack's bucket whose notification configuration sends to that queue, and the prefix it filters on. */
  readonly bucket: { name: string; prefix: string };
  readonly tables: string[];
  readonly topics: string[];
}

export async function readWiring(aws: MotoClients, deployed: DeployedStack): Promise<DeployedWiring> {
  const ofType = (type: string) => [...deployed.resources.values()].filter((r) => r.type === type);
  const only = <T>(items: T[], what: string): T => {
    if (items.length !== 1)
      throw new Error(`expected one ${what} in the deployed stack, found ${items.length}`);
    return items[0] as T;
  };
  const mappingId = only(ofType('AWS::Lambda::EventSourceMapping'), 'event source mapping').physicalId;
  const mapping = await restCall<{
    UUID: string;
    EventSourceArn: string;
    FunctionArn: string;
    BatchSize: number;
    FunctionResponseTypes?: string[];
  }>(aws.target, 'lambda', 'GET', `/2015-03-31/event-source-mappings/${mappingId}`);
  const rule = only(ofType('AWS::Events::Rule'), 'schedule rule').physicalId;
  const targets = await jsonCall<{ Targets: { Arn: string }[] }>(
    aws.target,
    'events',
    'AWSEvents.ListTargetsByRule',
    {
      Rule: rule,
    },
  );
  const [, , , , owner, queueName] = mapping.EventSourceArn.split(':');
  const queueUrl = (
    await aws.sqs.send(new GetQueueUrlCommand({ QueueName: queueName, QueueOwnerAWSAccountId: owner }))
  ).QueueUrl;
  if (!queueUrl) throw new Error(`no queue ${mapping.EventSourceArn}`);
  return {
    ingest: await deployedFunction(aws, mapping.FunctionArn),
    sweeper: await deployedFunction(aws, only(targets.Targets, 'target of the schedule').Arn),
    mapping: {
      uuid: mapping.UUID,
      batchSize: mapping.BatchSize,
      functionResponseTypes: mapping.FunctionResponseTypes ?? [],
    },
    queue: { arn: mapping.EventSourceArn, url: queueUrl },
    bucket: await notifyingBucket(
      aws,
      ofType('AWS::S3::Bucket').map((b) => b.physicalId),
      mapping.EventSourceArn,
    ),
    tables: ofType('AWS::DynamoDB::Table').map((t) => t.physicalId),
    topics: ofType('AWS::SNS::Topic').map((t) => t.physicalId),
  };
}

async function deployedFunction(aws: MotoClients, arn: string): Promise<DeployedFunction> {
  const config = await restCall<{
    FunctionName: string;
    CodeSha256: string;
    Environment?: { Variables?: Record<string, string> };
  }>(aws.target, 'lambda', 'GET', `/2015-03-31/functions/${encodeURIComponent(arn)}/configuration`);
  return {
    name: config.FunctionName,
    environment: config.Environment?.Variables ?? {},
    codeSha256: config.CodeSha256,
  };
}

async function notifyingBucket(
  aws: MotoClients,
  buckets: string[],
  queueArn: string,
): Promise<{ name: string; prefix: string }> {
  const found: { name: string; prefix: string }[] = [];
  for (const name of buckets) {
    const config = await aws.s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: name }));
    for (const queue of config.QueueConfigurations ?? []) {
      if (queue.QueueArn !== queueArn) continue;
      const prefix =
        queue.Filter?.Key?.FilterRules?.find((r) => r.Name?.toLowerCase() === 'prefix')?.Value ?? '';
      found.push({ name, prefix });
    }
  }
  if (found.length !== 1) {
    throw new Error(`expected one bucket notification to the ingest queue, found ${JSON.stringify(found)}`);
  }
  return found[0] as { name: string; prefix: string };
}

/**
 * Stops moto from running the ingest function itself: with the mapping enabled, moto receives each new message
 * and tries to invoke the function in Docker, and without Docker it puts the message back having counted a
 * receive (enough of them would dead-letter it). The test is the poller instead (local/lambda-poller.ts).
 */
export async function disableMapping(aws: MotoClients, uuid: string): Promise<void> {
  const updated = await restCall<{ State?: string }>(
    aws.target,
    'lambda',
    'PUT',
    `/2015-03-31/event-source-mappings/${uuid}`,
    {
      Enabled: false,
    },
  );
  if (updated.State !== 'Disabled')
    throw new Error(`event source mapping ${uuid} is ${updated.State}, not Disabled`);
}
