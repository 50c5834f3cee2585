import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Renders a resolved CloudFormation value the way cdk-nag names it in a finding (`<Logical.Arn>/incoming/*`). */
function flatten(value: unknown): string {
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/}/g, '>');
  if (value && typeof value === 'object') {
    const node = value as Record<string, unknown>;
    if (Array.isArray(node['Fn::Join'])) {
      const [delimiter, parts] = node['Fn::Join'] as [string, unknown[]];
      return parts.map(flatten).join(delimiter);
    }
    if (Array.isArray(node['Fn::GetAtt'])) {
      const [resource, attribute] = node['Fn::GetAtt'] as [unknown, unknown];
      return `<${flatten(resource)}.${flatten(attribute)}>`;
    }
    if ('Ref' in node) return `<${flatten(node.Ref)}>`;
  }
  return JSON.stringify(value);
}

/**
 * Acknowledges cdk-nag's IAM5 finding for one wildcard resource ARN on `scope` and its children. Each wildcard is
 * acknowledged by its exact ARN, so a new wildcard added later is still reported.
 */
export function acknowledgeWildcardResource(scope: IConstruct, arn: string, reason: string): void {
  const rendered = flatten(Stack.of(scope).resolve(arn));
  Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[Resource::${rendered}]`, reason });
}
