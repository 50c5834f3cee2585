import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { AlertMessage, Notifier } from '../../functions/alerts/notifier.port.ts';
import { type StoredIncident, StoredIncidentSchema } from '../../functions/alerts/stored-incident.ts';
import { createAwsClients } from '../../functions/aws-clients.ts';
import { loadPipelineConfig } from '../../functions/config.ts';
import { type IngestReport, ingestObject } from '../../functions/ingest/ingest-object.ts';
import type { ForgedHostAction } from '../../functions/ingest/object-origin.ts';
import type { ObjectReader } from '../../functions/ingest/object-reader.port.ts';
import { createPipelineRuntime } from '../../functions/pipeline-runtime.ts';
import type { ByteSource } from '../../functions/reader/read-events.ts';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../local/dynamodb-local.ts';
import { localCredentials, localRegion } from '../../local/local-aws.ts';
import { createPipelineTables, localResourceNames } from '../../local/resources.ts';
import { itemBytes } from './item-size.ts';

/** What one object did to the pipeline: the ingest record, every item it left, every alert it sent. */
export interface IngestOutcome {
  report?: IngestReport;
  /** The use case threw (SQS would redeliver the object, then park it in the DLQ). */
  threw?: string;
  incidents: StoredIncident[];
  /** Incident items that do not read back (what `hivewatch incidents` would fail on): id and the first issue. */
  unreadable: string[];
  /** Keys (`pk/sk`) of the state table's items, and the largest item of any table, in bytes. */
  stateKeys: string[];
  largestItem: { table: string; key: string; bytes: number };
  alerts: AlertMessage[];
  ms: number;
}

/** Each object lands in its own, fresh tables: what a case stores is all that is there. */
export interface IngestBed {
  ingest(key: string, body: () => ByteSource, forgedHost?: ForgedHostAction): Promise<IngestOutcome>;
  stop(): Promise<void>;
}

/** The morning after the scenarios' events: alerts are due, nothing is in the future. */
const Now = new Date('2026-11-18T09:00:00Z');
const Bucket = 'hivewatch-hostile';

/**
 * The real ingest use case (`ingestObject`) with the real DynamoDB stores on DynamoDB Local; the object comes from
 * memory or a lazy stream (the S3 adapter is the one part replaced: fauxqs holds objects whole), and alerts are
 * captured where SNS would take them.
 */
export async function startIngestBed(): Promise<IngestBed> {
  const dynamo: DynamoDbLocal = await startDynamoDbLocal();
  const endpoints = { dynamodb: dynamo.endpoint, region: localRegion, credentials: localCredentials };
  const clients = createAwsClients(endpoints);
  const tables = new DynamoDBClient({ ...endpoints, endpoint: dynamo.endpoint });
  return {
    async ingest(key, body, forgedHost = 'flag') {
      const names = localResourceNames(`h${randomBytes(4).toString('hex')}`);
      await createPipelineTables(tables, names.tables);
      const config = loadPipelineConfig({
        ...names.tables,
        ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:000000000000:hostile',
        FORGED_HOST: forgedHost,
        NOTIFY_AT_RISK: 'true',
      });
      const alerts: AlertMessage[] = [];
      const notifier: Notifier = {
        publish: async (message) => {
          alerts.push(message);
          return { messageId: `m${alerts.length}` };
        },
      };
      const runtime = createPipelineRuntime(config, clients, { clock: () => Now, notifier });
      const objects: ObjectReader = { open: async () => ({ body: asIterable(body()) }) };
      const started = performance.now();
      let report: IngestReport | undefined;
      let threw: string | undefined;
      try {
        report = await ingestObject({ bucket: Bucket, key }, { ...runtime.ports, objects });
      } catch (error) {
        threw = `${(error as Error).name}: ${(error as Error).message}`.slice(0, 300);
      }
      const ms = performance.now() - started;
      const state = await scanAll(clients, names.tables.STATE_TABLE);
      const incidentItems = await scanAll(clients, names.tables.INCIDENTS_TABLE);
      const ingestItems = await scanAll(clients, names.tables.INGEST_TABLE);
      const sized = [
        ...state.map((item) => ({ table: 'state', key: `${item.pk}/${item.sk}`, bytes: itemBytes(item) })),
        ...incidentItems.map((item) => ({
          table: 'incidents',
          key: String(item.id),
          bytes: itemBytes(item),
        })),
        ...ingestItems.map((item) => ({ table: 'ingest', key: String(item.key), bytes: itemBytes(item) })),
      ];
      const largestItem = sized.reduce((a, b) => (b.bytes > a.bytes ? b : a), {
        table: '-',
        key: '-',
        bytes: 0,
      });
      return {
        ...(report ? { report } : {}),
        ...(threw ? { threw } : {}),
        incidents: incidentItems.flatMap((item) => {
          const parsed = StoredIncidentSchema.safeParse(item);
          return parsed.success ? [parsed.data] : [];
        }),
        unreadable: incidentItems.flatMap((item) => {
          const parsed = StoredIncidentSchema.safeParse(item);
          const issue = parsed.error?.issues[0];
          return issue ? [`${String(item.id)}: ${issue.path.join('.')} ${issue.message}`] : [];
        }),
        stateKeys: state.map((item) => `${item.pk}/${item.sk}`).sort(),
        largestItem,
        alerts,
        ms,
      };
    },
    async stop() {
      clients.dynamo.destroy();
      tables.destroy();
      await dynamo.stop();
    },
  };
}

async function scanAll(
  clients: ReturnType<typeof createAwsClients>,
  table: string,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await clients.dynamo.send(
      new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    items.push(...((page.Items ?? []) as Record<string, unknown>[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

async function* asIterable(source: ByteSource): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) yield source;
  else yield* source as AsyncIterable<Uint8Array>;
}
