import { CreateStackCommand, ListStackResourcesCommand, type Stack } from '@aws-sdk/client-cloudformation';
import { type BootstrapEnvironment, placeholders } from './bootstrap.ts';
import type { SynthesizedStack } from './cloud-assembly.ts';
import {
  customResources,
  type DeployedResource,
  runCustomResource,
  type StackIdentity,
} from './custom-resources.ts';
import type { MotoClients } from './moto-clients.ts';
import { waitForStack } from './stack-status.ts';

export interface DeployedStack {
  readonly identity: StackIdentity;
  readonly stack: Stack;
  /** What moto lists as created, by logical id. */
  readonly resources: Map<string, DeployedResource>;
  readonly outputs: Record<string, string>;
  /** Custom resources whose handler the test ran because moto could not (it needs Docker). */
  readonly customResourcesRun: string[];
}

/** How long moto may take to create the stack once every custom resource has answered. */
const CREATE_WITHIN_MS = 60_000;

/**
 * `cdk deploy` without the CLI: CreateStack from the template the assets put in the bootstrap bucket (the CLI does
 * the same for templates over CloudFormation's 51,200-byte inline limit), then the custom resources moto cannot run.
 */
export async function deployStack(
  aws: MotoClients,
  python: string,
  synthesized: SynthesizedStack,
  environment: BootstrapEnvironment,
): Promise<DeployedStack> {
  const { stackName } = synthesized.properties;
  const [bucket, ...key] = placeholders(synthesized.properties.stackTemplateAssetObjectUrl, environment)
    .slice('s3://'.length)
    .split('/');
  const created = await aws.cloudFormation.send(
    new CreateStackCommand({
      StackName: stackName,
      TemplateURL: `https://s3.${environment.region}.amazonaws.com/${bucket}/${key.join('/')}`,
      Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'],
    }),
  );
  const identity: StackIdentity = {
    stackId: created.StackId ?? '',
    stackName,
    account: environment.account,
    region: environment.region,
    partition: environment.partition,
  };
  const customResourcesRun: string[] = [];
  for (const [logicalId] of customResources(synthesized.template)) {
    await runCustomResource(
      aws,
      python,
      synthesized.template,
      logicalId,
      identity,
      await listResources(aws, stackName),
    );
    customResourcesRun.push(logicalId);
  }
  const stack = await waitForStack(aws.cloudFormation, stackName, CREATE_WITHIN_MS);
  const outputs = Object.fromEntries(
    (stack.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']),
  );
  return { identity, stack, resources: await listResources(aws, stackName), outputs, customResourcesRun };
}

/** The stack's resources as moto lists them; those moto did not create come without a logical id and are left out. */
async function listResources(aws: MotoClients, stackName: string): Promise<Map<string, DeployedResource>> {
  const resources = new Map<string, DeployedResource>();
  let next: string | undefined;
  do {
    const page = await aws.cloudFormation.send(
      new ListStackResourcesCommand({ StackName: stackName, ...(next ? { NextToken: next } : {}) }),
    );
    for (const summary of page.StackResourceSummaries ?? []) {
      if (!summary.LogicalResourceId || summary.ResourceStatus !== 'CREATE_COMPLETE') continue;
      resources.set(summary.LogicalResourceId, {
        logicalId: summary.LogicalResourceId,
        type: summary.ResourceType ?? '',
        physicalId: summary.PhysicalResourceId ?? '',
      });
    }
    next = page.NextToken;
  } while (next);
  return resources;
}
