import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
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
 * in the shipper index; a Firehose object's hosts each get a small share record there (`<key>#<host>`).
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
    const shares = (record.shippers ?? []).map((share) => ({
      [keyName]: `${record.key}#${share.host}`,
      shareOf: record.key,
      shipper: share.host,
      ingestedAt: record.ingestedAt,
      events: share.events,
      errors: 0,
      ...(share.latestEventAt ? { latestEventAt: share.latestEventAt } : {}),
      [ttlName]: expiresAt,
    }));
    for (let i = 0; i < shares.length; i += 25) {
      await this.writeAll(shares.slice(i, i + 25));
    }
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

  /** One BatchWrite of up to 25 items, retrying what DynamoDB leaves unprocessed. */
  private async writeAll(items: Record<string, unknown>[]): Promise<void> {
    let requests: { PutRequest: { Item: Record<string, unknown> } }[] | undefined = items.map((Item) => ({
      PutRequest: { Item },
    }));
    for (let attempt = 0; requests && requests.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
      const result = await this.options.client.send(
        new BatchWriteCommand({ RequestItems: { [this.options.tableName]: requests } }),
      );
      requests = result.UnprocessedItems?.[this.options.tableName] as typeof requests;
    }
  }
}
