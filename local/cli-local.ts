import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { type AwsClients, createAwsClients } from '../functions/aws-clients.ts';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local.ts';
import { type LocalFauxqs, startLocalFauxqs } from './fauxqs.ts';
import { localCredentials, localRegion } from './local-aws.ts';
import { createLocalResources, type LocalResourceNames, localResourceNames } from './resources.ts';

/** The `npm start` data folder, opened for the CLI: its tables on DynamoDB Local, and the local alert topic if asked. */
export interface LocalDataFolder {
  readonly dir: string;
  readonly names: LocalResourceNames;
  readonly clients: AwsClients;
  /** The local alert topic (fauxqs, in memory: its subscriber queue lives as long as this process). */
  readonly topicArn?: string;
  stop(): Promise<void>;
}

export class LocalDataFolderError extends Error {
  override readonly name = 'LocalDataFolderError';
}

/**
 * Starts DynamoDB Local on the folder's tables (and fauxqs with the topic, for commands that notify). The folder must
 * hold what `npm start` made: a missing folder or table is an error, never created here.
 */
export async function openLocalDataFolder(
  dir = '.data/local',
  options: { alerts?: boolean } = {},
): Promise<LocalDataFolder> {
  const folder = resolve(dir);
  if (!existsSync(`${folder}/dynamodb`)) {
    throw new LocalDataFolderError(`no data folder at ${folder}: run \`npm start\` first (it creates it)`);
  }
  const names = localResourceNames();
  const dynamo: DynamoDbLocal = await startDynamoDbLocal({ dbPath: `${folder}/dynamodb` });
  let fauxqs: LocalFauxqs | undefined;
  const common = { region: localRegion, credentials: localCredentials };
  const probe = new DynamoDBClient({ ...common, endpoint: dynamo.endpoint });
  try {
    for (const table of Object.values(names.tables)) {
      await probe.send(new DescribeTableCommand({ TableName: table })).catch((error: Error) => {
        if (error.name !== 'ResourceNotFoundException') throw error;
        throw new LocalDataFolderError(
          `no table ${table} in the data folder ${folder}: run \`npm start\` first`,
        );
      });
    }
    fauxqs = options.alerts ? await startLocalFauxqs() : undefined;
    const clients = createAwsClients({
      dynamodb: dynamo.endpoint,
      ...(fauxqs ? { messaging: fauxqs.endpoint } : {}),
      ...common,
    });
    let topicArn: string | undefined;
    if (fauxqs) {
      const queues = new SQSClient({ ...common, endpoint: fauxqs.endpoint });
      const dynamodb = new DynamoDBClient({ ...common, endpoint: dynamo.endpoint });
      // the same topic and on-call queue npm start creates; the tables exist already and are left as they are
      topicArn = (
        await createLocalResources({ s3: clients.s3, sqs: queues, sns: clients.sns, dynamodb }, names)
      ).topicArn;
      queues.destroy();
      dynamodb.destroy();
    }
    const started = fauxqs;
    return {
      dir: folder,
      names,
      clients,
      ...(topicArn ? { topicArn } : {}),
      async stop() {
        for (const client of [clients.s3, clients.sns, clients.dynamo]) client.destroy();
        await Promise.allSettled([dynamo.stop(), started?.stop()]);
      },
    };
  } catch (error) {
    await Promise.allSettled([dynamo.stop(), fauxqs?.stop()]);
    throw error;
  } finally {
    probe.destroy();
  }
}
