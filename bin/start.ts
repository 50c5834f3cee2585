#!/usr/bin/env -S npx tsx
/**
 * `npm start`: the whole pipeline on this machine — DynamoDB Local + fauxqs, the bucket, queues, tables and
 * topic, the production handlers behind a Lambda-like poller — fed the shipped morning scenario, printing the
 * alert on-call receives and the stored incident. `npm start -- --watch DIR` ingests every file dropped in DIR.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { allIncidents } from '../functions/alerts/list-incidents.ts';
import type { StoredIncident } from '../functions/alerts/stored-incident.ts';
import { JavaMissingError } from '../local/errors.ts';
import { startLocalPipeline } from '../local/local-pipeline.ts';
import {
  incidentListText,
  objectKeyFor,
  receivedAlertText,
  storedIncidentText,
} from '../local/start-output.ts';
import { watchFolder } from '../local/watch-folder.ts';
import { latestMorningDay, writeMorningScenario } from '../samples/morning-scenario.ts';

const { values } = parseArgs({
  options: { watch: { type: 'string' }, data: { type: 'string', default: '.data/local' } },
});
const dataDir = resolve(values.data ?? '.data/local');
const say = (line: string) => process.stdout.write(`${line}\n`);

say(`hivewatch local pipeline — data in ${relative(process.cwd(), dataDir) || dataDir}`);
let pipeline: Awaited<ReturnType<typeof startLocalPipeline>>;
try {
  pipeline = await startLocalPipeline({
    dataDir,
    showCommand: (id) => `npm run hivewatch -- incidents show ${id} --local`,
  });
} catch (error) {
  if (error instanceof JavaMissingError) {
    process.stderr.write(`hivewatch: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
const { services, resources, runtime } = pipeline;
say(`DynamoDB Local ${services.dynamodbLocal.endpoint} · fauxqs (S3/SQS/SNS) ${services.fauxqs.endpoint}`);
say(
  `bucket ${resources.names.bucket} · queue ${resources.names.queue} (+DLQ) · topic ${resources.names.topic}`,
);

const stopAll = async () => {
  await pipeline.stop();
};
const allStored = (): Promise<StoredIncident[]> => allIncidents(runtime.ports.incidents, {});

try {
  if (values.watch) await watch(resolve(values.watch));
  else await morning();
} finally {
  await stopAll();
}
process.exit(0);

async function morning(): Promise<void> {
  say(incidentListText('incidents already in the data folder', await allStored()));
  const scenario = mkdtempSync(join(tmpdir(), 'hivewatch-morning-'));
  try {
    // This morning's logs (yesterday's before noon UTC), so the incident is live rather than long quiet.
    const files = await writeMorningScenario(scenario, latestMorningDay(Date.now()));
    const started = Date.now();
    // Security logs first, as a shipper that reads them first would send them: the alert then names who logged off
    // (objects arrive in any order; an alert sent before the Security log arrives says how to ship it).
    const securityFirst = [...files].sort(
      (a, b) => Number(!/Security/.test(a)) - Number(!/Security/.test(b)),
    );
    for (const file of securityFirst) {
      const path = isAbsolute(file) ? file : join(scenario, file);
      await pipeline.upload(objectKeyFor(relative(scenario, path).split(sep).join('/')), readFileSync(path));
    }
    say(
      `\nuploaded ${files.length} objects of the morning scenario to s3://${resources.names.bucket}/incoming/…`,
    );
    const drained = await pipeline.poller.drain();
    say(
      `ingest: ${drained.received} notifications, ${drained.succeeded} succeeded, ${drained.failed} failed`,
    );
    const swept = await pipeline.sweep();
    say(
      `sweeper: ${swept.openChecked} open incidents checked, ${swept.resolved.length} resolved, ${swept.sent} alerts sent`,
    );
    const alerts = await pipeline.alerts(2);
    say(`upload to alert received: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    for (const alert of alerts) say(receivedAlertText(alert));
    if (alerts.length === 0) {
      say(
        '\nno new alert: the incidents found were already alerted on by an earlier run (one alert per incident)',
      );
    }
    const alerted = alerts.flatMap((alert) => alert.attributes.incidentId ?? []); // host notices name none
    const ids = new Set(alerted.length > 0 ? alerted : (await allStored()).map((incident) => incident.id));
    for (const id of ids) {
      const stored = await runtime.ports.incidents.get(id);
      if (stored) say(storedIncidentText(resources.names.tables.INCIDENTS_TABLE, stored));
    }
    say(incidentListText('incidents now stored', await allStored()));
  } finally {
    rmSync(scenario, { recursive: true, force: true });
  }
}

async function watch(dir: string): Promise<void> {
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  process.once('SIGTERM', () => stop.abort());
  say(`\nwatching ${dir}: every file dropped there is uploaded and ingested; Ctrl-C stops`);
  const polling = pipeline.poller.run(stop.signal, (batch) =>
    say(`ingest: ${batch.received} notifications, ${batch.succeeded} succeeded, ${batch.failed} failed`),
  );
  const sweeping = setInterval(() => void pipeline.sweep(), 60_000);
  const printing = setInterval(async () => {
    for (const alert of await pipeline.alerts()) say(receivedAlertText(alert));
  }, 1_000);
  await watchFolder(
    dir,
    async (file) => {
      const key = objectKeyFor(file.relativePath);
      await pipeline.upload(key, readFileSync(file.path));
      say(`uploaded ${file.relativePath} → s3://${resources.names.bucket}/${key}`);
    },
    { signal: stop.signal },
  );
  clearInterval(sweeping);
  clearInterval(printing);
  await polling;
  say('stopped');
}
