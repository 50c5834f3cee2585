import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StoredIncident } from '../../functions/alerts/stored-incident.ts';
import { CurrentStatuses, collectIncidents } from '../../functions/cli/incident-listing.ts';
import { parseTimeRange } from '../../functions/cli/time-range.ts';
import { DynamoDbIncidentStore } from '../../functions/storage/dynamodb-incident-store.ts';
import { localCredentials, localRegion } from '../../local/local-aws.ts';
import { at } from '../correlation/signal-builders.ts';
import { useLocalServices } from '../local/services.ts';
import { type Fleet, FleetCounts, FleetNow, writeFleet } from './cli-fixtures.ts';

const local = useLocalServices();
let fleet: Fleet;
/** The store over a client that records every DynamoDB operation it sends. */
let recorded: { store: DynamoDbIncidentStore; operations: string[] };

beforeAll(async () => {
  fleet = await writeFleet(local.services(), await local.fresh());
  const operations: string[] = [];
  const client = new DynamoDBClient({
    endpoint: local.services().dynamodbLocal.endpoint,
    region: localRegion,
    credentials: localCredentials,
  });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      operations.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'recordOperations' },
  );
  recorded = {
    operations,
    store: new DynamoDbIncidentStore({
      tableName: fleet.resources.names.tables.INCIDENTS_TABLE,
      client: DynamoDBDocumentClient.from(client),
    }),
  };
});

const leaks = (incidents: readonly StoredIncident[]) => incidents.map((i) => i.leakAt);
const newestFirst = (times: readonly string[]) => [...times].sort().reverse();

describe('incidents list: index queries, newest first, page after page', () => {
  it('every status: the whole fleet, newest leak first, across pages of two (several queries per status)', async () => {
    recorded.operations.length = 0;
    const all = await collectIncidents(recorded.store, { statuses: CurrentStatuses }, { pageSize: 2 });
    expect(all).toHaveLength(FleetCounts.total);
    expect(leaks(all)).toEqual(newestFirst(leaks(all)));
    expect(new Set(all.map((i) => i.id)).size).toBe(FleetCounts.total);
    // 9 open incidents in pages of 2 take 5 queries: pagination past one page happened
    expect(recorded.operations.filter((op) => op === 'QueryCommand').length).toBeGreaterThanOrEqual(
      5 + 1 + 1 + 1,
    );
    expect(recorded.operations.every((op) => op === 'QueryCommand' || op === 'BatchGetItemCommand')).toBe(
      true,
    );
  });

  it('each status alone gives exactly its incidents', async () => {
    for (const status of ['open', 'resolved', 'at-risk', 'cleared'] as const) {
      const found = await collectIncidents(fleet.store, { statuses: [status] }, { pageSize: 2 });
      expect([status, found.length]).toEqual([status, FleetCounts[status]]);
      expect(found.every((i) => i.status === status)).toBe(true);
    }
  });

  it('--host: the host index, filtered by status, newest first', async () => {
    recorded.operations.length = 0;
    const app01 = await collectIncidents(
      recorded.store,
      { statuses: CurrentStatuses, host: 'app01' },
      { pageSize: 1 },
    );
    expect(app01.map((i) => i.status)).toEqual(['open', 'resolved', 'resolved']);
    expect(app01.map((i) => i.resolution?.by)).toEqual([undefined, 'quiet', 'restart']);
    expect(recorded.operations).not.toContain('ScanCommand');
    const resolved = await collectIncidents(fleet.store, { statuses: ['resolved'], host: 'app01' });
    expect(resolved).toHaveLength(2);
  });

  it('--since / --until bound the leak time (a date includes its whole day)', async () => {
    const day = (text: string) => parseTimeRange({ since: text, until: text }, FleetNow, 'UTC');
    // the farm leaks on 2026-11-22 (five days after 11:00 on the 17th), 11:00 to 17:00
    const farmDay = await collectIncidents(fleet.store, { statuses: CurrentStatuses, ...day('2026-11-22') });
    expect(farmDay.map((i) => i.host).sort()).toEqual([
      'farm01',
      'farm02',
      'farm03',
      'farm04',
      'farm05',
      'farm06',
      'farm07',
    ]);
    const since = parseTimeRange({ since: '2026-11-21' }, FleetNow, 'UTC');
    const recent = await collectIncidents(
      fleet.store,
      { statuses: ['open', 'at-risk'], ...since },
      { pageSize: 3 },
    );
    // app01's third leak and app02's at-risk leak are on the 21st; the farm on the 22nd; iis01 (the 18th) is out
    expect(recent.map((i) => i.host).sort()).toEqual([
      'app01',
      'app02',
      'farm01',
      'farm02',
      'farm03',
      'farm04',
      'farm05',
      'farm06',
      'farm07',
    ]);
    expect(leaks(recent)).toEqual(newestFirst(leaks(recent)));
    expect(recent.some((i) => i.leakAt < at('+4d'))).toBe(false);
  });

  it('--limit stops early and keeps the order', async () => {
    const three = await collectIncidents(
      fleet.store,
      { statuses: CurrentStatuses },
      { pageSize: 2, limit: 3 },
    );
    const all = await collectIncidents(fleet.store, { statuses: CurrentStatuses });
    expect(three.map((i) => i.id)).toEqual(all.slice(0, 3).map((i) => i.id));
  });
});
