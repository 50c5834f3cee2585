/**
 * One run of a fleet through the local pipeline: the objects uploaded window by window to fauxqs S3 and notified to
 * the real queue, the ingest function in `functions` processes polling it, the sweeper every simulated 5 minutes (the
 * stack's schedule) on the simulated clock, and what on-call received. The clock is the end of the window being
 * uploaded; uploads wait until the objects two windows back are ingested, so the sweeper never runs more than ten
 * simulated minutes ahead of what was read (less than `settle`: it never ends an incident before its failures are in).
 * A fault may act before any window and change how a window is delivered.
 */

import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { SnsNotifier } from '../../functions/alerts/sns-notifier.ts';
import { createAwsClients } from '../../functions/aws-clients.ts';
import { loadPipelineConfig } from '../../functions/config.ts';
import type { IngestRecord } from '../../functions/ingest/ingest-record.port.ts';
import { createPipelineRuntime } from '../../functions/pipeline-runtime.ts';
import { createSweeperHandler } from '../../functions/sweeper/handler.ts';
import { localCredentials, localRegion } from '../../local/local-aws.ts';
import { localPipelineEnv } from '../../local/local-pipeline.ts';
import { createLocalResources, type LocalResources, localResourceNames } from '../../local/resources.ts';
import {
  type FleetFacts,
  type FleetObject,
  type FleetOptions,
  fleetFacts,
} from '../../samples/fleet-scenario.ts';
import { CapacityMeter } from '../capacity-meter.ts';
import { type Bucket, notify, putObjects } from './delivery.ts';
import { FleetSource } from './fleet-source.ts';
import type { Usage } from './function-messages.ts';
import { FunctionPool } from './function-pool.ts';
import { SwitchableNotifier } from './injected-faults.ts';
import { type LoggedAlert, OnCallLog } from './on-call-log.ts';
import { quiet } from './quiet-logger.ts';
import type { Services } from './services.ts';
import { readStoredState, type StoredState } from './stored-state.ts';

const WINDOW = 5 * 60_000;
/** The clock stands this long after the window's end when its objects arrive (shippers upload within a minute). */
const ARRIVAL = 60_000;
/** The last sweep looks at the fleet this long after the run's end: restarts have settled. */
const FINAL_SWEEP_AFTER = 20 * 60_000;

/** What a fault does to a run (faults.ts). */
export interface Fault {
  readonly name: string;
  /** Before the objects of window `w` are uploaded (at the clock of its end). */
  beforeWindow?(w: number, run: RunControl): Promise<void>;
  /** Delivers a window's objects instead of uploading and notifying each once. */
  deliver?(objects: FleetObject[], w: number, run: RunControl): Promise<void>;
  /** After the last window was delivered. */
  finish?(run: RunControl): Promise<void>;
  /** What it did, and when, for the report. */
  notes(): string[];
}

/** What a fault can reach. */
export interface RunControl {
  readonly windows: number;
  readonly pool: FunctionPool;
  readonly services: Services;
  readonly sweeperNotifier: SwitchableNotifier;
  /** Simulated clock (ms) and its ISO form. */
  now(): number;
  upload(objects: readonly FleetObject[]): Promise<void>;
  notify(objects: readonly FleetObject[]): Promise<void>;
  /** Waits until every object notified so far has an ingest record. */
  settle(): Promise<void>;
}

export interface RunOptions {
  name: string;
  fleet: FleetOptions;
  services: Services;
  functions: number;
  fault?: Fault;
  /** Stop waiting for stragglers after this long. */
  deadlineMs: number;
  log: (line: string) => void;
}

export interface GeneratedObject {
  key: string;
  window: number;
  hosts: string[];
  events: number;
  signals: number;
  newSignals: number;
  bytes: number;
  rawBytes: number;
}

export interface RunResult {
  name: string;
  facts: FleetFacts;
  generated: Map<string, GeneratedObject>;
  /** Upload time (epoch ms) per `<window>|<host>`. */
  uploadedAt: Map<string, number>;
  alerts: LoggedAlert[];
  stored: StoredState;
  /** Every ingestion's record as written (redeliveries included). */
  ingestions: IngestRecord[];
  usages: Usage[];
  /** Records the functions reported failed (SQS delivered them again). */
  failedRecords: number;
  sweeps: { runs: number; failed: number; sent: number; units: number };
  deadLetters: number;
  seconds: { total: number; ingest: number };
  cpuSeconds: { total: number; functions: number; dynamodb: number; fauxqs: number; driver: number };
  notes: string[];
  firstUploadAt: number;
  lastRecordAt: number;
}

export async function runFleet(options: RunOptions): Promise<RunResult> {
  const { services, log } = options;
  const started = performance.now();
  const cpu0 = { driver: process.cpuUsage(), services: services.cpuSeconds() };
  const facts = fleetFacts(options.fleet);
  const resources = await createLocalResources(
    services.clients,
    localResourceNames(`r${Date.now().toString(36)}`),
  );
  const env = localPipelineEnv(resources, { SILENT_HOST_AFTER: 'off' });
  const endpoints = {
    messaging: services.messaging,
    dynamodb: services.dynamodb.endpoint,
    region: localRegion,
  };
  let now = Date.parse(facts.start);
  const ingestions: IngestRecord[] = [];
  const recorded = new Map<string, number>();
  let lastRecordAt = 0;
  const pool = new FunctionPool(
    { endpoints, env, queueUrl: resources.queueUrl, batchSize: 10, clockMs: now },
    (record) => {
      ingestions.push(record);
      recorded.set(record.key, (recorded.get(record.key) ?? 0) + 1);
      lastRecordAt = Date.now();
    },
  );
  await pool.start(options.functions);
  const sweeper = sweeperOf(resources, endpoints, () => now);
  const onCall = new OnCallLog(services.clients.sqs, resources.onCallQueueUrl);
  const where: Bucket = { bucket: resources.names.bucket, queueUrl: resources.queueUrl };
  const generated = new Map<string, GeneratedObject>();
  const uploadedAt = new Map<string, number>();
  const notified = new Set<string>();
  const deadline = Date.now() + options.deadlineMs;
  const waitUntilRecorded = async (keys: readonly string[]) => {
    while (keys.some((k) => !recorded.has(k)) && Date.now() < deadline) {
      services.assertAlive();
      await sleep(25);
    }
  };
  const control: RunControl = {
    windows: facts.windows,
    pool,
    services,
    sweeperNotifier: sweeper.notifier,
    now: () => now,
    upload: (objects) =>
      putObjects(services.clients, where, objects, (o, at) => {
        for (const host of o.hosts) uploadedAt.set(`${o.window}|${host}`, at);
      }),
    notify: async (objects) => {
      await notify(services.clients, where, objects);
      for (const o of objects) notified.add(o.key);
    },
    settle: () => waitUntilRecorded([...notified]),
  };
  const source = new FleetSource(options.fleet);
  const windowKeys: string[][] = [];
  let firstUploadAt = 0;
  for (let w = 0; ; w++) {
    const objects = await source.next();
    if (!objects) break;
    windowKeys.push(objects.map((o) => o.key));
    await waitUntilRecorded((windowKeys[w - 2] ?? []).filter((k) => notified.has(k)));
    now = Date.parse(facts.start) + (w + 1) * WINDOW + ARRIVAL;
    pool.setClock(now);
    await options.fault?.beforeWindow?.(w, control);
    for (const o of objects) generated.set(o.key, describe(o));
    firstUploadAt ||= Date.now();
    if (options.fault?.deliver) await options.fault.deliver(objects, w, control);
    else {
      await control.upload(objects);
      await control.notify(objects);
    }
    await sweeper.sweep(log);
    if (w % 24 === 23)
      log(`  ${options.name}: ${w + 1}/${facts.windows} windows, ${recorded.size} objects ingested`);
  }
  await source.close();
  await options.fault?.finish?.(control);
  await waitUntilRecorded([...generated.keys()]);
  const ingestSeconds = (lastRecordAt - firstUploadAt) / 1000;
  now = Date.parse(facts.end) + FINAL_SWEEP_AFTER;
  pool.setClock(now);
  await sweeper.sweep(log);
  const alerts = await onCall.close();
  const usages = pool.usages();
  await pool.stop();
  const deadLetters = await countMessages(services, resources.deadLetterQueueUrl);
  const stored = await readStoredState(
    createAwsClients({ ...endpoints, credentials: localCredentials }).dynamo,
    resources.names.tables,
  );
  const services1 = services.cpuSeconds();
  const driverUsage = process.cpuUsage(cpu0.driver);
  const driver = (driverUsage.user + driverUsage.system) / 1e6;
  const functions = usages.reduce((n, u) => n + u.cpuSeconds, 0);
  const dynamodb = services1.dynamodb - cpu0.services.dynamodb;
  const fauxqs = services1.fauxqs - cpu0.services.fauxqs;
  return {
    name: options.name,
    facts,
    generated,
    uploadedAt,
    alerts,
    stored,
    ingestions,
    usages,
    failedRecords: pool.failedRecords,
    sweeps: sweeper.stats,
    deadLetters,
    seconds: { total: (performance.now() - started) / 1000, ingest: ingestSeconds },
    cpuSeconds: { total: driver + functions + dynamodb + fauxqs, functions, dynamodb, fauxqs, driver },
    notes: options.fault?.notes() ?? [],
    firstUploadAt,
    lastRecordAt,
  };
}

function describe(o: FleetObject): GeneratedObject {
  return {
    key: o.key,
    window: o.window,
    hosts: o.hosts,
    events: o.events,
    signals: o.signals,
    newSignals: o.newSignals,
    bytes: o.body.length,
    rawBytes: o.rawBytes,
  };
}

/** The scheduled sweeper, in the driver: the real handler on the simulated clock; a failed sweep is counted, as Lambda would retry it on the next schedule. */
function sweeperOf(
  resources: LocalResources,
  endpoints: { messaging: string; dynamodb: string; region: string },
  clock: () => number,
) {
  const config = loadPipelineConfig(localPipelineEnv(resources, { SILENT_HOST_AFTER: 'off' }));
  const clients = createAwsClients({ ...endpoints, credentials: localCredentials });
  const meter = new CapacityMeter(clients.dynamo);
  const notifier = new SwitchableNotifier(
    new SnsNotifier({ topicArn: config.alertTopicArn, client: clients.sns }),
  );
  const runtime = createPipelineRuntime(config, clients, {
    clock: () => new Date(clock()),
    notifier,
    logger: new Logger({ serviceName: 'hivewatch', logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'hivewatch', serviceName: 'hivewatch', logger: quiet }),
  });
  const handler = createSweeperHandler(runtime);
  const stats = { runs: 0, failed: 0, sent: 0, units: 0 };
  return {
    notifier,
    stats,
    async sweep(log: (line: string) => void) {
      stats.runs += 1;
      try {
        const summary = await handler({ 'detail-type': 'Scheduled Event' });
        stats.sent += summary.sent;
        if (summary.failures > 0 || summary.failed > 0) stats.failed += 1;
      } catch (error) {
        stats.failed += 1;
        if (stats.failed <= 3)
          log(`  sweep failed (retried on the next schedule): ${(error as Error).message.slice(0, 120)}`);
      }
      const units = meter.totals();
      stats.units = units.readUnits + units.writeUnits;
    },
  };
}

async function countMessages(services: Services, queueUrl: string): Promise<number> {
  const attributes = await services.clients.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(attributes.Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(attributes.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
