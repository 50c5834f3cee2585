import { hostname, userInfo } from 'node:os';
import {
  CloudFormationClient,
  DescribeStacksCommand,
  GetTemplateCommand,
} from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Command } from 'commander';
import type { Notifier } from '../../functions/alerts/notifier.port.ts';
import { SnsNotifier } from '../../functions/alerts/sns-notifier.ts';
import { type AwsContext, explainAwsError } from '../../functions/cli/aws-errors.ts';
import {
  type DetectionSettings,
  detectionSettingsFromEnv,
  detectionSettingsFromTemplate,
} from '../../functions/cli/detection-settings.ts';
import { CliError, IncidentActionError } from '../../functions/cli/errors.ts';
import { TimeRangeError } from '../../functions/cli/time-range.ts';
import { DynamoDbHostLedger } from '../../functions/storage/dynamodb-host-ledger.ts';
import { DynamoDbIncidentStore } from '../../functions/storage/dynamodb-incident-store.ts';
import { LocalDataFolderError, openLocalDataFolder } from '../../local/cli-local.ts';
import { UsageError } from './usage-error.ts';

/** How to find the pipeline's tables: a deployed stack, explicit names, or the `npm start` data folder. */
export interface AccessFlags {
  stack?: string;
  region?: string;
  incidentsTable?: string;
  stateTable?: string;
  topicArn?: string;
  endpoint?: string;
  local?: string | boolean;
}

/** What a command reads and writes through, opened for it and closed after it. */
export interface PipelineAccess {
  /** Where the tables were found, in words. */
  readonly where: string;
  readonly incidents: DynamoDbIncidentStore;
  /** Only when asked for (`state`): the host ledger that ack and resolve write through. */
  readonly ledger?: DynamoDbHostLedger;
  /** Only when asked for (`state`): the settings the pipeline's functions run with. */
  readonly settings?: DetectionSettings;
  /** Only when asked for (`alerts`) and a topic is known. */
  readonly notifier?: Notifier;
  /** Who is acting: the caller's AWS identity (ARN), or the local user with --local. */
  caller(): Promise<string>;
  /** The command that shows an incident, as alerts print it. */
  showCommand(id: string): string;
}

/** The options every command that reads the tables takes. */
export function accessOptions(command: Command, needs: { state?: boolean; alerts?: boolean } = {}): Command {
  command
    .option('--stack <name>', 'the deployed stack: its outputs name the tables (and the topic)')
    .option('--region <region>', 'AWS region (default: AWS_REGION or the profile)')
    .option('--incidents-table <name>', 'the incidents table (default: $INCIDENTS_TABLE)');
  if (needs.state) command.option('--state-table <name>', 'the state table (default: $STATE_TABLE)');
  if (needs.alerts)
    command.option('--topic-arn <arn>', 'the alert topic (default: the stack output, $ALERT_TOPIC_ARN)');
  return command
    .option('--endpoint <url>', 'a DynamoDB endpoint other than AWS (e.g. a running DynamoDB Local)')
    .option(
      '--local [dir]',
      'the data folder of `npm start` (default .data/local; starts DynamoDB Local on it)',
    );
}

/**
 * Opens the pipeline as the flags say, runs `use`, closes everything, and turns what a person can fix (credentials,
 * region, names, missing tables, an incident that cannot take the action) into one clear line.
 */
export async function withPipeline<T>(
  flags: AccessFlags,
  needs: { state?: boolean; alerts?: boolean },
  use: (access: PipelineAccess) => Promise<T>,
): Promise<T> {
  if (flags.local && (flags.stack || flags.incidentsTable)) {
    throw new UsageError('--local reads the npm start data folder: leave out --stack and --incidents-table');
  }
  const context: AwsContext = {};
  const closers: (() => Promise<void> | void)[] = [];
  try {
    const access = flags.local
      ? await openLocal(flags, needs, context, closers)
      : await openAws(flags, needs, context, closers);
    return await use(access);
  } catch (error) {
    if (error instanceof LocalDataFolderError || error instanceof IncidentActionError) {
      throw new CliError(error.message, { cause: error });
    }
    if (error instanceof TimeRangeError) throw new UsageError(error.message);
    throw explainAwsError(error, context) ?? error;
  } finally {
    for (const close of closers.reverse()) await close();
  }
}

async function openLocal(
  flags: AccessFlags,
  needs: { state?: boolean; alerts?: boolean },
  context: AwsContext,
  closers: (() => Promise<void> | void)[],
): Promise<PipelineAccess> {
  const dir = typeof flags.local === 'string' ? flags.local : '.data/local';
  context.localDir = dir;
  const folder = await openLocalDataFolder(dir, { alerts: Boolean(needs.alerts) });
  closers.push(() => folder.stop());
  context.table = folder.names.tables.INCIDENTS_TABLE;
  const topicArn = flags.topicArn ?? folder.topicArn;
  return {
    where: `the data folder ${folder.dir}`,
    incidents: new DynamoDbIncidentStore({
      tableName: folder.names.tables.INCIDENTS_TABLE,
      client: folder.clients.dynamo,
    }),
    ...(needs.state
      ? {
          ledger: new DynamoDbHostLedger({
            stateTable: folder.names.tables.STATE_TABLE,
            incidentsTable: folder.names.tables.INCIDENTS_TABLE,
            client: folder.clients.dynamo,
            clock: () => new Date(),
          }),
          // npm start runs the pipeline with the default settings
          settings: detectionSettingsFromEnv({}, 'the local pipeline (defaults)'),
        }
      : {}),
    ...(needs.alerts && topicArn
      ? { notifier: new SnsNotifier({ topicArn, client: folder.clients.sns }) }
      : {}),
    caller: async () => `${userInfo().username}@${hostname()} (local)`,
    showCommand: (id) =>
      `npm run hivewatch -- incidents show ${id} --local${typeof flags.local === 'string' ? ` ${flags.local}` : ''}`,
  };
}

async function openAws(
  flags: AccessFlags,
  needs: { state?: boolean; alerts?: boolean },
  context: AwsContext,
  closers: (() => Promise<void> | void)[],
): Promise<PipelineAccess> {
  const region = flags.region ? { region: flags.region } : {};
  const dynamodb = new DynamoDBClient({ ...region, ...(flags.endpoint ? { endpoint: flags.endpoint } : {}) });
  const documents = DynamoDBDocumentClient.from(dynamodb, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  closers.push(() => documents.destroy());
  context.region = await dynamodb.config.region().catch(() => undefined);
  const stack = flags.stack ? await stackOutputs(flags.stack, region, context, closers) : undefined;
  const incidentsTable = flags.incidentsTable ?? stack?.IncidentsTableName ?? process.env.INCIDENTS_TABLE;
  const stateTable = flags.stateTable ?? stack?.StateTableName ?? process.env.STATE_TABLE;
  const topicArn = flags.topicArn ?? stack?.AlertTopicArn ?? process.env.ALERT_TOPIC_ARN;
  if (!incidentsTable) {
    throw new UsageError(
      'which pipeline? give --stack NAME (the deployed stack), --incidents-table NAME, or --local (the npm start data folder)',
    );
  }
  if (needs.state && !stateTable) {
    throw new UsageError('this command writes the host state too: give --stack NAME, or --state-table NAME');
  }
  context.table = incidentsTable;
  const settings =
    needs.state && flags.stack
      ? await stackSettings(flags.stack, region, closers)
      : detectionSettingsFromEnv(process.env);
  const ledger =
    needs.state && stateTable
      ? new DynamoDbHostLedger({ stateTable, incidentsTable, client: documents, clock: () => new Date() })
      : undefined;
  let notifier: Notifier | undefined;
  if (needs.alerts && topicArn) {
    // publish in the topic's own region, whatever the default region is
    const sns = new SNSClient({
      region: topicArn.split(':')[3] || flags.region || context.region || 'us-east-1',
    });
    closers.push(() => sns.destroy());
    notifier = new SnsNotifier({ topicArn, client: sns });
  }
  const show = flags.stack ? `--stack ${flags.stack}` : `--incidents-table ${incidentsTable}`;
  return {
    where: flags.stack
      ? `stack ${flags.stack}${context.region ? ` (${context.region})` : ''}`
      : `table ${incidentsTable}`,
    incidents: new DynamoDbIncidentStore({ tableName: incidentsTable, client: documents }),
    ...(ledger ? { ledger } : {}),
    ...(needs.state ? { settings } : {}),
    ...(notifier ? { notifier } : {}),
    caller: async () => {
      const sts = new STSClient(region);
      try {
        const identity = await sts.send(new GetCallerIdentityCommand({}));
        if (!identity.Arn) throw new CliError('STS GetCallerIdentity returned no ARN');
        return identity.Arn;
      } finally {
        sts.destroy();
      }
    },
    showCommand: (id) => `npx hivewatch incidents show ${id} ${show}`,
  };
}

/** The stack's outputs by key (lib/hivewatch-stack.ts names them). */
async function stackOutputs(
  name: string,
  region: { region?: string },
  context: AwsContext,
  closers: (() => Promise<void> | void)[],
): Promise<Record<string, string>> {
  context.stack = name;
  const cloudformation = new CloudFormationClient(region);
  closers.push(() => cloudformation.destroy());
  context.region ??= await cloudformation.config.region().catch(() => undefined);
  const described = await cloudformation.send(new DescribeStacksCommand({ StackName: name }));
  const outputs = Object.fromEntries(
    (described.Stacks?.[0]?.Outputs ?? []).flatMap((o) =>
      o.OutputKey && o.OutputValue ? [[o.OutputKey, o.OutputValue]] : [],
    ),
  );
  if (!outputs.IncidentsTableName) {
    throw new CliError(
      `stack ${name} has no IncidentsTableName output: is it a hivewatch stack, deployed completely?`,
    );
  }
  return outputs;
}

/** The detection settings of the stack's functions, from its template. */
async function stackSettings(
  name: string,
  region: { region?: string },
  closers: (() => Promise<void> | void)[],
): Promise<DetectionSettings> {
  const cloudformation = new CloudFormationClient(region);
  closers.push(() => cloudformation.destroy());
  const template = await cloudformation.send(new GetTemplateCommand({ StackName: name }));
  const settings = template.TemplateBody
    ? detectionSettingsFromTemplate(template.TemplateBody, name)
    : undefined;
  if (!settings) {
    throw new CliError(
      `the template of stack ${name} has no function with the detection settings: is it a hivewatch stack?`,
    );
  }
  return settings;
}
