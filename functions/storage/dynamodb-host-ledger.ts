import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { type StoredIncident, StoredIncidentSchema } from '../alerts/stored-incident.ts';
import { CoverageRunSchema } from '../correlation/coverage.ts';
import { HostStateSchema } from '../correlation/host-state.ts';
import { IdentitySchema } from '../correlation/identities.ts';
import type {
  CommitResult,
  CoverageBucket,
  HostLedger,
  LedgerWrite,
  StoredHost,
  StoredIdentity,
  StoredProcessRestarts,
} from '../hosts/host-ledger.port.ts';
import { hourBucket } from '../hosts/host-ledger.port.ts';
import { RestartSchema } from '../signals/signal.ts';
import { packJson, unpackJson } from './compressed-json.ts';
import { StoredItemError } from './errors.ts';
import { IncidentsTableSchema, StateTableSchema } from './table-schema.ts';

export interface DynamoDbHostLedgerOptions {
  stateTable: string;
  incidentsTable: string;
  client: DynamoDBDocumentClient;
  /** Coverage runs and identities expire this long after their last write (TTL): well past the retention. */
  ttlDays?: number;
  clock?: () => Date;
}

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const PK = StateTableSchema.partitionKey.name;
const SK = StateTableSchema.sortKey.name;
const TTL = StateTableSchema.ttlAttribute;
const ID = IncidentsTableSchema.partitionKey.name;
/**
 * The host ledger on DynamoDB: states, identities and coverage runs in the state table, incidents in theirs.
 * Reads are strongly consistent; a commit is one TransactWriteItems where every item carries a condition on the
 * version read, so concurrent invocations never lose an update and never decide twice.
 */
export class DynamoDbHostLedger implements HostLedger {
  private readonly ttlSeconds: number;
  private readonly clock: () => Date;

  constructor(private readonly options: DynamoDbHostLedgerOptions) {
    this.ttlSeconds = (options.ttlDays ?? 45) * 86_400;
    this.clock = options.clock ?? (() => new Date());
  }

  async coverage(computer: string, channel: string, time: string): Promise<CoverageBucket[]> {
    return this.readBuckets([
      { computer, channel, bucket: hourBucket(time) },
      { computer, channel, bucket: 'long' },
    ]);
  }

  refreshCoverage(buckets: readonly CoverageBucket[]): Promise<CoverageBucket[]> {
    return this.readBuckets(buckets);
  }

  async readHosts(hosts: readonly string[]): Promise<Map<string, StoredHost>> {
    const items = await this.batchGet(
      this.options.stateTable,
      hosts.map((host) => ({ [PK]: hostKey(host), [SK]: 'state' })),
    );
    const result = new Map<string, StoredHost>();
    for (const item of items) {
      const host = String(item[PK]).slice('host#'.length);
      const body = this.parseWith(HostBodySchema, this.unpack(item.body), `${host}/state`);
      const { known, ...state } = body;
      result.set(host, {
        state: { ...state, identities: [], processRestarts: [] },
        version: Number(item.version),
        known,
      });
    }
    return result;
  }

  async readIdentities(host: string, sids: readonly string[]): Promise<Map<string, StoredIdentity>> {
    const items = await this.batchGet(
      this.options.stateTable,
      sids.map((sid) => ({ [PK]: hostKey(host), [SK]: `sid#${sid}` })),
    );
    const result = new Map<string, StoredIdentity>();
    for (const item of items) {
      const identity = this.parseWith(IdentitySchema, this.unpack(item.body), `${host}/${item[SK]}`);
      result.set(identity.sid, { host, identity, version: Number(item.version) });
    }
    return result;
  }

  async readProcessRestarts(
    host: string,
    pids: readonly number[],
  ): Promise<Map<number, StoredProcessRestarts>> {
    const items = await this.batchGet(
      this.options.stateTable,
      pids.map((pid) => ({ [PK]: hostKey(host), [SK]: `pid#${pid}` })),
    );
    const result = new Map<number, StoredProcessRestarts>();
    for (const item of items) {
      const restarts = this.parseWith(RestartSchema.array(), this.unpack(item.body), `${host}/${item[SK]}`);
      const pid = Number(String(item[SK]).slice('pid#'.length));
      result.set(pid, { host, pid, restarts, version: Number(item.version) });
    }
    return result;
  }

  async readIncidents(ids: readonly string[]): Promise<Map<string, StoredIncident>> {
    const items = await this.batchGet(
      this.options.incidentsTable,
      ids.map((id) => ({ [ID]: id })),
    );
    return new Map(items.map((item) => [String(item[ID]), this.parseIncident(item)]));
  }

  async commit(write: LedgerWrite): Promise<CommitResult> {
    const now = this.clock();
    const expiresAt = Math.floor(now.getTime() / 1000) + this.ttlSeconds;
    const items: TransactItem[] = [];
    const coverageAt: number[] = [];
    for (const { bucket, runs } of write.coverage) {
      coverageAt.push(items.length);
      items.push(
        this.put(
          this.options.stateTable,
          {
            [PK]: coverageKey(bucket.computer, bucket.channel),
            [SK]: bucket.bucket,
            version: bucket.version + 1,
            runs: packJson(runs),
            [TTL]: expiresAt,
          },
          bucket.version,
          PK,
        ),
      );
    }
    for (const { host, state, known, expectedVersion } of write.hosts) {
      const { identities: _i, processRestarts: _p, ...rest } = state;
      items.push(
        this.put(
          this.options.stateTable,
          {
            [PK]: hostKey(host),
            [SK]: 'state',
            version: expectedVersion + 1,
            body: packJson({ ...rest, known }),
            updatedAt: now.toISOString(),
          },
          expectedVersion,
          PK,
        ),
      );
    }
    for (const { host, identity, expectedVersion } of write.identities) {
      items.push(
        this.put(
          this.options.stateTable,
          {
            [PK]: hostKey(host),
            [SK]: `sid#${identity.sid}`,
            version: expectedVersion + 1,
            body: packJson(identity),
            [TTL]: expiresAt,
          },
          expectedVersion,
          PK,
        ),
      );
    }
    for (const { host, pid, restarts, expectedVersion } of write.processRestarts) {
      items.push(
        this.put(
          this.options.stateTable,
          {
            [PK]: hostKey(host),
            [SK]: `pid#${pid}`,
            version: expectedVersion + 1,
            body: packJson(restarts),
            [TTL]: expiresAt,
          },
          expectedVersion,
          PK,
        ),
      );
    }
    for (const { incident, expectedVersion } of write.incidents) {
      items.push(this.put(this.options.incidentsTable, { ...incident }, expectedVersion, ID));
    }
    try {
      await this.options.client.send(new TransactWriteCommand({ TransactItems: items }));
      return { ok: true };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const stale = coverageAt
        .map((at, i) =>
          reasons[at]?.Code === 'ConditionalCheckFailed' ? write.coverage[i]?.bucket : undefined,
        )
        .filter((b): b is CoverageBucket => b !== undefined);
      return { ok: false, reason: 'conflict', staleCoverage: stale };
    }
  }

  /** A put that succeeds only if the item is still at `expectedVersion` (absent when 0). */
  private put(
    table: string,
    item: Record<string, unknown>,
    expectedVersion: number,
    keyName: string,
  ): TransactItem {
    if (expectedVersion === 0) {
      return {
        Put: {
          TableName: table,
          Item: item,
          ConditionExpression: 'attribute_not_exists(#k)',
          ExpressionAttributeNames: { '#k': keyName },
        },
      };
    }
    return {
      Put: {
        TableName: table,
        Item: item,
        ConditionExpression: '#v = :v',
        ExpressionAttributeNames: { '#v': 'version' },
        ExpressionAttributeValues: { ':v': expectedVersion },
      },
    };
  }

  private async readBuckets(
    wanted: readonly Pick<CoverageBucket, 'computer' | 'channel' | 'bucket'>[],
  ): Promise<CoverageBucket[]> {
    const items = await this.batchGet(
      this.options.stateTable,
      wanted.map((b) => ({ [PK]: coverageKey(b.computer, b.channel), [SK]: b.bucket })),
    );
    return wanted.map((b) => {
      const item = items.find((i) => i[PK] === coverageKey(b.computer, b.channel) && i[SK] === b.bucket);
      if (!item) return { computer: b.computer, channel: b.channel, bucket: b.bucket, runs: [], version: 0 };
      const runs = this.parseWith(CoverageRunSchema.array(), this.unpack(item.runs), String(item[PK]));
      return {
        computer: b.computer,
        channel: b.channel,
        bucket: b.bucket,
        runs,
        version: Number(item.version),
      };
    });
  }

  /** BatchGetItem, consistent, 100 keys at a time, retrying what DynamoDB left unprocessed. */
  private async batchGet(table: string, keys: Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
    const unique = [...new Map(keys.map((k) => [JSON.stringify(k), k])).values()];
    const items: Record<string, unknown>[] = [];
    for (let i = 0; i < unique.length; i += 100) {
      let pending: Record<string, unknown>[] | undefined = unique.slice(i, i + 100);
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        const result = await this.options.client.send(
          new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }),
        );
        items.push(...(result.Responses?.[table] ?? []));
        pending = result.UnprocessedKeys?.[table]?.Keys as Record<string, unknown>[] | undefined;
        if (pending?.length) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
      }
    }
    return items;
  }

  private parseIncident(item: Record<string, unknown>): StoredIncident {
    return this.parseWith(StoredIncidentSchema, item, String(item[ID]), this.options.incidentsTable);
  }

  /** The packed JSON of an attribute; a damaged one is unreadable as JSON, and parseWith then names the item. */
  private unpack(value: unknown): unknown {
    try {
      return unpackJson(value as Uint8Array);
    } catch (error) {
      return { unreadable: error instanceof Error ? error.message : String(error) };
    }
  }

  private parseWith<T>(
    schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: Error } },
    value: unknown,
    key: string,
    table = this.options.stateTable,
  ): T {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    throw new StoredItemError(`item is malformed: ${parsed.error.message}`, table, key, {
      cause: parsed.error,
    });
  }
}

/** The stored host item's body: the state without identities (they live in their own items), and the incidents it gave. */
const HostBodySchema = HostStateSchema.omit({ identities: true, processRestarts: true }).extend({
  known: z.array(z.object({ id: z.string(), status: z.string() })),
});

function hostKey(host: string): string {
  return `host#${host}`;
}

function coverageKey(computer: string, channel: string): string {
  return `cov#${computer}|${channel}`;
}
