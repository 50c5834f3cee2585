import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { type StoredIncident, StoredIncidentSchema } from '../../functions/alerts/stored-incident.ts';
import type { LocalResourceNames } from '../../local/resources.ts';
import { itemBytes } from './item-size.ts';

/** Everything a case left in its tables. */
export interface StoredSnapshot {
  incidents: StoredIncident[];
  /** Incident items that do not read back (what `hivewatch incidents` would fail on): id and the first issue. */
  unreadable: string[];
  /** Keys (`pk/sk`) of the state table's items. */
  stateKeys: string[];
  /** The largest item of any table, by DynamoDB's size rules. */
  largestItem: { table: string; key: string; bytes: number };
}

export async function snapshot(
  client: DynamoDBDocumentClient,
  tables: LocalResourceNames['tables'],
): Promise<StoredSnapshot> {
  const state = await scanAll(client, tables.STATE_TABLE);
  const incidentItems = await scanAll(client, tables.INCIDENTS_TABLE);
  const ingestItems = await scanAll(client, tables.INGEST_TABLE);
  const sized = [
    ...state.map((item) => ({ table: 'state', key: `${item.pk}/${item.sk}`, bytes: itemBytes(item) })),
    ...incidentItems.map((item) => ({ table: 'incidents', key: String(item.id), bytes: itemBytes(item) })),
    ...ingestItems.map((item) => ({ table: 'ingest', key: String(item.key), bytes: itemBytes(item) })),
  ];
  const parsed = incidentItems.map((item) => ({
    id: String(item.id),
    parsed: StoredIncidentSchema.safeParse(item),
  }));
  return {
    incidents: parsed.flatMap(({ parsed: p }) => (p.success ? [p.data] : [])),
    unreadable: parsed.flatMap(({ id, parsed: p }) => {
      const issue = p.error?.issues[0];
      return issue ? [`${id}: ${issue.path.join('.')} ${issue.message}`] : [];
    }),
    stateKeys: state.map((item) => `${item.pk}/${item.sk}`).sort(),
    largestItem: sized.reduce((a, b) => (b.bytes > a.bytes ? b : a), { table: '-', key: '-', bytes: 0 }),
  };
}

async function scanAll(client: DynamoDBDocumentClient, table: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    items.push(...((page.Items ?? []) as Record<string, unknown>[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
