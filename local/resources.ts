import {
  type AttributeDefinition,
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  CreateTopicCommand,
  ListSubscriptionsByTopicCommand,
  type SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type IndexSchema, PipelineTables, type TableSchema } from '../functions/storage/table-schema.ts';

/** Names of everything the local pipeline needs; a prefix keeps test suites apart on shared services. */
export interface LocalResourceNames {
  readonly bucket: string;
  readonly queue: string;
  readonly deadLetterQueue: string;
  readonly topic: string;
  /** The queue subscribed to the alert topic: it stands in for on-call. */
  readonly onCallQueue: string;
  readonly tables: { STATE_TABLE: string; INCIDENTS_TABLE: string; INGEST_TABLE: string };
}

export function localResourceNames(prefix = 'hivewatch'): LocalResourceNames {
  return {
    bucket: `${prefix}-ingest`,
    queue: `${prefix}-ingest`,
    deadLetterQueue: `${prefix}-ingest-dlq`,
    topic: `${prefix}-alerts`,
    onCallQueue: `${prefix}-on-call`,
    tables: {
      STATE_TABLE: `${prefix}-state`,
      INCIDENTS_TABLE: `${prefix}-incidents`,
      INGEST_TABLE: `${prefix}-ingest`,
    },
  };
}

export interface LocalResources {
  readonly names: LocalResourceNames;
  readonly queueUrl: string;
  readonly deadLetterQueueUrl: string;
  readonly onCallQueueUrl: string;
  readonly topicArn: string;
}

export interface ResourceClients {
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly sns: SNSClient;
  readonly dynamodb: DynamoDBClient;
}

/** Visibility timeout of the ingest queue, as the stack sets it (6 × the function timeout). */
const visibilityTimeoutSeconds = 30;

/** Creates (or finds, on a second run with persisted data) the bucket, queues, topic, subscription and tables. */
export async function createLocalResources(
  clients: ResourceClients,
  names: LocalResourceNames,
): Promise<LocalResources> {
  await clients.s3.send(new CreateBucketCommand({ Bucket: names.bucket })).catch(ignoreAlreadyExists);
  const deadLetterQueueUrl = await createQueue(clients.sqs, names.deadLetterQueue, {});
  const deadLetterArn = await queueArn(clients.sqs, deadLetterQueueUrl);
  const queueUrl = await createQueue(clients.sqs, names.queue, {
    VisibilityTimeout: String(visibilityTimeoutSeconds),
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: deadLetterArn, maxReceiveCount: '3' }),
  });
  const onCallQueueUrl = await createQueue(clients.sqs, names.onCallQueue, {});
  const topicArn = (await clients.sns.send(new CreateTopicCommand({ Name: names.topic }))).TopicArn ?? '';
  await subscribeOnce(clients, topicArn, await queueArn(clients.sqs, onCallQueueUrl));
  await createPipelineTables(clients.dynamodb, names.tables);
  return { names, queueUrl, deadLetterQueueUrl, onCallQueueUrl, topicArn };
}

/** The pipeline's tables (or the existing ones, on a second run with persisted data). */
export async function createPipelineTables(
  dynamodb: DynamoDBClient,
  tables: LocalResourceNames['tables'],
): Promise<void> {
  for (const [variable, schema] of Object.entries(PipelineTables)) {
    await createTable(dynamodb, tables[variable as keyof typeof PipelineTables], schema);
  }
}

async function createQueue(
  sqs: SQSClient,
  name: string,
  attributes: Record<string, string>,
): Promise<string> {
  const created = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  return created.QueueUrl ?? '';
}

async function queueArn(sqs: SQSClient, url: string): Promise<string> {
  const found = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  return found.Attributes?.QueueArn ?? '';
}

/** A second subscription would deliver every alert twice to the stand-in on-call queue. */
async function subscribeOnce(clients: ResourceClients, topicArn: string, endpoint: string): Promise<void> {
  const existing = await clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
  if (existing.Subscriptions?.some((s) => s.Endpoint === endpoint)) return;
  await clients.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: endpoint }));
}

/** The CreateTable request for a schema of table-schema.ts (on demand; each GSI with the stack's projection). */
export function createTableInput(tableName: string, schema: TableSchema): CreateTableCommandInput {
  const keys = [
    schema.partitionKey,
    schema.sortKey,
    ...schema.indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  ];
  const definitions = new Map<string, AttributeDefinition>();
  for (const key of keys) {
    if (key) definitions.set(key.name, { AttributeName: key.name, AttributeType: key.type });
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...definitions.values()],
    KeySchema: [
      { AttributeName: schema.partitionKey.name, KeyType: 'HASH' },
      ...(schema.sortKey ? [{ AttributeName: schema.sortKey.name, KeyType: 'RANGE' as const }] : []),
    ],
    ...(schema.indexes.length > 0
      ? {
          GlobalSecondaryIndexes: schema.indexes.map(indexInput),
        }
      : {}),
  };
}

function indexInput(index: IndexSchema) {
  return {
    IndexName: index.indexName,
    KeySchema: [
      { AttributeName: index.partitionKey.name, KeyType: 'HASH' as const },
      { AttributeName: index.sortKey.name, KeyType: 'RANGE' as const },
    ],
    Projection:
      index.projection === 'KEYS_ONLY'
        ? { ProjectionType: 'KEYS_ONLY' as const }
        : { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...index.projection.include] },
  };
}

async function createTable(dynamodb: DynamoDBClient, tableName: string, schema: TableSchema): Promise<void> {
  try {
    await dynamodb.send(new CreateTableCommand(createTableInput(tableName, schema)));
  } catch (error) {
    if (error instanceof ResourceInUseException) return addMissingIndexes(dynamodb, tableName, schema);
    throw error;
  }
  if (schema.ttlAttribute) {
    await dynamodb.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: schema.ttlAttribute, Enabled: true },
      }),
    );
  }
}

/** A data folder from an older version lacks the indexes added since: add them (DynamoDB Local builds them at once). */
async function addMissingIndexes(
  dynamodb: DynamoDBClient,
  tableName: string,
  schema: TableSchema,
): Promise<void> {
  const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
  const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  for (const index of schema.indexes.filter((i) => !present.has(i.indexName))) {
    await dynamodb.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [index.partitionKey, index.sortKey].map((key) => ({
          AttributeName: key.name,
          AttributeType: key.type,
        })),
        GlobalSecondaryIndexUpdates: [{ Create: indexInput(index) }],
      }),
    );
  }
}

function ignoreAlreadyExists(error: { name?: string }): void {
  if (error.name === 'BucketAlreadyOwnedByYou' || error.name === 'BucketAlreadyExists') return;
  throw error;
}
