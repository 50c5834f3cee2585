import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AlertClaim, IncidentStore, SavedIncident } from '../alerts/incident-store.port.ts';
import { inheritedAlert, overlaps, reconcileIncident } from '../alerts/outbox.ts';
import { type AlertKind, type StoredIncident, StoredIncidentSchema } from '../alerts/stored-incident.ts';
import type { Incident } from '../correlation/incident.ts';
import { DynamoDbHostHead } from './dynamodb-host-head.ts';
import { DynamoDbOutbox } from './dynamodb-outbox.ts';
import { StoredItemError, WriteConflictError } from './errors.ts';
import { IncidentsByHostIndex, IncidentsByStatusIndex, IncidentsTableSchema } from './table-schema.ts';

export interface DynamoDbIncidentStoreOptions {
  tableName: string;
  client: DynamoDBDocumentClient;
  /** Optimistic writes retried this often before the record is failed (and redelivered by SQS). */
  maxAttempts?: number;
}

const idName = IncidentsTableSchema.partitionKey.name;

interface Condition {
  ConditionExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

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
  private readonly outbox: DynamoDbOutbox;
  private readonly head: DynamoDbHostHead;

  constructor(options: DynamoDbIncidentStoreOptions) {
    this.tableName = options.tableName;
    this.client = options.client;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.outbox = new DynamoDbOutbox(this.client, this.tableName);
    this.head = new DynamoDbHostHead(this.client, this.tableName);
  }

  async saveComputed(
    host: string,
    incidents: readonly Incident[],
    basis: number,
    now: Date,
  ): Promise<SavedIncident[]> {
    const known = await this.head.raise(host, basis, now);
    if (!known) return this.unchanged(incidents); // a computation on more signals already ran
    const ids = new Set(incidents.map((incident) => incident.id));
    const outdated = (await Promise.all(known.filter((id) => !ids.has(id)).map((id) => this.get(id)))).filter(
      (stored): stored is StoredIncident => stored !== undefined && stored.status !== 'superseded',
    );
    const saved: SavedIncident[] = [];
    for (const computed of incidents) {
      const predecessors = outdated.filter((stored) => overlaps(stored, computed));
      const after = await this.reconcileOne(host, computed, basis, now, predecessors);
      if (after) saved.push(after);
    }
    for (const orphan of outdated.filter(
      (stored) => !incidents.some((computed) => overlaps(stored, computed)),
    )) {
      await this.supersede(orphan, undefined, now);
    }
    return saved;
  }

  private async unchanged(incidents: readonly Incident[]): Promise<SavedIncident[]> {
    const stored = await Promise.all(incidents.map((incident) => this.get(incident.id)));
    return stored.flatMap((incident) =>
      incident ? [{ incident, alertQueued: false, resolved: false }] : [],
    );
  }

  claimAlert(id: string, kind: AlertKind, claim: AlertClaim): Promise<StoredIncident | undefined> {
    return this.outbox.claim(id, kind, claim).then((item) => item && this.parse(id, item));
  }

  completeAlert(id: string, kind: AlertKind, token: string, messageId: string, now: Date): Promise<boolean> {
    return this.outbox.complete(id, kind, token, messageId, now);
  }

  async releaseAlert(id: string, kind: AlertKind, token: string, reason: string): Promise<void> {
    await this.outbox.release(id, kind, token, reason);
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

  /**
   * Read, reconcile, write with a version condition; on a lost race read again. A new incident that
   * supersedes others is written in one transaction with them, so exactly one writer moves their alert.
   */
  private async reconcileOne(
    host: string,
    computed: Incident,
    basis: number,
    now: Date,
    predecessors: readonly StoredIncident[],
  ): Promise<SavedIncident | undefined> {
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      const stored = await this.get(computed.id);
      const current = stored ? [] : await this.stillCurrent(predecessors);
      const next = reconcileIncident(stored, computed, basis, now, inheritedAlert(current));
      if (!next) return stored && { incident: stored, alertQueued: false, resolved: false };
      const condition: Condition = stored
        ? {
            ConditionExpression: '#version = :version',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':version': stored.version },
          }
        : { ConditionExpression: 'attribute_not_exists(#id)', ExpressionAttributeNames: { '#id': idName } };
      const put = { TableName: this.tableName, Item: next, ...condition };
      try {
        if (stored && current.length === 0) await this.client.send(new PutCommand(put));
        else {
          const supersede = current.map((p) => ({ Update: this.supersedeUpdate(p, next.id, now) }));
          const record = stored ? [] : [this.head.recordIncident(host, next.id, basis)];
          await this.client.send(
            new TransactWriteCommand({ TransactItems: [{ Put: put }, ...record, ...supersede] }),
          );
        }
        return {
          incident: next,
          alertQueued: !stored?.openedAlert && current.length === 0 && next.openedAlert !== undefined,
          resolved: stored?.status !== 'resolved' && next.status === 'resolved',
        };
      } catch (error) {
        const lost =
          error instanceof ConditionalCheckFailedException || error instanceof TransactionCanceledException;
        if (!lost) throw error;
      }
    }
    throw new WriteConflictError(
      `incident ${computed.id} kept changing under ${this.maxAttempts} attempts`,
      this.tableName,
      computed.id,
    );
  }

  /** The predecessors as stored now (consistent reads), without those another writer already superseded. */
  private async stillCurrent(predecessors: readonly StoredIncident[]): Promise<StoredIncident[]> {
    const fresh = await Promise.all(predecessors.map((p) => this.get(p.id)));
    return fresh.filter((p): p is StoredIncident => p !== undefined && p.status !== 'superseded');
  }

  private supersedeUpdate(stored: StoredIncident, successor: string | undefined, now: Date) {
    return {
      TableName: this.tableName,
      Key: { [idName]: stored.id },
      UpdateExpression: `SET #status = :superseded, updatedAt = :now, #version = #version + :one${successor ? ', supersededBy = :successor' : ''}`,
      ConditionExpression: '#version = :version',
      ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
      ExpressionAttributeValues: {
        ':superseded': 'superseded',
        ':now': now.toISOString(),
        ':one': 1,
        ':version': stored.version,
        ...(successor ? { ':successor': successor } : {}),
      },
    };
  }

  /** An incident no recomputation has any more, and no successor took over: kept for the record only. */
  private async supersede(stored: StoredIncident, successor: string | undefined, now: Date): Promise<void> {
    try {
      await this.client.send(new UpdateCommand(this.supersedeUpdate(stored, successor, now)));
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
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
