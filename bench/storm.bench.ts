/**
 * `npm run bench:storm [-- --hours 6 --clients 20 --seed N]`: the failure storm of issue 8 through the real ingest
 * handler and the real DynamoDB stores on DynamoDB Local, then `hivewatch scan` on the same objects. Prints, in one
 * run: per-object ingest time and DynamoDB units by deciles of the server's stored history (and last/first decile),
 * the function's peak RSS, units per object and per storm-day in dollars, whether the stored incident equals the
 * scan's and how many alerts were sent, and the scan's time and peak RSS; then one summary line.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { allIncidents } from '../functions/alerts/list-incidents.ts';
import { incidentFacts } from '../functions/alerts/stored-incident.ts';
import { createAwsClients } from '../functions/aws-clients.ts';
import { documentIncident } from '../functions/scan/scan-document.ts';
import { DynamoDbIncidentStore } from '../functions/storage/dynamodb-incident-store.ts';
import { startDynamoDbLocal } from '../local/dynamodb-local.ts';
import { createPipelineTables, localResourceNames } from '../local/resources.ts';
import { seededRandom } from '../samples/seeded-random.ts';
import { stormFacts, stormObjects } from '../samples/storm-scenario.ts';
import { runProcess, startFunction } from './storm-processes.ts';
import { type Invocation, type StormRun, stormReport } from './storm-report.ts';

const Args = z.object({
  hours: z.coerce.number().positive(),
  clients: z.coerce.number().int().positive().optional(),
  seed: z.coerce.number().int().optional(),
});
const { values } = parseArgs({
  options: { hours: { type: 'string', default: '6' }, clients: { type: 'string' }, seed: { type: 'string' } },
});
const storm = Args.parse(values);
const facts = stormFacts(storm);
console.log(
  `storm: ${storm.hours} h, ${facts.clients.length} clients naming ${facts.server.host}, ${facts.objects} objects, ` +
    `${facts.failures.toLocaleString('en-US')} failures, ${facts.events.toLocaleString('en-US')} events`,
);

const dynamodb = await startDynamoDbLocal({});
const names = localResourceNames('storm');
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
await createPipelineTables(
  new DynamoDBClient({ endpoint: dynamodb.endpoint, region: 'us-east-1', credentials }),
  names.tables,
);
const env = {
  ...names.tables,
  ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:000000000000:storm',
  AWS_REGION: 'us-east-1',
};
const dir = await mkdtemp(join(tmpdir(), 'hivewatch-storm-'));
await writeStormFiles();
const fn = await startFunction({ dynamodb: dynamodb.endpoint, env, dir });
const invocations: Invocation[] = [];
let history = 0;
try {
  for (const { key, failures, again } of deliveryOrder()) {
    const result = await fn.invoke(key);
    invocations.push({ ...result, failures, history, again });
    if (!again) history += failures;
    if (invocations.length % 100 === 0) process.stdout.write(`  ${invocations.length} objects ingested\r`);
  }
  const end = await fn.finish();
  const stored = await storedIncident();
  const run = await runProcess('bench/scan-measured.ts', [dir]);
  const scanned = JSON.parse(run.stdout) as StormRun['scanned'];
  console.log(
    stormReport({
      storm,
      facts,
      invocations,
      functionPeakRssMb: end.peakRssMb,
      alerts: end.alerts.length,
      stored: stored ? documentIncident(incidentFacts(stored)) : undefined,
      scanned,
    }),
  );
} finally {
  fn.kill();
  await dynamodb.stop();
  await rm(dir, { recursive: true, force: true });
}

/**
 * The objects as they arrive: in shipping order, but a few places out of it (each pick is one of the next six),
 * and one in 80 delivered a second time a little later (SQS and S3 deliver at least once).
 */
function* deliveryOrder(): Generator<{ key: string; failures: number; again: boolean }> {
  const rng = seededRandom(storm.seed ?? 8);
  const waiting: { key: string; failures: number; again: boolean }[] = [];
  const later: { at: number; item: { key: string; failures: number; again: boolean } }[] = [];
  let sent = 0;
  const take = function* () {
    const [item] = waiting.splice(rng.int(0, waiting.length - 1), 1);
    if (!item) return;
    sent++;
    yield item;
    if (!item.again && sent % 80 === 0) later.push({ at: sent + 10, item: { ...item, again: true } });
    for (const due of later.filter((l) => l.at <= sent)) {
      later.splice(later.indexOf(due), 1);
      yield due.item;
    }
  };
  for (const object of stormObjects(storm)) {
    waiting.push({ key: object.key, failures: object.failures, again: false });
    if (waiting.length >= 6) yield* take();
  }
  while (waiting.length > 0) yield* take();
  for (const { item } of later) yield item;
}

async function storedIncident() {
  const clients = createAwsClients({ dynamodb: dynamodb.endpoint, region: 'us-east-1', credentials });
  const store = new DynamoDbIncidentStore({
    tableName: names.tables.INCIDENTS_TABLE,
    client: clients.dynamo,
  });
  const incidents = await allIncidents(store, { host: facts.server.host });
  return incidents.find((i) => i.status !== 'superseded' && i.failureCount > 0);
}

/** The storm's objects on disk (`npm run storm:files`): what the function reads as S3 objects and the scan as files. */
async function writeStormFiles(): Promise<void> {
  const flags = ['--hours', String(storm.hours)];
  if (storm.clients) flags.push('--clients', String(storm.clients));
  if (storm.seed !== undefined) flags.push('--seed', String(storm.seed));
  await runProcess('bench/storm-files.ts', [dir, ...flags]);
}
