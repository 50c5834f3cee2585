import { fileURLToPath } from 'node:url';
import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { PipelineTable } from './tables.ts';

export type TableAccess = 'read' | 'write' | 'readWrite';

// Item-level actions only (transactions are authorised per item); no Scan, no table administration.
const READ = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
const WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
const TABLE_ACTIONS: Record<TableAccess, string[]> = {
  read: READ,
  write: WRITE,
  readWrite: [...READ, ...WRITE],
};

/** EMF namespace of the pipeline's metrics (ReaderErrors, AlertsSent, ...). */
export const METRICS_NAMESPACE = 'hivewatch';
/**
 * Powertools' `service`: the one dimension of every metric, so alarms must name it. The same for both functions
 * (the functions' runtime also names it 'hivewatch'); the function name tells their logs apart.
 */
export const METRICS_SERVICE = 'hivewatch';

export interface PipelineFunctionProps {
  /** Handler file relative to the repository root, e.g. `functions/ingest/handler.ts`. */
  readonly entry: string;
  readonly functionName: string;
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  readonly environment: Record<string, string>;
}

const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * Every hivewatch function: Node 24 on arm64, ESM bundled by the local esbuild (never Docker), its own log group
 * with retention, and its own role that can write only to that log group until a `bind…` call grants more.
 */
/**
 * Node flags of every function: source maps for stack traces, and a small young generation. Decoding a failure storm
 * allocates fast; V8's default semi-space lets the young generation grow to some 100 MB before it collects, which
 * put the ingest function at ~320 MB RSS in `npm run bench:storm`, ~210 MB with 8 MB, at the same speed.
 */
export const FUNCTION_NODE_OPTIONS = '--enable-source-maps --max-semi-space-size=8';

export class PipelineFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    // Our own role instead of the default: AWSLambdaBasicExecutionRole would allow every log group in the account.
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    this.logGroup.grantWrite(role);
    this.fn = new NodejsFunction(this, 'Function', {
      entry: `${repositoryRoot}${props.entry}`,
      projectRoot: repositoryRoot,
      depsLockFilePath: `${repositoryRoot}package-lock.json`,
      handler: 'handler',
      functionName: props.functionName,
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      // Graviton: the reader is plain JavaScript, and arm64 costs 20% less per GB-second.
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      environment: {
        POWERTOOLS_SERVICE_NAME: METRICS_SERVICE,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        NODE_OPTIONS: FUNCTION_NODE_OPTIONS,
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        // Bundle the AWS SDK too: the function runs the exact versions the tests ran, not the runtime's copy.
        externalModules: [],
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // CommonJS dependencies inside an ESM bundle still call require().
        banner:
          "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
    });
  }

  /** Grants the access and sets the variable that names the table, in one call so the two cannot drift. */
  bindTable(binding: { table: PipelineTable; access: TableAccess }): void {
    this.fn.addEnvironment(binding.table.variable, binding.table.table.tableName);
    this.fn.addToRolePolicy(
      new PolicyStatement({ actions: TABLE_ACTIONS[binding.access], resources: binding.table.resourceArns }),
    );
  }

  /** Lets the function publish alerts to the (KMS-encrypted) topic and tells it where. */
  bindAlertTopic(topic: ITopic): void {
    this.fn.addEnvironment('ALERT_TOPIC_ARN', topic.topicArn);
    this.fn.addToRolePolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }));
    if (topic.masterKey) {
      this.fn.addToRolePolicy(
        // What SNS documents for publishers to a topic with SSE: encrypt the message under the topic's key.
        new PolicyStatement({
          actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          resources: [topic.masterKey.keyArn],
        }),
      );
    }
  }
}
