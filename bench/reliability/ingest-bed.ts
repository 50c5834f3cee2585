import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { deliverDueAlerts } from '../../functions/alerts/deliver-alerts.ts';
import type { AlertMessage, Notifier } from '../../functions/alerts/notifier.port.ts';
import { createAwsClients } from '../../functions/aws-clients.ts';
import { loadPipelineConfig } from '../../functions/config.ts';
import { hostStateOf } from '../../functions/correlation/host-state.ts';
import { updateHosts } from '../../functions/hosts/update-hosts.ts';
import { type IngestReport, ingestObject } from '../../functions/ingest/ingest-object.ts';
import type { ForgedHostAction } from '../../functions/ingest/object-origin.ts';
import type { ObjectReader } from '../../functions/ingest/object-reader.port.ts';
import { oversizedName } from '../../functions/ingest/signal-names.ts';
import { createPipelineRuntime, type PipelineRuntime } from '../../functions/pipeline-runtime.ts';
import type { ByteSource } from '../../functions/reader/read-events.ts';
import type { Signal } from '../../functions/signals/signal.ts';
import { startDynamoDbLocal } from '../../local/dynamodb-local.ts';
import { localCredentials, localRegion } from '../../local/local-aws.ts';
import { createPipelineTables, localResourceNames } from '../../local/resources.ts';
import { MemoryWatch } from './held-memory.ts';
import { sampled } from './reader-run.ts';
import { type StoredSnapshot, snapshot } from './stored-snapshot.ts';

/** What one object did to the pipeline: the ingest record, every item it left, every alert it sent. */
export interface IngestOutcome extends StoredSnapshot {
  /** The last delivery's report. */
  report?: IngestReport;
  /** Every delivery's report (a case may deliver the object twice, as SQS may). */
  reports: IngestReport[];
  /** The use case threw (SQS would redeliver the object, then park it in the DLQ). */
  threw?: string;
  alerts: AlertMessage[];
  ms: number;
  /** Peak RSS while ingesting minus RSS before, sampled at every chunk read (MB). */
  growthMb: number;
  /** Memory ingest held at most above what was held before (held-memory.ts; NaN without --expose-gc). */
  heldMb: number;
}

export interface IngestOptions {
  forgedHost?: ForgedHostAction;
  /** Deliveries of the same object into the same tables; default 1. */
  deliveries?: number;
}

/** Each object lands in its own, fresh tables: what a case stores is all that is there. */
export interface IngestBed {
  ingest(key: string, body: () => ByteSource, options?: IngestOptions): Promise<IngestOutcome>;
  /**
   * Signals already read, written as ingest writes a host's change (updateHosts: state, incidents, outbox) and
   * alerted, without the per-computer de-duplication items ingest adds (for objects too large to ingest here).
   */
  storeSignals(signals: readonly Signal[]): Promise<IngestOutcome>;
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
  const dynamo = await startDynamoDbLocal();
  const endpoints = { dynamodb: dynamo.endpoint, region: localRegion, credentials: localCredentials };
  const clients = createAwsClients(endpoints);
  const tables = new DynamoDBClient({ ...endpoints, endpoint: dynamo.endpoint });

  /** Fresh tables and a runtime over them, its alerts captured. */
  async function fresh(forgedHost: ForgedHostAction) {
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
    const runtime: PipelineRuntime = createPipelineRuntime(config, clients, { clock: () => Now, notifier });
    return { names, alerts, runtime };
  }

  return {
    async ingest(key, body, options = {}) {
      const { names, alerts, runtime } = await fresh(options.forgedHost ?? 'flag');
      const watch = await MemoryWatch.start();
      const objects: ObjectReader = { open: async () => ({ body: sampled(body(), () => watch.sample()) }) };
      const started = performance.now();
      const reports: IngestReport[] = [];
      let threw: string | undefined;
      for (let n = 0; n < (options.deliveries ?? 1) && !threw; n++) {
        try {
          reports.push(await ingestObject({ bucket: Bucket, key }, { ...runtime.ports, objects }));
        } catch (error) {
          threw = describe(error);
        }
      }
      const ms = performance.now() - started;
      const memory = await watch.end();
      const report = reports.at(-1);
      return {
        ...(await snapshot(clients.dynamo, names.tables)),
        ...(report ? { report } : {}),
        reports,
        ...(threw ? { threw } : {}),
        alerts,
        ms,
        growthMb: memory.growthMb,
        heldMb: memory.heldMb,
      };
    },

    async storeSignals(signals) {
      const { names, alerts, runtime } = await fresh('flag');
      const ports = runtime.ports;
      // what ingest would refuse (signal-names.ts) is not written
      const byHost = Map.groupBy(
        signals.filter((s) => oversizedName(s) === undefined),
        (s) => s.host,
      );
      const started = performance.now();
      let threw: string | undefined;
      try {
        const changes = [...byHost].map(([host, list]) => ({
          host,
          partial: hostStateOf(host, list, ports.correlation),
        }));
        const saved = await updateHosts(changes, undefined, { ...ports, config: ports.correlation });
        for (const { incident } of saved)
          await deliverDueAlerts(incident.id, { ...ports, text: ports.alertText });
      } catch (error) {
        threw = describe(error);
      }
      return {
        ...(await snapshot(clients.dynamo, names.tables)),
        reports: [],
        ...(threw ? { threw } : {}),
        alerts,
        ms: performance.now() - started,
        growthMb: 0,
        heldMb: 0,
      };
    },

    async stop() {
      clients.dynamo.destroy();
      tables.destroy();
      await dynamo.stop();
    },
  };
}

function describe(error: unknown): string {
  return `${(error as Error).name}: ${(error as Error).message}`.slice(0, 300);
}
