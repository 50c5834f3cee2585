import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SignalStore } from '../correlation/signal-store.port.ts';
import { eventKey, type Signal, SignalSchema } from '../signals/signal.ts';
import { mapWithLimit } from './concurrency.ts';
import { StoredItemError } from './errors.ts';
import { SignalsTableSchema } from './table-schema.ts';

export interface DynamoDbSignalStoreOptions {
  tableName: string;
  client: DynamoDBDocumentClient;
  /** Items expire this many days after they were stored (TTL), well past the detection window. */
  ttlDays?: number;
  clock?: () => Date;
  /** Conditional puts in flight at once. */
  concurrency?: number;
}

const { partitionKey, sortKey, ttlAttribute } = SignalsTableSchema;

/** Sort key: event time first so a host's stream reads in time order, then the event's identity. */
export function signalSortKey(signal: Signal): string {
  return `${signal.time}#${eventKey(signal.evidence)}`;
}

/**
 * The per-host signal stream in DynamoDB. A conditional put (`attribute_not_exists`) makes an event count once
 * however many objects carry it and however many invocations race to store it.
 */
export class DynamoDbSignalStore implements SignalStore {
  private readonly tableName: string;
  private readonly client: DynamoDBDocumentClient;
  private readonly ttlSeconds: number;
  private readonly clock: () => Date;
  private readonly concurrency: number;

  constructor(options: DynamoDbSignalStoreOptions) {
    this.tableName = options.tableName;
    this.client = options.client;
    this.ttlSeconds = (options.ttlDays ?? 30) * 86_400;
    this.clock = options.clock ?? (() => new Date());
    this.concurrency = options.concurrency ?? 16;
  }

  async addSignals(host: string, signals: readonly Signal[]): Promise<Signal[]> {
    const distinct = new Map<string, Signal>();
    for (const signal of signals) {
      const key = signalSortKey(signal);
      if (!distinct.has(key)) distinct.set(key, signal);
    }
    const expiresAt = Math.floor(this.clock().getTime() / 1000) + this.ttlSeconds;
    const stored = await mapWithLimit([...distinct], this.concurrency, ([key, signal]) =>
      this.putOnce(host, key, signal, expiresAt),
    );
    return [...distinct.values()].filter((_, index) => stored[index]);
  }

  async signalsOf(host: string): Promise<Signal[]> {
    const signals: Signal[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :host',
          ExpressionAttributeNames: { '#pk': partitionKey.name },
          ExpressionAttributeValues: { ':host': host },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) signals.push(this.parse(host, item));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return signals;
  }

  /** True when this call stored the event; false when it was already there. */
  private async putOnce(host: string, key: string, signal: Signal, expiresAt: number): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            [partitionKey.name]: host,
            [sortKey.name]: key,
            kind: signal.kind,
            time: signal.time,
            signal,
            [ttlAttribute]: expiresAt,
          },
          ConditionExpression: 'attribute_not_exists(#sk)',
          ExpressionAttributeNames: { '#sk': sortKey.name },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private parse(host: string, item: Record<string, unknown>): Signal {
    const parsed = SignalSchema.safeParse(item.signal);
    if (parsed.success) return parsed.data;
    throw new StoredItemError(
      `signal item is malformed: ${parsed.error.message}`,
      this.tableName,
      `${host}/${item[sortKey.name]}`,
      {
        cause: parsed.error,
      },
    );
  }
}
