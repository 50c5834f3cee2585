import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { CfnResource, CfnTemplate } from './cloud-assembly.ts';
import { type IntrinsicContext, resolveIntrinsics } from './intrinsics.ts';
import { restCall } from './moto-call.ts';
import type { MotoClients } from './moto-clients.ts';

export interface DeployedResource {
  readonly logicalId: string;
  readonly type: string;
  readonly physicalId: string;
}

export interface StackIdentity {
  readonly stackId: string;
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  readonly partition: string;
}

/** The custom resources of a template (CDK's `Custom::…` and the plain CloudFormation type). */
export function customResources(template: CfnTemplate): [string, CfnResource][] {
  return Object.entries(template.Resources).filter(
    ([, r]) => r.Type.startsWith('Custom::') || r.Type === 'AWS::CloudFormation::CustomResource',
  );
}

/**
 * Runs a custom resource's own handler where moto cannot: moto invokes a custom resource's Lambda in Docker, and
 * without Docker the stack waits forever. Only CDK's inline Python handlers are run (BucketNotificationsHandler):
 * the handler code from the template, with the Create event CloudFormation would send (properties resolved against
 * the deployed stack, every scalar a string), against moto. The handler itself answers moto's response URL, which
 * is what completes the stack. Returns what the handler printed.
 */
export async function runCustomResource(
  aws: MotoClients,
  python: string,
  template: CfnTemplate,
  logicalId: string,
  stack: StackIdentity,
  deployed: Map<string, DeployedResource>,
): Promise<string> {
  const resource = template.Resources[logicalId];
  if (!resource) throw new Error(`no resource ${logicalId}`);
  const [functionId, attribute] = resource.Properties?.ServiceToken?.['Fn::GetAtt'] ?? [];
  const provider = template.Resources[functionId];
  const code = provider?.Properties?.Code?.ZipFile;
  if (attribute !== 'Arn' || typeof code !== 'string' || !/^python3/.test(provider?.Properties?.Runtime)) {
    throw new Error(
      `${logicalId}: its provider is not an inline Python Lambda; the deploy test cannot run it`,
    );
  }
  if (provider?.Properties?.Handler !== 'index.handler') throw new Error(`${logicalId}: unexpected handler`);
  const context = intrinsicContext(aws, stack, deployed);
  const event = {
    RequestType: 'Create',
    ServiceToken: await context.getAtt(functionId, 'Arn'),
    ResponseURL: `${aws.target.endpoint}/cloudformation_${stack.region}/cfnresponse?stack=${encodeURIComponent(stack.stackId)}`,
    StackId: stack.stackId,
    RequestId: `deploy-test-${logicalId}`,
    LogicalResourceId: logicalId,
    ResourceType: resource.Type,
    ResourceProperties: await resolveIntrinsics(resource.Properties, context),
  };
  return runPythonHandler(python, code, event, aws);
}

function intrinsicContext(
  aws: MotoClients,
  stack: StackIdentity,
  deployed: Map<string, DeployedResource>,
): IntrinsicContext {
  const find = (id: string) => {
    const found = deployed.get(id);
    if (!found) throw new Error(`${id} was not created by moto; the custom resource needs it`);
    return found;
  };
  return {
    pseudo: {
      'AWS::AccountId': stack.account,
      'AWS::Region': stack.region,
      'AWS::Partition': stack.partition,
      'AWS::StackName': stack.stackName,
      'AWS::StackId': stack.stackId,
      'AWS::URLSuffix': 'amazonaws.com',
    },
    ref: (id) => find(id).physicalId,
    getAtt: async (id, attribute) => {
      const { type, physicalId } = find(id);
      if (attribute !== 'Arn')
        throw new Error(`Fn::GetAtt ${id}.${attribute} is not resolved by the deploy test`);
      if (type === 'AWS::SQS::Queue') {
        const found = await aws.sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: physicalId, AttributeNames: ['QueueArn'] }),
        );
        return found.Attributes?.QueueArn ?? '';
      }
      if (type === 'AWS::Lambda::Function') {
        const fn = await restCall<{ FunctionArn: string }>(
          aws.target,
          'lambda',
          'GET',
          `/2015-03-31/functions/${encodeURIComponent(physicalId)}/configuration`,
        );
        return fn.FunctionArn;
      }
      if (type === 'AWS::S3::Bucket') return `arn:${stack.partition}:s3:::${physicalId}`;
      throw new Error(`Fn::GetAtt ${id}.Arn of a ${type} is not resolved by the deploy test`);
    },
  };
}

const RUN_HANDLER = `
import importlib.util, json, sys, types
spec = importlib.util.spec_from_file_location('index', sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
module.handler(json.load(sys.stdin), types.SimpleNamespace(log_stream_name='hivewatch-deploy-test'))
`;

async function runPythonHandler(
  python: string,
  code: string,
  event: unknown,
  aws: MotoClients,
): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'hivewatch-custom-resource-'));
  try {
    writeFileSync(join(dir, 'index.py'), code);
    return await new Promise<string>((done, fail) => {
      const child = spawn(python, ['-c', RUN_HANDLER, join(dir, 'index.py')], {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? dir,
          // boto3 reads the endpoint from here (botocore ≥ 1.31): every call the handler makes goes to moto.
          AWS_ENDPOINT_URL: aws.target.endpoint,
          AWS_ACCESS_KEY_ID: 'testing',
          AWS_SECRET_ACCESS_KEY: 'testing',
          AWS_DEFAULT_REGION: aws.target.region,
          AWS_REGION: aws.target.region,
        },
        stdio: ['pipe', 'pipe', 'pipe'],
        timeout: 60_000,
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('error', fail);
      child.once('exit', (code) =>
        code === 0 ? done(output) : fail(new Error(`custom resource handler exited ${code}:\n${output}`)),
      );
      child.stdin.end(JSON.stringify(event));
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
