import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestMorningDay } from '../../samples/morning-scenario.ts';
import { useLocalServices } from '../local/services.ts';
import { morningThroughPipeline } from './cli-fixtures.ts';
import { type FakeAwsControl, startFakeAwsControl } from './fake-aws-control.ts';
import { localAwsEnv, runCli } from './run-cli.ts';

const local = useLocalServices();
const CallerArn = 'arn:aws:sts::123456789012:assumed-role/OnCall/dana';
let control: FakeAwsControl;
let stacks: Parameters<typeof startFakeAwsControl>[0]['stacks'];

/** A template shaped like the synthesized stack's: the functions' environment carries the detection settings. */
function templateWith(env: Record<string, unknown>): string {
  return JSON.stringify({
    Resources: {
      StorageTablesIncidentsTable435A06C3: { Type: 'AWS::DynamoDB::Table', Properties: {} },
      FunctionsIngestFunctionBD2717DD: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Environment: {
            Variables: { ...env, INCIDENTS_TABLE: { Ref: 'StorageTablesIncidentsTable435A06C3' } },
          },
        },
      },
    },
  });
}

/**
 * The CLI resolves with the real clock: the morning is played on the latest one (as npm start does), at most a day
 * and a half ago, and the stack's quiet set to 30 d, so that it is still open when resolved by hand whatever the date.
 */
const recentMorning = () => latestMorningDay(Date.now());

beforeAll(async () => {
  stacks = {};
  control = await startFakeAwsControl({ stacks, callerArn: CallerArn });
});
afterAll(async () => {
  await control?.stop();
});

describe('finding the tables from the deployed stack (CloudFormation outputs), and who is acting (STS)', () => {
  it('resolve --stack: the outputs name the tables and the topic, the template the settings, STS the caller', async () => {
    const resources = await local.fresh();
    const { pipeline, incidentId } = await morningThroughPipeline(local.services(), resources, {
      day: recentMorning(),
    });
    stacks.hivewatch = {
      outputs: {
        IncidentsTableName: resources.names.tables.INCIDENTS_TABLE,
        StateTableName: resources.names.tables.STATE_TABLE,
        IngestTableName: resources.names.tables.INGEST_TABLE,
        AlertTopicArn: resources.topicArn,
      },
      // with the default quiet (24 h) the morning may have gone quiet by now; the stack's 30 d keeps it open, so a
      // resolution by hand (and not "resolved (quiet)") shows that the stack's settings were used
      template: templateWith({ DETECTION_WINDOW: '7d', DETECTION_QUIET: '30d', NOTIFY_AT_RISK: 'false' }),
    };
    const env = localAwsEnv({
      dynamodb: local.services().dynamodbLocal.endpoint,
      sns: local.services().fauxqs.endpoint,
      control: control.endpoint,
    });
    const run = await runCli(
      ['incidents', 'resolve', incidentId, '--stack', 'hivewatch', '--note', 'restarted XRC', '--json'],
      env,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as {
      entry: { by: string; outcome: string };
      settings: string;
      deliveries: { key: string; outcome: string }[];
    };
    expect(result.entry).toMatchObject({ by: CallerArn, outcome: 'resolved' });
    expect(result.settings).toBe('the functions of stack hivewatch');
    expect(result.deliveries).toEqual([expect.objectContaining({ key: 'resolved#1', outcome: 'sent' })]);
    expect(control.actions).toEqual(
      expect.arrayContaining(['DescribeStacks', 'GetTemplate', 'GetCallerIdentity']),
    );
    const received = await pipeline.alerts(1);
    expect(received.map((a) => a.attributes.kind)).toEqual(['resolved']);
    // the alert points back with the same way of finding the tables
    expect(received[0]?.message).toContain(`npx hivewatch incidents show ${incidentId} --stack hivewatch`);
  });

  it('two on-call engineers resolving from two terminals at once: one resolution, two audit entries, one notification', async () => {
    const resources = await local.fresh();
    const { pipeline, incidentId } = await morningThroughPipeline(local.services(), resources, {
      day: recentMorning(),
    });
    // without --stack the settings come from DETECTION_* (30 d: see the first test)
    const env = {
      ...localAwsEnv({ sns: local.services().fauxqs.endpoint, control: control.endpoint }),
      DETECTION_QUIET: '30d',
    };
    const flags = [
      '--incidents-table',
      resources.names.tables.INCIDENTS_TABLE,
      '--state-table',
      resources.names.tables.STATE_TABLE,
      '--topic-arn',
      resources.topicArn,
      '--endpoint',
      local.services().dynamodbLocal.endpoint,
    ];
    const runs = await Promise.all([
      runCli(['incidents', 'resolve', incidentId, '--note', 'restarted XRC', ...flags], env),
      runCli(['incidents', 'resolve', incidentId, '--note', 'restarted it too', ...flags], env),
    ]);
    expect(runs.map((r) => [r.code, r.stderr])).toEqual([
      [0, ''],
      [0, ''],
    ]);
    expect(runs.map((r) => /Resolve: (.*)/.exec(r.stdout)?.[1]).sort()).toEqual([
      `already resolved (by hand, ${CallerArn})`,
      'resolved',
    ]);
    const stored = await pipeline.runtime.ports.incidents.get(incidentId);
    expect(stored?.audit.map((a) => [a.action, a.note]).sort()).toEqual([
      ['resolve', 'restarted XRC'],
      ['resolve', 'restarted it too'],
    ]);
    expect(Object.keys(stored?.alerts ?? {}).sort()).toEqual(['opened', 'resolved#1']);
    expect((await pipeline.alerts(2)).map((a) => a.attributes.kind)).toEqual(['resolved']);
  });
});

describe('what a person can fix, said plainly (exit 1, one line)', () => {
  it('no credentials anywhere', async () => {
    const run = await runCli(['incidents', 'list', '--incidents-table', 'hivewatch-incidents'], {
      AWS_REGION: 'eu-west-1',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^hivewatch: no AWS credentials found: sign in \(aws sso login/);
    expect(run.stderr.split('\n')).toHaveLength(2);
  });

  it('no region', async () => {
    const { AWS_REGION: _region, ...env } = localAwsEnv();
    const run = await runCli(['incidents', 'list', '--incidents-table', 'hivewatch-incidents'], env);
    expect([run.code, run.stderr]).toEqual([
      1,
      'hivewatch: no AWS region: give --region (e.g. --region eu-west-1) or set AWS_REGION, or use --local\n',
    ]);
  });

  it('stack not found in that region', async () => {
    const run = await runCli(
      ['incidents', 'list', '--stack', 'hivewatch-prod', '--region', 'eu-west-1'],
      localAwsEnv({ control: control.endpoint }),
    );
    expect([run.code, run.stderr]).toEqual([
      1,
      'hivewatch: stack hivewatch-prod not found in region eu-west-1: check the name (npm run cdk -- list) and the region (--region or AWS_REGION must be the one it was deployed to)\n',
    ]);
  });

  it('a table that is not there (DynamoDB Local answers ResourceNotFoundException)', async () => {
    const run = await runCli(
      [
        'incidents',
        'list',
        '--incidents-table',
        'no-such-table',
        '--endpoint',
        local.services().dynamodbLocal.endpoint,
      ],
      localAwsEnv(),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'hivewatch: table no-such-table not found in region us-east-1: wrong region (--region, AWS_REGION), a table name mistyped, or the stack was deleted; --stack NAME finds the tables for you\n',
    );
  });

  it('--local on a folder npm start never made', async () => {
    const run = await runCli(['incidents', 'list', '--local', '/nonexistent/hivewatch-data'], {});
    expect([run.code, run.stderr]).toEqual([
      1,
      'hivewatch: no data folder at /nonexistent/hivewatch-data: run `npm start` first (it creates it)\n',
    ]);
  });
});
