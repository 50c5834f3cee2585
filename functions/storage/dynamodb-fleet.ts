import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { type FleetHost, FleetHostSchema, type Shipment, silentKey } from '../fleet/fleet-host.ts';
import type { FleetPage, FleetStore, NoticeClaim } from '../fleet/fleet-store.port.ts';
import type { FleetDecision } from '../fleet/silent-hosts.ts';
import { StoredItemError } from './errors.ts';
import { FleetPartition, StateTableSchema } from './table-schema.ts';

export interface DynamoDbFleetOptions {
  tableName: string;
  client: DynamoDBDocumentClient;
  /** A host's entry expires this many days after its last object: retired hosts leave the fleet. */
  ttlDays?: number;
  /** Hosts per page of the fleet listing. */
  pageSize?: number;
}

const pk = StateTableSchema.partitionKey.name;
const sk = StateTableSchema.sortKey.name;
const ttl = StateTableSchema.ttlAttribute;

/**
 * The fleet in the state table: one item per shipping host under one partition (`fleet` / `<host>`), so the
 * sweeper lists it with one paged query, bounded by the fleet and never by history. Every write is conditional.
 */
export class DynamoDbFleet implements FleetStore {
  constructor(private readonly options: DynamoDbFleetOptions) {}

  async recordShipment(s: Shipment): Promise<void> {
    const expiresAt = Math.floor(Date.parse(s.ingestedAt) / 1000) + (this.options.ttlDays ?? 30) * 86_400;
    const seen = {
      UpdateExpression:
        'SET #host = :host, lastSeenAt = :at, lastObjectKey = :key, #ttl = :ttl, firstSeenAt = if_not_exists(firstSeenAt, :at), ' +
        'silences = if_not_exists(silences, :zero), notices = if_not_exists(notices, :empty)',
      ConditionExpression: 'attribute_not_exists(lastSeenAt) OR lastSeenAt <= :at',
      ExpressionAttributeNames: { '#ttl': ttl, '#host': 'host' },
      ExpressionAttributeValues: {
        ':host': s.host,
        ':at': s.ingestedAt,
        ':key': s.objectKey,
        ':ttl': expiresAt,
        ':zero': 0,
        ':empty': {},
      },
    };
    if (!s.latestEventAt) {
      await this.conditional(s.host, seen);
      return;
    }
    const event = {
      UpdateExpression: 'SET lastEventAt = :event',
      ConditionExpression: 'attribute_not_exists(lastEventAt) OR lastEventAt < :event',
      ExpressionAttributeValues: { ':event': s.latestEventAt },
    };
    // one write when both move forward (the usual case); each on its own when only one does
    const both = await this.conditional(s.host, {
      UpdateExpression: `${seen.UpdateExpression}, lastEventAt = :event`,
      ConditionExpression: `(${seen.ConditionExpression}) AND (attribute_not_exists(lastEventAt) OR lastEventAt <= :event)`,
      ExpressionAttributeNames: seen.ExpressionAttributeNames,
      ExpressionAttributeValues: { ...seen.ExpressionAttributeValues, ...event.ExpressionAttributeValues },
    });
    if (both) return;
    await this.conditional(s.host, seen);
    await this.conditional(s.host, {
      ...event,
      ConditionExpression: `attribute_exists(${pk}) AND (${event.ConditionExpression})`,
    });
  }

  async get(host: string): Promise<FleetHost | undefined> {
    const result = await this.options.client.send(
      new GetCommand({ TableName: this.options.tableName, Key: key(host), ConsistentRead: true }),
    );
    return result.Item ? this.parse(host, result.Item) : undefined;
  }

  async list(after?: string): Promise<FleetPage> {
    const page = await this.options.client.send(
      new QueryCommand({
        TableName: this.options.tableName,
        KeyConditionExpression: '#pk = :fleet',
        ExpressionAttributeNames: { '#pk': pk },
        ExpressionAttributeValues: { ':fleet': FleetPartition },
        Limit: this.options.pageSize ?? 200,
        ...(after ? { ExclusiveStartKey: key(after) } : {}),
      }),
    );
    const hosts = (page.Items ?? []).map((item) => this.parse(String(item[sk]), item));
    const last = page.LastEvaluatedKey?.[sk];
    return { hosts, ...(last !== undefined ? { next: String(last) } : {}) };
  }

  decide(d: FleetDecision): Promise<boolean> {
    const names = { '#nt': 'notices', '#cur': silentKey(d.n) };
    if (d.kind === 'silent') {
      const forget = d.forget.map((_, i) => `#nt.#f${i}`);
      return this.conditional(d.host, {
        UpdateExpression: `SET silentSince = :seen, silences = :n, #nt.#new = :notice${forget.length ? ` REMOVE ${forget.join(', ')}` : ''}`,
        ConditionExpression:
          'attribute_not_exists(silentSince) AND lastSeenAt = :seen AND silences = :before',
        ExpressionAttributeNames: {
          '#nt': 'notices',
          '#new': silentKey(d.n),
          ...Object.fromEntries(d.forget.map((k, i) => [`#f${i}`, k])),
        },
        ExpressionAttributeValues: { ':seen': d.seen, ':n': d.n, ':before': d.n - 1, ':notice': d.notice },
      });
    }
    const common = {
      ConditionExpression: 'silentSince = :since AND lastSeenAt > :since AND silences = :n',
      ExpressionAttributeValues: { ':since': d.since, ':n': d.n },
    };
    if (d.kind === 'cancel') {
      return this.conditional(d.host, {
        UpdateExpression: 'REMOVE silentSince, #nt.#cur',
        ConditionExpression: `${common.ConditionExpression} AND #nt.#cur.#state = :pending AND #nt.#cur.attempts = :zero`,
        ExpressionAttributeNames: { ...names, '#state': 'state' },
        ExpressionAttributeValues: { ...common.ExpressionAttributeValues, ':pending': 'pending', ':zero': 0 },
      });
    }
    return this.conditional(d.host, {
      UpdateExpression: 'SET #nt.#back = :notice REMOVE silentSince',
      ConditionExpression: common.ConditionExpression,
      ExpressionAttributeNames: { '#nt': 'notices', '#back': `back#${d.n}` },
      ExpressionAttributeValues: { ...common.ExpressionAttributeValues, ':notice': d.notice },
    });
  }

  async claimNotice(host: string, noticeKey: string, claim: NoticeClaim): Promise<FleetHost | undefined> {
    try {
      const result = await this.options.client.send(
        new UpdateCommand({
          TableName: this.options.tableName,
          Key: key(host),
          UpdateExpression:
            'SET #nt.#k.#state = :sending, #nt.#k.#claim = :token, #nt.#k.claimedAt = :now, #nt.#k.attempts = #nt.#k.attempts + :one',
          ConditionExpression:
            'attribute_exists(#nt.#k) AND (#nt.#k.#state = :pending OR (#nt.#k.#state = :sending AND #nt.#k.claimedAt < :expired))',
          ExpressionAttributeNames: {
            '#nt': 'notices',
            '#k': noticeKey,
            '#state': 'state',
            '#claim': 'claim',
          },
          ExpressionAttributeValues: {
            ':sending': 'sending',
            ':pending': 'pending',
            ':token': claim.token,
            ':now': claim.now.toISOString(),
            ':expired': claim.leaseExpiredBefore,
            ':one': 1,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return result.Attributes ? this.parse(host, result.Attributes) : undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  completeNotice(
    host: string,
    noticeKey: string,
    token: string,
    messageId: string,
    now: Date,
  ): Promise<boolean> {
    return this.onClaim(host, noticeKey, token, {
      UpdateExpression:
        'SET #nt.#k.#state = :sent, #nt.#k.messageId = :messageId, #nt.#k.sentAt = :now REMOVE #nt.#k.lastError',
      ExpressionAttributeValues: { ':sent': 'sent', ':messageId': messageId, ':now': now.toISOString() },
    });
  }

  async releaseNotice(host: string, noticeKey: string, token: string, reason: string): Promise<void> {
    await this.onClaim(host, noticeKey, token, {
      UpdateExpression:
        'SET #nt.#k.#state = :pending, #nt.#k.lastError = :reason REMOVE #nt.#k.#claim, #nt.#k.claimedAt',
      ExpressionAttributeValues: { ':pending': 'pending', ':reason': reason.slice(0, 500) },
    });
  }

  /** An update that only the holder of the claim can make. */
  private onClaim(
    host: string,
    noticeKey: string,
    token: string,
    update: { UpdateExpression: string; ExpressionAttributeValues: Record<string, unknown> },
  ): Promise<boolean> {
    return this.conditional(host, {
      UpdateExpression: update.UpdateExpression,
      ConditionExpression: '#nt.#k.#state = :sendingState AND #nt.#k.#claim = :token',
      ExpressionAttributeNames: { '#nt': 'notices', '#k': noticeKey, '#state': 'state', '#claim': 'claim' },
      ExpressionAttributeValues: {
        ...update.ExpressionAttributeValues,
        ':sendingState': 'sending',
        ':token': token,
      },
    });
  }

  /** An update of the host's item under a condition; false when the condition did not hold. */
  private async conditional(
    host: string,
    update: Pick<
      UpdateCommandInput,
      'UpdateExpression' | 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
    >,
  ): Promise<boolean> {
    try {
      await this.options.client.send(
        new UpdateCommand({ TableName: this.options.tableName, Key: key(host), ...update }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private parse(host: string, item: Record<string, unknown>): FleetHost {
    const parsed = FleetHostSchema.safeParse(item);
    if (parsed.success) return parsed.data;
    throw new StoredItemError(
      `fleet item is malformed: ${parsed.error.message}`,
      this.options.tableName,
      host,
      {
        cause: parsed.error,
      },
    );
  }
}

function key(host: string): Record<string, string> {
  return { [pk]: FleetPartition, [sk]: host };
}
