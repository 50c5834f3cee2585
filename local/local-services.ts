import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type AwsEndpoints, createAwsClients } from '../functions/aws-clients.ts';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local.ts';
import { type LocalFauxqs, startLocalFauxqs } from './fauxqs.ts';
import { localCredentials, localRegion } from './local-aws.ts';

export interface LocalServicesOptions {
  /** Persist DynamoDB tables and fauxqs state here; in memory when absent. */
  dataDir?: string;
}

/** DynamoDB Local + fauxqs, running, with SDK clients pointed at them. */
export interface LocalServices {
  readonly dynamodbLocal: DynamoDbLocal;
  readonly fauxqs: LocalFauxqs;
  readonly endpoints: AwsEndpoints;
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly sns: SNSClient;
  readonly dynamodb: DynamoDBClient;
  readonly documents: DynamoDBDocumentClient;
  stop(): Promise<void>;
}

/** Starts both services side by side; stop() ends both and whatever started before a failure. */
export async function startLocalServices(options: LocalServicesOptions = {}): Promise<LocalServices> {
  const [dynamo, fauxqs] = await Promise.allSettled([
    startDynamoDbLocal(options.dataDir ? { dbPath: `${options.dataDir}/dynamodb` } : {}),
    startLocalFauxqs(options.dataDir ? { dataDir: `${options.dataDir}/fauxqs` } : {}),
  ]);
  if (dynamo.status === 'rejected' || fauxqs.status === 'rejected') {
    if (dynamo.status === 'fulfilled') await dynamo.value.stop();
    if (fauxqs.status === 'fulfilled') await fauxqs.value.stop();
    throw dynamo.status === 'rejected' ? dynamo.reason : (fauxqs as PromiseRejectedResult).reason;
  }
  const endpoints: AwsEndpoints = {
    messaging: fauxqs.value.endpoint,
    dynamodb: dynamo.value.endpoint,
    region: localRegion,
    credentials: localCredentials,
  };
  const common = { region: localRegion, credentials: localCredentials };
  const aws = createAwsClients(endpoints);
  const dynamodb = new DynamoDBClient({ ...common, endpoint: dynamo.value.endpoint });
  const sqs = new SQSClient({ ...common, endpoint: fauxqs.value.endpoint });
  return {
    dynamodbLocal: dynamo.value,
    fauxqs: fauxqs.value,
    endpoints,
    s3: aws.s3,
    sns: aws.sns,
    sqs,
    dynamodb,
    documents: aws.dynamo,
    async stop() {
      for (const client of [aws.s3, aws.sns, aws.dynamo, sqs, dynamodb]) client.destroy();
      await Promise.allSettled([dynamo.value.stop(), fauxqs.value.stop()]);
    },
  };
}
