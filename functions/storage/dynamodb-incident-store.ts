import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AlertClaim, IncidentPage, IncidentStore, ListOptions } from '../alerts/incident-store.port.ts';
import {
  type IncidentStatusName,
  type StoredIncident,
  StoredIncidentSchema,
} from '../alerts/stored-incident.ts';
import { DynamoDbOutbox } from './dynamodb-outbox.ts';
import { StoredItemError } from './errors.ts';
import {
  IncidentsByHostIndex,
  IncidentsByStatusIndex,
  IncidentsTableSchema,
  type IndexSchema,
} from './table-schema.ts';

export interface DynamoDbIncidentStoreOptions {
  tableName: string;
  client: DynamoDBDocumentClient;
}

const idName = IncidentsTableSchema.partitionKey.name;

/**
 * Incidents on DynamoDB, read by id or through the status and host indexes (keys only: the items are then read by
 * key), and their outbox moved along with conditional writes (dynamodb-outbox.ts).
 */
export class DynamoDbIncidentStore implements IncidentStore {
  private readonly outbox: DynamoDbOutbox;

  constructor(private readonly options: DynamoDbIncidentStoreOptions) {
    this.outbox = new DynamoDbOutbox(options.client, options.tableName);
  }

  claimAlert(id: string, key: string, claim: AlertClaim): Promise<StoredIncident | undefined> {
    return this.outbox.claim(id, key, claim).then((item) => item && this.parse(id, item));
  }

  completeAlert(id: string, key: string, token: string, messageId: string, now: Date): Promise<boolean> {
    return this.outbox.complete(id, key, token, messageId, now);
  }

  async releaseAlert(id: string, key: string, token: string, reason: string): Promise<void> {
    await this.outbox.release(id, key, token, reason);
  }

  async get(id: string): Promise<StoredIncident | undefined> {
    const result = await this.options.client.send(
      new GetCommand({ TableName: this.options.tableName, Key: { [idName]: id }, ConsistentRead: true }),
    );
    return result.Item ? this.parse(id, result.Item) : undefined;
  }

  listByStatus(status: IncidentStatusName, options: ListOptions = {}): Promise<IncidentPage> {
    return this.queryIndex(IncidentsByStatusIndex, status, options);
  }

  listByHost(host: string, options: ListOptions = {}): Promise<IncidentPage> {
    return this.queryIndex(IncidentsByHostIndex, host, options);
  }

  /** One page of an index query (keys), then the items themselves by key, in the index's order. */
  private async queryIndex(index: IndexSchema, value: string, options: ListOptions): Promise<IncidentPage> {
    const range =
      options.since && options.until
        ? {
            expr: ' AND #sk BETWEEN :since AND :until',
            values: { ':since': options.since, ':until': options.until },
          }
        : options.since
          ? { expr: ' AND #sk >= :since', values: { ':since': options.since } }
          : options.until
            ? { expr: ' AND #sk <= :until', values: { ':until': options.until } }
            : { expr: '', values: {} };
    const page = await this.options.client.send(
      new QueryCommand({
        TableName: this.options.tableName,
        IndexName: index.indexName,
        KeyConditionExpression: `#pk = :value${range.expr}`,
        ExpressionAttributeNames: {
          '#pk': index.partitionKey.name,
          ...(range.expr ? { '#sk': index.sortKey.name } : {}),
        },
        ExpressionAttributeValues: { ':value': value, ...range.values },
        ScanIndexForward: !options.newestFirst,
        ...(options.limit ? { Limit: options.limit } : {}),
        ...(options.after ? { ExclusiveStartKey: decodeCursor(options.after) } : {}),
      }),
    );
    const ids = (page.Items ?? []).map((item) => String(item[idName]));
    const items = await this.getMany(ids);
    return {
      incidents: ids.flatMap((id) => (items.has(id) ? [items.get(id) as StoredIncident] : [])),
      ...(page.LastEvaluatedKey ? { next: encodeCursor(page.LastEvaluatedKey) } : {}),
    };
  }

  private async getMany(ids: readonly string[]): Promise<Map<string, StoredIncident>> {
    const found = new Map<string, StoredIncident>();
    for (let i = 0; i < ids.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = ids.slice(i, i + 100).map((id) => ({ [idName]: id }));
      for (let attempt = 0; keys && keys.length > 0; attempt++) {
        const result = await this.options.client.send(
          new BatchGetCommand({ RequestItems: { [this.options.tableName]: { Keys: keys } } }),
        );
        for (const item of result.Responses?.[this.options.tableName] ?? []) {
          found.set(String(item[idName]), this.parse(String(item[idName]), item));
        }
        keys = result.UnprocessedKeys?.[this.options.tableName]?.Keys as
          | Record<string, unknown>[]
          | undefined;
        if (keys?.length) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
      }
    }
    return found;
  }

  private parse(id: string, item: Record<string, unknown> | undefined): StoredIncident {
    const parsed = StoredIncidentSchema.safeParse(item);
    if (parsed.success) return parsed.data;
    throw new StoredItemError(
      `incident item is malformed: ${parsed.error.message}`,
      this.options.tableName,
      id,
      {
        cause: parsed.error,
      },
    );
  }
}

function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
}
