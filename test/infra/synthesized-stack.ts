import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { HivewatchStack } from '../../lib/hivewatch-stack.ts';
import { parseStackSettings } from '../../lib/settings.ts';

/** The feature flags of cdk.json: tests must synthesise what `cdk deploy` would. */
const cdkJsonContext = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')).context;

/**
 * Builds the stack as bin/app.ts does, with the given context settings, without synthesising it. Bundling is
 * skipped (an empty bundling-stacks list): `npm run synth` bundles for real with esbuild; these tests read templates.
 */
export function buildHivewatch(settings: Record<string, unknown> = {}) {
  const app = new App({
    analyticsReporting: false,
    context: { ...cdkJsonContext, 'aws:cdk:bundling-stacks': [] },
  });
  const stack = new HivewatchStack(app, 'Hivewatch', { settings: parseStackSettings(settings) });
  return { app, stack };
}

/** Builds and synthesises the stack (Template.fromStack synthesises the whole app). */
export function synthesizeHivewatch(settings: Record<string, unknown> = {}) {
  const built = buildHivewatch(settings);
  return { ...built, template: Template.fromStack(built.stack) };
}

/**
 * Settings that switch on every optional branch: email, transition, Roles Anywhere, destroy on delete, the
 * CloudWatch agent's Firehose path, a non-default forged-host action.
 */
export const everyOptionSettings = {
  prefix: 'hw-test',
  alertEmail: 'oncall@example.com',
  rawRetentionDays: '365',
  rawTransitionDays: '30',
  removalPolicy: 'destroy',
  shipperIdentity: 'certificate-cn',
  rolesAnywhereTrustAnchorArn:
    'arn:aws:rolesanywhere:eu-west-1:123456789012:trust-anchor/0a1b2c3d-1111-2222-3333-444455556666',
  sweepSchedule: 'cron(0/15 * * * ? *)',
  agentLogGroup: 'hivewatch-windows-events',
  forgedHost: 'reject',
};

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation resources are untyped JSON.
export type CfnResourceJson = { Type: string; Properties: any; DeletionPolicy?: string };

/** The single resource of a type that satisfies the predicate, with its logical id; throws unless exactly one. */
export function theResource(
  template: Template,
  type: string,
  matches: (resource: CfnResourceJson) => boolean = () => true,
): [string, CfnResourceJson] {
  const found = Object.entries(template.findResources(type) as Record<string, CfnResourceJson>).filter(
    ([, r]) => matches(r),
  );
  if (found.length !== 1) throw new Error(`expected exactly one ${type}, found ${found.length}`);
  return found[0] as [string, CfnResourceJson];
}
