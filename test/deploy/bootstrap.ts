import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { type CfnTemplate, repositoryRoot, type SynthesizedStack } from './cloud-assembly.ts';
import { resolveIntrinsics } from './intrinsics.ts';
import { jsonCall } from './moto-call.ts';
import type { MotoClients } from './moto-clients.ts';
import { waitForStack } from './stack-status.ts';
import { zipDirectory } from './zip.ts';

export interface BootstrapEnvironment {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  /** The asset bucket the CDKToolkit stack created. */
  readonly assetBucket: string;
  /** The version the CDKToolkit stack wrote to its SSM parameter. */
  readonly version: number;
}

/**
 * `cdk bootstrap`, on moto: the bootstrap template of the project's own CDK CLI (cdkBootstrapTemplate) deployed as
 * the CDKToolkit stack. It creates what the synthesized stack expects to find: the asset bucket
 * `cdk-<qualifier>-assets-<account>-<region>` and the SSM parameter holding the bootstrap version.
 */
export async function bootstrap(aws: MotoClients, template: string): Promise<BootstrapEnvironment> {
  await aws.cloudFormation.send(
    new CreateStackCommand({
      StackName: 'CDKToolkit',
      TemplateBody: template,
      Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'],
    }),
  );
  const stack = await waitForStack(aws.cloudFormation, 'CDKToolkit', 30_000);
  const output = (key: string) => {
    const value = stack.Outputs?.find((o) => o.OutputKey === key)?.OutputValue;
    if (!value) throw new Error(`CDKToolkit has no ${key} output`);
    return value;
  };
  const identity = await aws.sts.send(new GetCallerIdentityCommand({}));
  return {
    account: identity.Account ?? '',
    region: aws.target.region,
    partition: identity.Arn?.split(':')[1] ?? 'aws',
    assetBucket: output('BucketName'),
    version: Number(output('BootstrapVersion')),
  };
}

/** The template `cdk bootstrap` deploys, as the project's CDK CLI prints it. */
export function cdkBootstrapTemplate(): Promise<string> {
  const cdk = join(repositoryRoot, 'node_modules', '.bin', 'cdk');
  return new Promise((done, fail) => {
    const child = spawn(cdk, ['bootstrap', '--show-template'], { cwd: repositoryRoot });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('error', fail);
    child.once('exit', (code) =>
      code === 0 ? done(out) : fail(new Error(`cdk bootstrap --show-template exited ${code}: ${err}`)),
    );
  });
}

/**
 * The two checks a real deploy makes on the bootstrap version: the CLI's (the SSM parameter the assembly names holds
 * at least the version it requires) and CloudFormation's (the template's Rules, which moto does not evaluate).
 * Returns the failed assertions' descriptions; none when the stack may deploy.
 */
export async function bootstrapVersionProblems(
  aws: MotoClients,
  stack: SynthesizedStack,
): Promise<{ ssmVersion: number; problems: string[] }> {
  const parameter = await jsonCall<{ Parameter: { Value: string } }>(
    aws.target,
    'ssm',
    'AmazonSSM.GetParameter',
    {
      Name: stack.properties.bootstrapStackVersionSsmParameter,
    },
  );
  const ssmVersion = Number(parameter.Parameter.Value);
  const problems: string[] = [];
  if (!(ssmVersion >= stack.properties.requiresBootstrapStackVersion)) {
    problems.push(
      `bootstrap version ${ssmVersion} < ${stack.properties.requiresBootstrapStackVersion} (CLI check)`,
    );
  }
  problems.push(...(await failedRules(stack.template, { BootstrapVersion: String(ssmVersion) })));
  return { ssmVersion, problems };
}

async function failedRules(template: CfnTemplate, parameters: Record<string, string>): Promise<string[]> {
  const failed: string[] = [];
  for (const [name, rule] of Object.entries(template.Rules ?? {})) {
    for (const assertion of rule.Assertions) {
      const holds = await resolveIntrinsics(assertion.Assert, {
        pseudo: parameters,
        ref: (id) => {
          throw new Error(`rule ${name} refers to ${id}, which is not a parameter`);
        },
        getAtt: () => Promise.reject(new Error(`rule ${name} uses Fn::GetAtt`)),
      });
      if (holds !== 'true')
        failed.push(`${name}: ${assertion.AssertDescription ?? JSON.stringify(assertion)}`);
    }
  }
  return failed;
}

/**
 * Publishes the file assets as the CDK CLI does: each `zip` source directory zipped, each `file` as is, to the
 * bucket and key its destination names (placeholders filled in for this account and region). Returns the bodies
 * by object key, so the test can compare what the functions were deployed with.
 */
export async function publishAssets(
  aws: MotoClients,
  stack: SynthesizedStack,
  environment: BootstrapEnvironment,
): Promise<Map<string, Buffer>> {
  const published = new Map<string, Buffer>();
  for (const [id, asset] of Object.entries(stack.assets.files)) {
    const source = join(stack.dir, asset.source.path);
    const body = asset.source.packaging === 'zip' ? zipDirectory(source) : readFileSync(source);
    for (const destination of Object.values(asset.destinations)) {
      const bucket = placeholders(destination.bucketName, environment);
      if (bucket !== environment.assetBucket) {
        throw new Error(
          `asset ${id} goes to ${bucket}, but the bootstrap bucket is ${environment.assetBucket}`,
        );
      }
      const key = placeholders(destination.objectKey, environment);
      await aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
      published.set(key, body);
    }
  }
  return published;
}

/** The `${AWS::AccountId}`, `${AWS::Region}` and `${AWS::Partition}` placeholders of the asset manifest. */
export function placeholders(text: string, environment: BootstrapEnvironment): string {
  const values: Record<string, string> = {
    AccountId: environment.account,
    Region: environment.region,
    Partition: environment.partition,
  };
  return text.replace(/\$\{AWS::(AccountId|Region|Partition)\}/g, (_, name: string) => values[name] ?? '');
}
