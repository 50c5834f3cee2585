import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  type IngestRecord,
  IngestRecordSchema,
  type IngestRecordStore,
} from '../ingest/ingest-record.port.ts';
import { StoredItemError } from './errors.ts';
import { IngestTableSchema } from './table-schema.ts';

export interface DynamoDbIngestRecordsOptions {
  tableName: string;
  client: DynamoDBDocumentClient;
  /** Records expire this many days after ingestion (TTL). */
  ttlDays?: number;
}

/** Ingest records on DynamoDB, keyed by S3 key, expiring with the signals they describe. */
export class DynamoDbIngestRecords implements IngestRecordStore {
  constructor(private readonly options: DynamoDbIngestRecordsOptions) {}

  async save(record: IngestRecord): Promise<void> {
    const expiresAt =
      Math.floor(Date.parse(record.ingestedAt) / 1000) + (this.options.ttlDays ?? 30) * 86_400;
    await this.options.client.send(
      new PutCommand({
        TableName: this.options.tableName,
        Item: { ...record, [IngestTableSchema.ttlAttribute]: expiresAt },
      }),
    );
  }

  async get(key: string): Promise<IngestRecord | undefined> {
    const result = await this.options.client.send(
      new GetCommand({
        TableName: this.options.tableName,
        Key: { [IngestTableSchema.partitionKey.name]: key },
        ConsistentRead: true,
      }),
    );
    if (!result.Item) return undefined;
    const parsed = IngestRecordSchema.safeParse(result.Item);
    if (parsed.success) return parsed.data;
    throw new StoredItemError(
      `ingest record is malformed: ${parsed.error.message}`,
      this.options.tableName,
      key,
      {
        cause: parsed.error,
      },
    );
  }
}
