import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  type IngestRecord,
  IngestRecordSchema,
  type IngestRecordStore,
  type ShippedObject,
} from '../ingest/ingest-record.port.ts';
import { StoredItemError } from './errors.ts';
import { IngestByShipperIndex, IngestTableSchema } from './table-schema.ts';

export interface DynamoDbIngestRecordsOptions {
  tableName: string;
  client: DynamoDBDocumentClient;
  /** Records expire this many days after ingestion (TTL). */
  ttlDays?: number;
}

const keyName = IngestTableSchema.partitionKey.name;
const ttlName = IngestTableSchema.ttlAttribute;

/**
 * Ingest records on DynamoDB, keyed by S3 key, expiring with the signals they describe. A record with a `shipper` is
 * also in the shipper index (keys, events, errors, latest event time), which `hivewatch hosts` sums per day.
 */
export class DynamoDbIngestRecords implements IngestRecordStore {
  constructor(private readonly options: DynamoDbIngestRecordsOptions) {}

  async save(record: IngestRecord): Promise<void> {
    const expiresAt =
      Math.floor(Date.parse(record.ingestedAt) / 1000) + (this.options.ttlDays ?? 30) * 86_400;
    await this.options.client.send(
      new PutCommand({
        TableName: this.options.tableName,
        Item: { ...record, [ttlName]: expiresAt },
      }),
    );
  }

  async get(key: string): Promise<IngestRecord | undefined> {
    const result = await this.options.client.send(
      new GetCommand({
        TableName: this.options.tableName,
        Key: { [keyName]: key },
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

  /** The objects one host shipped, ingested at or after `since` (ISO), oldest first, every page. */
  async *shippedObjects(host: string, since: string): AsyncGenerator<ShippedObject> {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.options.client.send(
        new QueryCommand({
          TableName: this.options.tableName,
          IndexName: IngestByShipperIndex.indexName,
          KeyConditionExpression: '#shipper = :host AND #at >= :since',
          ExpressionAttributeNames: {
            '#shipper': IngestByShipperIndex.partitionKey.name,
            '#at': IngestByShipperIndex.sortKey.name,
          },
          ExpressionAttributeValues: { ':host': host, ':since': since },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        yield {
          key: String(item[keyName]),
          ingestedAt: String(item.ingestedAt),
          events: Number(item.events ?? 0),
          errors: Number(item.errors ?? 0),
          ...(typeof item.latestEventAt === 'string' ? { latestEventAt: item.latestEventAt } : {}),
        };
      }
      start = page.LastEvaluatedKey;
    } while (start);
  }
}
