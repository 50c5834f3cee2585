import { resolve } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { Command } from 'commander';
import { createAwsClients } from '../../functions/aws-clients.ts';
import { parseDuration } from '../../functions/correlation/correlation-config.ts';
import type { FleetHost } from '../../functions/fleet/fleet-host.ts';
import { DayTally, hostReport, periodStart } from '../../functions/fleet/hosts-report.ts';
import { hostsCsv, hostsJson, hostsTable } from '../../functions/fleet/hosts-text.ts';
import { mapWithLimit } from '../../functions/storage/concurrency.ts';
import { DynamoDbFleet } from '../../functions/storage/dynamodb-fleet.ts';
import { DynamoDbIngestRecords } from '../../functions/storage/dynamodb-ingest-records.ts';
import { startDynamoDbLocal } from '../../local/dynamodb-local.ts';
import { localCredentials, localRegion } from '../../local/local-aws.ts';
import { localResourceNames } from '../../local/resources.ts';
import { UsageError } from './usage-error.ts';

interface HostsFlags {
  stateTable?: string;
  ingestTable?: string;
  stack?: string;
  endpoint?: string;
  local?: string | boolean;
  host?: string;
  days: string;
  silentAfter: string;
  utc?: boolean;
  json?: boolean;
  csv?: boolean;
}

/** Hosts whose objects are summed at once (one index query each). */
const Queries = 4;

/**
 * `hivewatch hosts`: each shipping host's last object, last event, events and errors per day, and which are silent —
 * from the fleet items (one paged query) and the ingest records' shipper index (one query per host).
 */
export function hostsCommand(): Command {
  return new Command('hosts')
    .description('shipping hosts: last object, last event, events and errors per day, silent hosts')
    .option('--host <name>', 'only this host (short name)')
    .option('--days <n>', 'days of events and errors, today included', '7')
    .option(
      '--silent-after <duration>',
      'no object for this long is silent (the stack setting silentHostAfter)',
      '2h',
    )
    .option('--utc', 'times in UTC (default: this computer’s time zone)')
    .option('--json', 'print JSON')
    .option('--csv', 'print CSV: one row per host and day')
    .option(
      '--stack <name>',
      'find the tables in this deployed stack’s outputs (standard credentials and region)',
    )
    .option('--state-table <name>', 'the state table (default: $STATE_TABLE, locally hivewatch-state)')
    .option(
      '--ingest-table <name>',
      'the ingest records table (default: $INGEST_TABLE, locally hivewatch-ingest)',
    )
    .option('--endpoint <url>', 'a DynamoDB endpoint other than AWS (e.g. a running DynamoDB Local)')
    .option('--local [dir]', 'read the data folder of `npm start` (starts DynamoDB Local on it)')
    .action(async (flags: HostsFlags) => {
      const days = Number(flags.days);
      if (!Number.isInteger(days) || days < 1 || days > 90)
        throw new UsageError(`--days: "${flags.days}" is not 1 to 90`);
      const silentAfterMs = flags.silentAfter === 'off' ? undefined : parseDuration(flags.silentAfter);
      if (flags.silentAfter !== 'off' && (silentAfterMs === undefined || silentAfterMs <= 0))
        throw new UsageError(`--silent-after: "${flags.silentAfter}" is not a duration like 2h, or off`);
      if (flags.json && flags.csv) throw new UsageError('--json and --csv: choose one');
      const zone = flags.utc ? 'UTC' : Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
      const now = new Date();
      await withTables(flags, async ({ fleet, records }) => {
        const hosts = await fleetHosts(fleet, flags.host);
        const options = { now, days, zone, ...(silentAfterMs !== undefined ? { silentAfterMs } : {}) };
        const since = periodStart(options);
        const reports = await mapWithLimit(hosts, Queries, async (host) => {
          const tally = new DayTally(options);
          for await (const object of records.shippedObjects(host.host, since)) tally.add(object);
          return hostReport(host, tally.days(), options);
        });
        const view = { hosts: reports, now, zone, silentAfter: flags.silentAfter };
        process.stdout.write(flags.json ? hostsJson(view) : flags.csv ? hostsCsv(view) : hostsTable(view));
      });
    });
}

async function fleetHosts(fleet: DynamoDbFleet, only: string | undefined): Promise<FleetHost[]> {
  if (only) {
    const host = await fleet.get(only.toLowerCase());
    if (!host) throw new UsageError(`no shipping host ${only}`);
    return [host];
  }
  const hosts: FleetHost[] = [];
  let after: string | undefined;
  do {
    const page = await fleet.list(after);
    hosts.push(...page.hosts);
    after = page.next;
  } while (after);
  return hosts;
}

async function withTables(
  flags: HostsFlags,
  use: (stores: { fleet: DynamoDbFleet; records: DynamoDbIngestRecords }) => Promise<void>,
): Promise<void> {
  const names = await tableNames(flags);
  const local = flags.local
    ? await startDynamoDbLocal({
        dbPath: `${resolve(typeof flags.local === 'string' ? flags.local : '.data/local')}/dynamodb`,
      })
    : undefined;
  const endpoint = local?.endpoint ?? flags.endpoint;
  const clients = createAwsClients(
    endpoint ? { dynamodb: endpoint, region: localRegion, credentials: localCredentials } : {},
  );
  try {
    await use({
      fleet: new DynamoDbFleet({ tableName: names.state, client: clients.dynamo }),
      records: new DynamoDbIngestRecords({ tableName: names.ingest, client: clients.dynamo }),
    });
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'ResourceNotFoundException') {
      throw new UsageError(
        `no table ${names.state} or ${names.ingest} (or its shipper index)${flags.local ? ' in the data folder: run `npm start` first' : ''}`,
      );
    }
    if (name === 'CredentialsProviderError')
      throw new UsageError('no AWS credentials: set AWS_PROFILE or run `aws configure`');
    throw error;
  } finally {
    clients.dynamo.destroy();
    await local?.stop();
  }
}

/** The table names: explicit options, else the stack's outputs, else the environment, else the local names. */
async function tableNames(flags: HostsFlags): Promise<{ state: string; ingest: string }> {
  const outputs = flags.stack ? await stackOutputs(flags.stack) : {};
  const localNames = flags.local ? localResourceNames().tables : undefined;
  const state =
    flags.stateTable ?? outputs.StateTableName ?? process.env.STATE_TABLE ?? localNames?.STATE_TABLE;
  const ingest =
    flags.ingestTable ?? outputs.IngestTableName ?? process.env.INGEST_TABLE ?? localNames?.INGEST_TABLE;
  if (!state || !ingest)
    throw new UsageError(
      'which tables? give --stack NAME, or --state-table and --ingest-table (or set STATE_TABLE and INGEST_TABLE), or --local',
    );
  return { state, ingest };
}

async function stackOutputs(stack: string): Promise<Record<string, string>> {
  const cloudFormation = new CloudFormationClient({});
  try {
    const found = await cloudFormation.send(new DescribeStacksCommand({ StackName: stack }));
    return Object.fromEntries(
      (found.Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']),
    );
  } catch (error) {
    const e = error as { name?: string; message?: string };
    if (e.name === 'ValidationError') throw new UsageError(`no stack ${stack} in this account and region`);
    if (e.name === 'CredentialsProviderError')
      throw new UsageError('no AWS credentials: set AWS_PROFILE or run `aws configure`');
    throw error;
  } finally {
    cloudFormation.destroy();
  }
}
