import type { CfnTemplate } from './cloud-assembly.ts';
import { customResources } from './custom-resources.ts';
import type { DeployedStack } from './deploy-stack.ts';
import type { MotoClients } from './moto-clients.ts';
import { probesFor } from './resource-probes.ts';

export interface ResourceGap {
  readonly logicalId: string;
  readonly type: string;
  readonly detail: string;
}

/** Where the deployment on moto differs from one on AWS, resource by resource. */
export interface MotoFidelity {
  /** In the template, absent from the stack's resources: moto has no CloudFormation support for the type. */
  readonly notCreated: ResourceGap[];
  /** Created only because the test ran their handler (moto runs custom-resource Lambdas in Docker). */
  readonly ranByTest: ResourceGap[];
  /** Created, but a property read back shows moto accepted and ignored it. */
  readonly ignored: ResourceGap[];
  /** Properties read back and found applied. */
  readonly applied: number;
}

export async function motoFidelity(
  aws: MotoClients,
  template: CfnTemplate,
  deployed: DeployedStack,
): Promise<MotoFidelity> {
  const customs = new Set(customResources(template).map(([id]) => id));
  const notCreated: ResourceGap[] = [];
  const ranByTest: ResourceGap[] = [];
  const ignored: ResourceGap[] = [];
  let applied = 0;
  const physicalIdOf = (id: string) => deployed.resources.get(id)?.physicalId;
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const created = deployed.resources.get(logicalId);
    if (!created) {
      notCreated.push({
        logicalId,
        type: resource.Type,
        detail: 'no moto CloudFormation support for the type',
      });
      continue;
    }
    if (customs.has(logicalId)) {
      ranByTest.push({
        logicalId,
        type: resource.Type,
        detail: 'its Lambda needs Docker in moto; the test ran the CDK handler code with Python against moto',
      });
    }
    for (const [property, isApplied] of probesFor(aws, resource, created, physicalIdOf)) {
      if (await isApplied()) applied++;
      else ignored.push({ logicalId, type: resource.Type, detail: property });
    }
  }
  return { notCreated, ranByTest, ignored, applied };
}

/** The report printed by `npm run test:deploy`. */
export function fidelityText(report: MotoFidelity, standIns: string[]): string {
  const lines = (title: string, gaps: ResourceGap[]) => [
    `${title} (${gaps.length}):`,
    ...gaps.map((g) => `  ${g.type.padEnd(34)} ${g.logicalId}  — ${g.detail}`),
  ];
  return [
    ...lines('moto did not create', report.notCreated),
    ...lines('created by running its handler in the test', report.ranByTest),
    ...lines('created, but moto ignored the property (read back)', report.ignored),
    `properties read back and applied: ${report.applied}`,
    `stood in for by the test (${standIns.length}):`,
    ...standIns.map((s) => `  ${s}`),
  ].join('\n');
}
