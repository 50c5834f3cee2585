/**
 * `npm run test:deploy`: the stack as `cdk synth` writes it passes cfn-lint, deploys to moto's CloudFormation with
 * its assets, and its parts agree with the code: the real ingest and sweeper handlers, run in-process with the
 * environment moto's Lambda reports for the deployed functions, turn the sample morning uploaded to the deployed
 * bucket into one alert on the deployed topic and one incident in the deployed table. Skipped, saying why, where
 * moto_server or cfn-lint is not installed.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { HeadObjectCommand, ListObjectVersionsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestHandler } from '../../functions/ingest/handler.ts';
import { INCOMING_PREFIX } from '../../functions/ingest/object-origin.ts';
import { PipelineTables } from '../../functions/storage/table-schema.ts';
import { createSweeperHandler } from '../../functions/sweeper/handler.ts';
import { LambdaPoller } from '../../local/lambda-poller.ts';
import { receiveAlerts } from '../../local/on-call.ts';
import { MORNING_DAY, MORNING_SCENARIO, writeMorningScenario } from '../../samples/morning-scenario.ts';
import { everyOptionSettings, synthesizeHivewatch } from '../infra/synthesized-stack.ts';
import { bootstrap, bootstrapVersionProblems, cdkBootstrapTemplate, publishAssets } from './bootstrap.ts';
import { cfnLint, type LintFinding, lintLine } from './cfn-lint.ts';
import { cdkSynth, readSynthesizedStack, type SynthesizedStack } from './cloud-assembly.ts';
import { type DeployedStack, deployStack } from './deploy-stack.ts';
import { DeployedRuntimes } from './deployed-runtimes.ts';
import { type DeployedWiring, disableMapping, readWiring } from './deployed-wiring.ts';
import { type MotoClients, motoClients } from './moto-clients.ts';
import { fidelityText, type MotoFidelity, motoFidelity } from './moto-fidelity.ts';
import { type MotoServer, startMotoServer } from './moto-server.ts';
import { pythonWithBoto3, type Tool, tool } from './tools.ts';

const motoServer = tool('moto_server', ['--help'], 'install it with: pip install "moto[server]"');
const cfnLintTool = tool('cfn-lint', ['--version'], 'install it with: pip install cfn-lint');
const python: Tool = motoServer.found
  ? pythonWithBoto3(motoServer.path)
  : { found: false, reason: motoServer.reason };
if (!cfnLintTool.found) console.warn(`test:deploy: SKIPPED cfn-lint — ${cfnLintTool.reason}`);
if (!python.found) console.warn(`test:deploy: SKIPPED the deploy to moto — ${python.reason}`);

/** Made in beforeAll: a file whose tests are all skipped runs no hook, and would leave it behind. */
let scratch = '';
let synthesized: SynthesizedStack | undefined;
const stackFiles = () => {
  if (!synthesized) throw new Error('cdk synth did not run');
  return synthesized;
};

let lint: Promise<LintFinding[]> | undefined;
/** Seconds per step, printed at the end: the CI budget for this command is about two minutes. */
const took: [string, number][] = [];
async function timed<T>(step: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await run();
  } finally {
    took.push([step, (performance.now() - started) / 1000]);
  }
}

let bootstrapTemplate: Promise<string> | undefined;

beforeAll(async () => {
  if (!cfnLintTool.found && !python.found) return;
  scratch = mkdtempSync(join(tmpdir(), 'hivewatch-deploy-'));
  // The two CLI runs go on in their own processes while this one builds the every-option template.
  const synth = timed('cdk synth', () => cdkSynth(join(scratch, 'cdk.out')));
  if (python.found) bootstrapTemplate = cdkBootstrapTemplate();
  bootstrapTemplate?.catch(() => undefined); // awaited (and reported) by the deploy's beforeAll
  const everyOption = join(scratch, 'every-option.template.json');
  if (cfnLintTool.found) {
    await timed('every-option template', async () =>
      writeFileSync(everyOption, JSON.stringify(synthesizeHivewatch(everyOptionSettings).template.toJSON())),
    );
  }
  await synth;
  synthesized = readSynthesizedStack(join(scratch, 'cdk.out'));
  if (cfnLintTool.found) {
    const [linter, templates] = [cfnLintTool.path, [synthesized.templatePath, everyOption]];
    lint = timed('cfn-lint (while deploying)', () => cfnLint(linter, templates));
    lint.catch(() => undefined); // reported by the cfn-lint test, not as an unhandled rejection
  }
}, 180_000);
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  if (took.length > 0)
    console.log(`test:deploy steps: ${took.map(([s, t]) => `${s} ${t.toFixed(1)} s`).join(', ')}`);
});

describe.skipIf(!python.found)('the synthesized stack deployed to moto', () => {
  let server: MotoServer | undefined;
  let aws: MotoClients;
  let deployed: DeployedStack;
  let wiring: DeployedWiring;
  let fidelity: MotoFidelity;
  let published: Map<string, Buffer>;
  let versionCheck: Awaited<ReturnType<typeof bootstrapVersionProblems>>;
  let runtimes: DeployedRuntimes;

  beforeAll(async () => {
    if (!motoServer.found || !python.found) return;
    const moto = motoServer.path;
    const py = python.path;
    server = await timed('moto_server start', () => startMotoServer(moto));
    aws = motoClients(server.endpoint);
    const template = await (bootstrapTemplate ?? Promise.reject(new Error('no bootstrap template')));
    const environment = await timed('bootstrap', () => bootstrap(aws, template));
    versionCheck = await bootstrapVersionProblems(aws, stackFiles());
    published = await publishAssets(aws, stackFiles(), environment);
    deployed = await timed('deploy', () => deployStack(aws, py, stackFiles(), environment));
    wiring = await readWiring(aws, deployed);
    await disableMapping(aws, wiring.mapping.uuid);
    fidelity = await timed('read back', () => motoFidelity(aws, stackFiles().template, deployed));
    runtimes = new DeployedRuntimes(aws, wiring);
  }, 120_000);
  afterAll(async () => {
    runtimes?.destroy();
    aws?.destroy();
    await server?.stop();
  });

  it('passes the bootstrap version checks of the CDK CLI and of the template’s rules', () => {
    expect(versionCheck.problems).toEqual([]);
    expect(versionCheck.ssmVersion).toBeGreaterThanOrEqual(
      stackFiles().properties.requiresBootstrapStackVersion,
    );
  });

  it('creates every resource of the data path; prints what moto skipped or only stubbed', () => {
    console.log(
      fidelityText(fidelity, [
        `Lambda's SQS poller for mapping ${wiring.mapping.uuid}: disabled in moto (it would run the function in Docker); the test polls ${wiring.queue.arn}`,
        `the schedule rule's target, ${wiring.sweeper.name}: moto does not fire the schedule; the test calls the sweeper handler`,
        `the functions' code: run in-process from the source, with the deployed configuration (moto would need Docker to run the bundles)`,
      ]),
    );
    const dataPath = [
      'AWS::S3::Bucket',
      'AWS::SQS::Queue',
      'AWS::DynamoDB::Table',
      'AWS::SNS::Topic',
      'AWS::Lambda::Function',
      'AWS::Lambda::EventSourceMapping',
      'AWS::Events::Rule',
    ];
    expect(fidelity.notCreated.filter((gap) => dataPath.includes(gap.type))).toEqual([]);
  });

  it('points each function at the bundle cdk synth built for it', () => {
    const functions = Object.values(stackFiles().template.Resources).filter(
      (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Code?.S3Key,
    );
    const byName = new Map(
      functions.map((f) => [f.Properties.FunctionName as string, f.Properties.Code.S3Key]),
    );
    for (const fn of [wiring.ingest, wiring.sweeper]) {
      const zip = published.get(byName.get(fn.name) ?? '');
      if (!zip) throw new Error(`no published bundle for ${fn.name}`);
      expect(fn.codeSha256, fn.name).toBe(createHash('sha256').update(zip).digest('base64'));
    }
  });

  it('names in the functions’ environment exactly the stack’s tables and topic', () => {
    // The variables are the functions' contract (table-schema.ts); their values must be the stack's tables.
    const tableVariables = Object.keys(PipelineTables);
    for (const fn of [wiring.ingest, wiring.sweeper]) {
      const env = fn.environment;
      expect(new Set(tableVariables.map((v) => env[v])), fn.name).toEqual(new Set(wiring.tables));
      expect(wiring.topics, fn.name).toContain(env.ALERT_TOPIC_ARN);
    }
  });

  it('the sample morning: S3 → queue → ingest → alert on the topic and incident in the table; the sweeper resolves it', async () => {
    process.env.POWERTOOLS_METRICS_DISABLED ??= 'true'; // EMF lines are for CloudWatch, not the test output
    const onCall = await runtimes.subscribeOnCall();
    const noon = new Date(MORNING_DAY + 12 * 3_600_000);
    const ingest = runtimes.of(wiring.ingest, () => noon);

    const dir = join(scratch, 'morning');
    const files = await writeMorningScenario(dir);
    const uploaded = new Map<string, string>();
    for (const file of files) {
      const key = `${INCOMING_PREFIX}${relative(dir, join(dir, file)).split(sep).join('/')}`;
      const put = await aws.s3.send(
        new PutObjectCommand({ Bucket: wiring.bucket.name, Key: key, Body: readFileSync(join(dir, file)) }),
      );
      uploaded.set(key, put.ETag ?? '');
    }
    // No notification is posted by the test: each one comes from moto's S3, through the deployed configuration.
    const poller = new LambdaPoller({
      sqs: aws.sqs,
      queueUrl: wiring.queue.url,
      queueArn: wiring.queue.arn,
      handler: createIngestHandler(ingest),
      batchSize: wiring.mapping.batchSize,
    });
    const drained = await poller.drain();
    expect(drained.failed).toBe(0);
    expect(drained.received).toBeGreaterThanOrEqual(files.length); // plus the s3:TestEvent S3 sends on set-up
    for (const key of uploaded.keys()) {
      expect(await ingest.ports.ingestRecords.get(key), key).toMatchObject({
        key,
        errors: 0,
        rejected: false,
      });
    }

    const alerts = await receiveAlerts(aws.sqs, onCall, 2);
    expect(alerts.map((a) => a.attributes)).toEqual([
      expect.objectContaining({ host: MORNING_SCENARIO.incident.host, kind: 'opened' }),
    ]);
    const incidentId = alerts[0]?.attributes.incidentId ?? '';
    const stored = await ingest.ports.incidents.get(incidentId);
    expect(stored).toMatchObject({
      host: MORNING_SCENARIO.incident.host,
      status: 'open',
      failureCount: MORNING_SCENARIO.incident.failureCount,
      leakAt: MORNING_SCENARIO.incident.leakAt,
    });
    expect(stored?.alerts.opened).toMatchObject({ state: 'sent', messageId: alerts[0]?.messageId });

    const sweptAtNoon = await createSweeperHandler(runtimes.of(wiring.sweeper, () => noon))({});
    expect(sweptAtNoon).toMatchObject({ failures: 0, resolved: [], sent: 0, failed: 0 });
    expect(sweptAtNoon.openChecked).toBeGreaterThanOrEqual(1);
    const twoDaysLater = new Date(MORNING_DAY + 2 * 86_400_000);
    const sweptLater = await createSweeperHandler(runtimes.of(wiring.sweeper, () => twoDaysLater))({});
    expect(sweptLater).toMatchObject({ failures: 0, resolved: [incidentId], sent: 1, failed: 0 });
    const later = await receiveAlerts(aws.sqs, onCall, 2);
    const incidentAlerts = later.filter((a) => a.attributes.incidentId !== undefined);
    expect(incidentAlerts.map((a) => [a.attributes.incidentId, a.attributes.kind])).toEqual([
      [incidentId, 'resolved'],
    ]);
    // two days without an object: every host that shipped is silent, and the deployed fleet items say so once each
    const silent = later.filter((a) => a.attributes.kind === 'host-silent').map((a) => a.attributes.host);
    expect(new Set(silent).size).toBe(silent.length);
    expect(silent.length).toBeGreaterThan(0);
    expect((await ingest.ports.incidents.get(incidentId))?.status).toBe('resolved');

    // The raw objects are evidence: each as uploaded, none deleted, nothing else written to the bucket.
    for (const [key, etag] of uploaded) {
      const head = await aws.s3.send(new HeadObjectCommand({ Bucket: wiring.bucket.name, Key: key }));
      expect(head.ETag, key).toBe(etag);
    }
    const versions = await aws.s3.send(new ListObjectVersionsCommand({ Bucket: wiring.bucket.name }));
    expect(versions.DeleteMarkers ?? []).toEqual([]);
    expect(versions.Versions?.length).toBe(uploaded.size);
  });
});

// Runs while the stack deploys to moto (started in beforeAll): cfn-lint takes about 10 s.
describe.skipIf(!cfnLintTool.found)('cfn-lint', () => {
  it('finds no error in the synthesized template, nor in the one with every option set', async () => {
    const findings = await (lint ?? Promise.reject(new Error('cfn-lint was not started')));
    const named = (file: string) => (file === stackFiles().templatePath ? 'default' : 'every option');
    console.log(
      [
        `cfn-lint (${cfnLintTool.found ? cfnLintTool.version : ''}): ${findings.length} finding(s)`,
        ...findings.map((f) => `  [${named(f.Filename)}] ${lintLine(f)}`),
      ].join('\n'),
    );
    expect(findings.filter((f) => f.Level === 'Error').map(lintLine)).toEqual([]);
  });
});
