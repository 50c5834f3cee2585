import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Notifier } from './alerts/notifier.port.ts';
import { SnsNotifier } from './alerts/sns-notifier.ts';
import type { AwsClients } from './aws-clients.ts';
import type { PipelineConfig } from './config.ts';
import type { FleetNoticeContext } from './fleet/fleet-notice-text.ts';
import type { IngestPorts } from './ingest/ingest-object.ts';
import { DynamoDbFleet } from './storage/dynamodb-fleet.ts';
import { DynamoDbHostLedger } from './storage/dynamodb-host-ledger.ts';
import { DynamoDbIncidentStore } from './storage/dynamodb-incident-store.ts';
import { DynamoDbIngestRecords } from './storage/dynamodb-ingest-records.ts';
import { S3ObjectReader } from './storage/s3-object-reader.ts';

/** Everything a handler needs, built once per container (or once per local run). */
export interface PipelineRuntime {
  readonly config: PipelineConfig;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly ports: PipelinePorts;
}

/** The ingest ports, and what the sweeper's silent-host step needs besides. */
export type PipelinePorts = IngestPorts & { fleetText: FleetNoticeContext; silentAfterMs?: number };

export interface RuntimeOverrides {
  logger?: Logger;
  metrics?: Metrics;
  clock?: () => Date;
  notifier?: Notifier;
  /** The analyst command printed in alerts (local mode points at the local data folder). */
  showCommand?: (incidentId: string) => string;
  /** The command printed in silent-host notices. */
  showHosts?: string;
  leaseMs?: number;
}

/** The composition root: adapters over the given clients, wired into the use cases' ports. */
export function createPipelineRuntime(
  config: PipelineConfig,
  clients: AwsClients,
  overrides: RuntimeOverrides = {},
): PipelineRuntime {
  const clock = overrides.clock ?? (() => new Date());
  return {
    config,
    logger: overrides.logger ?? new Logger({ serviceName: 'hivewatch' }),
    metrics: overrides.metrics ?? new Metrics({ namespace: 'hivewatch', serviceName: 'hivewatch' }),
    ports: {
      objects: new S3ObjectReader(clients.s3),
      ledger: new DynamoDbHostLedger({
        stateTable: config.stateTable,
        incidentsTable: config.incidentsTable,
        client: clients.dynamo,
        clock,
      }),
      incidents: new DynamoDbIncidentStore({ tableName: config.incidentsTable, client: clients.dynamo }),
      ingestRecords: new DynamoDbIngestRecords({
        tableName: config.ingestTable,
        client: clients.dynamo,
        ttlDays: config.signalTtlDays,
      }),
      fleet: new DynamoDbFleet({
        tableName: config.stateTable,
        client: clients.dynamo,
        ttlDays: config.signalTtlDays,
      }),
      notifier:
        overrides.notifier ??
        new SnsNotifier({ topicArn: config.alertTopicArn, client: clients.sns, format: config.alertFormat }),
      clock,
      correlation: config.correlation,
      notifyAtRisk: config.notifyAtRisk,
      forgedHost: config.forgedHost,
      ...(config.aliases ? { aliases: config.aliases } : {}),
      alertText: {
        showCommand:
          overrides.showCommand ??
          ((id) => `npx hivewatch incidents show ${id} --incidents-table ${config.incidentsTable}`),
      },
      fleetText: {
        showHosts:
          overrides.showHosts ??
          `npx hivewatch hosts --state-table ${config.stateTable} --ingest-table ${config.ingestTable}`,
        silentAfter: config.silentHostAfter,
      },
      ...(config.silentHostAfterMs !== undefined ? { silentAfterMs: config.silentHostAfterMs } : {}),
      ...(overrides.leaseMs !== undefined ? { leaseMs: overrides.leaseMs } : {}),
    },
  };
}
