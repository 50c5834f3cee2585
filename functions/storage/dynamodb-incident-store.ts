import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AlertClaim, IncidentStore, SavedIncident } from '../alerts/incident-store.port.ts';
import { reconcileIncident } from '../alerts/outbox.ts';
import { type AlertKind, type StoredIncident, StoredIncidentSchema } from '../alerts/stored-incident.ts';
import type { Incident } from '../correlation/incident.ts';
import { StoredItemError, WriteConflictError } from './errors.ts';
import { IncidentsByHostIndex, IncidentsByStatusIndex, IncidentsTableSchema } from './table-schema.ts';

export interface DynamoDbIncidentStoreOptions {
  tableName: string;
  client: DynamoDBDocumentClient;
  /** Optimistic writes retried this often before the record is failed (and redelivered by SQS). */
  maxAttempts?: number;
}

const idName = IncidentsTableSchema.partitionKey.name;
const entryName: Record<AlertKind, string> = { opened: 'openedAlert', resolved: 'resolvedAlert' };

/**
 * Incidents and their alert outbox on DynamoDB. Every state change is a conditional write: a new incident
 * only if absent, an update only if the version read is still the stored one, an outbox claim only if the
 * entry is due. Every write, outbox ones included, bumps `version`, so a recomputation can never write back
 * an outbox state it read before a claim. Two invocations racing on the same host take each decision once.
 */
export class DynamoDbIncidentStore implements IncidentStore {
  private readonly tableName: string;
  private readonly client: DynamoDBDocumentClient;
  private readonly maxAttempts: number;

  constructor(options: DynamoDbIncidentStoreOptions) {
    this.tableName = options.tableName;
    this.client = options.client;
    this.maxAttempts = options.maxAttempts ?? 8;
  }

  async saveComputed(incidents: readonly Incident[], basis: number, now: Date): Promise<SavedIncident[]> {
    const saved: SavedIncident[] = [];
    for (const computed of incidents) {
      const after = await this.reconcileOne(computed, basis, now);
      if (after) saved.push(after);
    }
    return saved;
  }

  async claimAlert(id: string, kind: AlertKind, claim: AlertClaim): Promise<StoredIncident | undefined> {
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [idName]: id },
          UpdateExpression:
            'SET #e.#state = :sending, #e.#claim = :token, #e.claimedAt = :now, #e.attempts = #e.attempts + :one, #version = #version + :one',
          ConditionExpression:
            'attribute_exists(#e) AND (#e.#state = :pending OR (#e.#state = :sending AND #e.claimedAt < :expired))',
          ExpressionAttributeNames: {
            '#e': entryName[kind],
            '#state': 'state',
            '#claim': 'claim',
            '#version': 'version',
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
      return this.parse(id, result.Attributes);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  async completeAlert(
    id: string,
    kind: AlertKind,
    token: string,
    messageId: string,
    now: Date,
  ): Promise<boolean> {
    return this.conditionalOnClaim(id, kind, token, {
      UpdateExpression:
        'SET #e.#state = :sent, #e.messageId = :messageId, #e.sentAt = :now, #version = #version + :one REMOVE #e.lastError',
      ExpressionAttributeValues: { ':sent': 'sent', ':messageId': messageId, ':now': now.toISOString() },
    });
  }

  async releaseAlert(id: string, kind: AlertKind, token: string, reason: string): Promise<void> {
    await this.conditionalOnClaim(id, kind, token, {
      UpdateExpression:
        'SET #e.#state = :pending, #e.lastError = :reason, #version = #version + :one REMOVE #e.#claim, #e.claimedAt',
      ExpressionAttributeValues: { ':pending': 'pending', ':reason': reason.slice(0, 500) },
    });
  }

  async get(id: string): Promise<StoredIncident | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { [idName]: id }, ConsistentRead: true }),
    );
    return result.Item ? this.parse(id, result.Item) : undefined;
  }

  async listByStatus(status: Incident['status'], leakSince?: string): Promise<StoredIncident[]> {
    const index = IncidentsByStatusIndex;
    return this.queryIndex(index.indexName, index.partitionKey.name, status, index.sortKey.name, leakSince);
  }

  async listByHost(host: string): Promise<StoredIncident[]> {
    const index = IncidentsByHostIndex;
    return this.queryIndex(index.indexName, index.partitionKey.name, host, index.sortKey.name);
  }

  /** Read, reconcile, write with a version condition; on a lost race read again. */
  private async reconcileOne(
    computed: Incident,
    basis: number,
    now: Date,
  ): Promise<SavedIncident | undefined> {
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      const stored = await this.get(computed.id);
      const next = reconcileIncident(stored, computed, basis, now);
      if (!next) return stored && { incident: stored, alertQueued: false, resolved: false };
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: next,
            ...(stored
              ? {
                  ConditionExpression: '#version = :version',
                  ExpressionAttributeNames: { '#version': 'version' },
                  ExpressionAttributeValues: { ':version': stored.version },
                }
              : {
                  ConditionExpression: 'attribute_not_exists(#id)',
                  ExpressionAttributeNames: { '#id': idName },
                }),
          }),
        );
        return {
          incident: next,
          alertQueued: !stored?.openedAlert && next.openedAlert !== undefined,
          resolved: stored?.status !== 'resolved' && next.status === 'resolved',
        };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    throw new WriteConflictError(
      `incident ${computed.id} kept changing under ${this.maxAttempts} attempts`,
      this.tableName,
      computed.id,
    );
  }

  private async conditionalOnClaim(
    id: string,
    kind: AlertKind,
    token: string,
    update: { UpdateExpression: string; ExpressionAttributeValues: Record<string, unknown> },
  ): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [idName]: id },
          UpdateExpression: update.UpdateExpression,
          ConditionExpression: '#e.#state = :sendingState AND #e.#claim = :token',
          ExpressionAttributeNames: {
            '#e': entryName[kind],
            '#state': 'state',
            '#claim': 'claim',
            '#version': 'version',
          },
          ExpressionAttributeValues: {
            ...update.ExpressionAttributeValues,
            ':sendingState': 'sending',
            ':token': token,
            ':one': 1,
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private async queryIndex(
    indexName: string,
    partitionKey: string,
    value: string,
    sortKey: string,
    since?: string,
  ): Promise<StoredIncident[]> {
    const incidents: StoredIncident[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: indexName,
          KeyConditionExpression: since ? '#pk = :value AND #sk >= :since' : '#pk = :value',
          ExpressionAttributeNames: { '#pk': partitionKey, ...(since ? { '#sk': sortKey } : {}) },
          ExpressionAttributeValues: { ':value': value, ...(since ? { ':since': since } : {}) },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) incidents.push(this.parse(String(item[idName]), item));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return incidents;
  }

  private parse(id: string, item: Record<string, unknown> | undefined): StoredIncident {
    const parsed = StoredIncidentSchema.safeParse(item);
    if (parsed.success) return parsed.data;
    throw new StoredItemError(`incident item is malformed: ${parsed.error.message}`, this.tableName, id, {
      cause: parsed.error,
    });
  }
}
