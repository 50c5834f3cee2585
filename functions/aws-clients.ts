import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface AwsClients {
  readonly s3: S3Client;
  readonly sns: SNSClient;
  readonly dynamo: DynamoDBDocumentClient;
}

/** Where to reach the services outside AWS (local mode and tests); absent in Lambda. */
export interface AwsEndpoints {
  /** fauxqs: S3 (path style), SNS and SQS on one endpoint. */
  readonly messaging?: string;
  readonly dynamodb?: string;
  readonly region?: string;
  readonly credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** Builds the SDK clients once per container (module scope in the handlers), or once per local run. */
export function createAwsClients(endpoints: AwsEndpoints = {}): AwsClients {
  const common = {
    ...(endpoints.region ? { region: endpoints.region } : {}),
    ...(endpoints.credentials ? { credentials: endpoints.credentials } : {}),
  };
  const messaging = endpoints.messaging ? { endpoint: endpoints.messaging } : {};
  const dynamodb = new DynamoDBClient({
    ...common,
    ...(endpoints.dynamodb ? { endpoint: endpoints.dynamodb } : {}),
  });
  return {
    s3: new S3Client({ ...common, ...messaging, forcePathStyle: Boolean(endpoints.messaging) }),
    sns: new SNSClient({ ...common, ...messaging }),
    dynamo: DynamoDBDocumentClient.from(dynamodb, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    }),
  };
}
