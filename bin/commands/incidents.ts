import { resolve } from 'node:path';
import { Command } from 'commander';
import { alertMessage } from '../../functions/alerts/alert-text.ts';
import { allIncidents } from '../../functions/alerts/list-incidents.ts';
import {
  alertsInOrder,
  type OutboxEntry,
  type StoredIncident,
} from '../../functions/alerts/stored-incident.ts';
import { createAwsClients } from '../../functions/aws-clients.ts';
import { DynamoDbIncidentStore } from '../../functions/storage/dynamodb-incident-store.ts';
import { startDynamoDbLocal } from '../../local/dynamodb-local.ts';
import { localCredentials, localRegion } from '../../local/local-aws.ts';
import { localResourceNames } from '../../local/resources.ts';
import { incidentListText } from '../../local/start-output.ts';
import { UsageError } from './usage-error.ts';

interface StoreFlags {
  incidentsTable?: string;
  endpoint?: string;
  local?: string | boolean;
  json?: boolean;
}

/** `hivewatch incidents list|show`: what the pipeline stored, from the incidents table (AWS or the local data folder). */
export function incidentsCommand(): Command {
  const command = new Command('incidents').description('list and show the incidents the pipeline stored');
  const withStore = (sub: Command) =>
    sub
      .option(
        '--incidents-table <name>',
        'the incidents table (default: $INCIDENTS_TABLE, locally hivewatch-incidents)',
      )
      .option('--endpoint <url>', 'a DynamoDB endpoint other than AWS (e.g. a running DynamoDB Local)')
      .option('--local [dir]', 'read the data folder of `npm start` (starts DynamoDB Local on it)')
      .option('--json', 'print JSON');
  command.addCommand(
    withStore(new Command('list').description('incidents by leak time'))
      .option('--status <status>', 'open, resolved or all', 'all')
      .option('--host <name>', 'only this host (short name)')
      .action(async (flags: StoreFlags & { status: string; host?: string }) => {
        if (!['open', 'resolved', 'all'].includes(flags.status))
          throw new UsageError(`--status: "${flags.status}" is not open, resolved or all`);
        await withIncidentStore(flags, async (store) => {
          const incidents = await allIncidents(store, {
            ...(flags.status === 'all' ? {} : { statuses: [flags.status as 'open' | 'resolved'] }),
            ...(flags.host ? { host: flags.host } : {}),
          });
          process.stdout.write(
            flags.json
              ? `${JSON.stringify(incidents, null, 2)}\n`
              : `${incidentListText('incidents', incidents).trimStart()}\n`,
          );
        });
      }),
  );
  command.addCommand(
    withStore(new Command('show').description('one incident: facts, evidence, alert state'))
      .argument('<id>', 'incident id (as in the alert)')
      .action(async (id: string, flags: StoreFlags) => {
        await withIncidentStore(flags, async (store) => {
          const incident = await store.get(id);
          if (!incident) throw new UsageError(`no incident ${id}`);
          process.stdout.write(
            flags.json ? `${JSON.stringify(incident, null, 2)}\n` : `${incidentDetails(incident)}\n`,
          );
        });
      }),
  );
  for (const sub of [command, ...command.commands])
    sub.exitOverride().configureOutput({ outputError: () => undefined });
  return command;
}

/** The alert's facts and evidence (all the evidence kept on the item) plus the outbox state. */
function incidentDetails(incident: StoredIncident): string {
  const body = alertMessage(incident, 'opened', {
    showCommand: (id) => `hivewatch incidents show ${id} --json`,
    evidenceLines: incident.evidence.length,
  }).body;
  const facts = body.slice(body.indexOf('Host:'), body.indexOf('\nWhat to do now:'));
  const outbox = ([key, entry]: [string, OutboxEntry]) =>
    `Alert ${key}: ${entry.state}, ${entry.attempts} attempt(s)${entry.messageId ? `, SNS message ${entry.messageId}` : ''}${entry.sentAt ? ` at ${entry.sentAt}` : ''}${entry.lastError ? ` — last error: ${entry.lastError}` : ''}`;
  return [
    facts.trimEnd(),
    '',
    `Status:     ${incident.status}${incident.resolvedAt ? ` (resolved at ${incident.resolvedAt})` : ''}${incident.supersededBy ? ` by ${incident.supersededBy}` : ''}`,
    ...alertsInOrder(incident).map(outbox),
  ].join('\n');
}

async function withIncidentStore(flags: StoreFlags, use: (store: DynamoDbIncidentStore) => Promise<void>) {
  const tableName =
    flags.incidentsTable ??
    process.env.INCIDENTS_TABLE ??
    (flags.local ? localResourceNames().tables.INCIDENTS_TABLE : undefined);
  if (!tableName)
    throw new UsageError('which table? give --incidents-table NAME (or set INCIDENTS_TABLE), or --local');
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
    await use(new DynamoDbIncidentStore({ tableName, client: clients.dynamo }));
  } catch (error) {
    if ((error as { name?: string }).name !== 'ResourceNotFoundException') throw error;
    throw new UsageError(
      `no table ${tableName}${flags.local ? ' in the data folder: run `npm start` first' : ''}`,
    );
  } finally {
    clients.dynamo.destroy();
    await local?.stop();
  }
}
