import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsEndpoints } from '../../functions/aws-clients.ts';
import type { MotoTarget } from './moto-call.ts';

/** The region the test deploys to; the CDK app itself is environment-agnostic. */
export const DEPLOY_REGION = 'us-east-1';
/** moto accepts any credentials; these keep the SDK from looking for real ones. */
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

export interface MotoClients {
  readonly target: MotoTarget;
  /** What createAwsClients needs to point the functions' own clients at moto. */
  readonly endpoints: AwsEndpoints;
  readonly cloudFormation: CloudFormationClient;
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly sns: SNSClient;
  readonly dynamodb: DynamoDBClient;
  readonly sts: STSClient;
  destroy(): void;
}

export function motoClients(endpoint: string): MotoClients {
  const common = { endpoint, region: DEPLOY_REGION, credentials };
  const clients = {
    cloudFormation: new CloudFormationClient(common),
    s3: new S3Client({ ...common, forcePathStyle: true }),
    sqs: new SQSClient(common),
    sns: new SNSClient(common),
    dynamodb: new DynamoDBClient(common),
    sts: new STSClient(common),
  };
  return {
    target: { endpoint, region: DEPLOY_REGION },
    endpoints: { messaging: endpoint, dynamodb: endpoint, region: DEPLOY_REGION, credentials },
    ...clients,
    destroy: () => {
      for (const client of Object.values(clients)) client.destroy();
    },
  };
}
