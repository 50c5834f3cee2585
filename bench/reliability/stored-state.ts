import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { type StoredIncident, StoredIncidentSchema } from '../../functions/alerts/stored-incident.ts';
import type { IngestRecord } from '../../functions/ingest/ingest-record.port.ts';
import { unpackJson } from '../../functions/storage/compressed-json.ts';

/** What a run left in its tables, read back at the end. */
export interface StoredState {
  incidents: StoredIncident[];
  /** Ingest records by key. */
  records: Map<
    string,
    Pick<IngestRecord, 'key' | 'events' | 'signals' | 'newSignals' | 'errors' | 'errorSamples'>
  >;
  /** Every host's state, identities and process restarts, by item key, as JSON (the clock's horizon left out). */
  hostItems: Map<string, string>;
}

export async function readStoredState(
  documents: DynamoDBDocumentClient,
  tables: { STATE_TABLE: string; INCIDENTS_TABLE: string; INGEST_TABLE: string },
): Promise<StoredState> {
  const incidents = (await scanAll(documents, tables.INCIDENTS_TABLE)).map((item) =>
    StoredIncidentSchema.parse(item),
  );
  const records = new Map<string, StoredState['records'] extends Map<string, infer R> ? R : never>();
  for (const item of await scanAll(
    documents,
    tables.INGEST_TABLE,
    'key, events, signals, newSignals, errors, errorSamples',
  )) {
    records.set(String(item.key), item as never);
  }
  const hostItems = new Map<string, string>();
  for (const item of await scanAll(documents, tables.STATE_TABLE)) {
    const pk = String(item.pk);
    if (!pk.startsWith('host#')) continue;
    const body = unpackJson(item.body as Uint8Array) as Record<string, unknown>;
    if (item.sk === 'state') delete body.clockHorizon;
    hostItems.set(`${pk}/${item.sk}`, JSON.stringify(body));
  }
  return { incidents, records, hostItems };
}

async function scanAll(
  documents: DynamoDBDocumentClient,
  table: string,
  projection?: string,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new ScanCommand({
        TableName: table,
        ...(projection
          ? {
              ProjectionExpression: projection
                .split(', ')
                .map((_, i) => `#p${i}`)
                .join(', '),
              ExpressionAttributeNames: Object.fromEntries(
                projection.split(', ').map((name, i) => [`#p${i}`, name]),
              ),
            }
          : {}),
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
