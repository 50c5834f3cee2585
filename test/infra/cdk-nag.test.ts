import { Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { buildHivewatch, everyOptionSettings, synthesizeHivewatch } from './synthesized-stack.ts';

interface Finding {
  readonly rule: string;
  readonly path: string;
}

/** Runs the AwsSolutions pack over the synthesised app; `ignoringAcknowledgements` reports what was acknowledged too. */
function awsSolutionsFindings(app: IConstruct, ignoringAcknowledgements = false): Finding[] {
  const pack = new AwsSolutionsChecks();
  if (ignoringAcknowledgements) Object.assign(pack, { isAcknowledged: () => false });
  return pack.validateScope(app).violations.flatMap((violation) =>
    violation.violatingResources.map((resource) => ({
      rule: violation.ruleName,
      path: resource.constructPath ?? '',
    })),
  );
}

/** Every acknowledgement recorded in the tree: the rule, where, and the reason given in the code. */
function acknowledgements(root: IConstruct): { rule: string; path: string; reason: string }[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          rule: id.replace(/^annotation::/i, ''),
          path: construct.node.path,
          reason,
        })),
      ),
  );
}

describe.each([
  ['default settings', {}],
  ['every option set', everyOptionSettings],
])('cdk-nag AwsSolutions with %s', (_name, settings) => {
  const { app } = synthesizeHivewatch(settings);

  it('leaves no unacknowledged finding, errors or warnings', () => {
    expect(awsSolutionsFindings(app)).toEqual([]);
  });

  it('gives every acknowledgement a reason, and each one silences a real finding under its construct', () => {
    const raw = awsSolutionsFindings(app, true);
    const acks = acknowledgements(app);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.reason.length, `${ack.rule} at ${ack.path}`).toBeGreaterThan(30);
      const silenced = raw.filter((f) => f.rule === ack.rule && `${f.path}/`.startsWith(`${ack.path}/`));
      expect(silenced, `stale acknowledgement ${ack.rule} at ${ack.path}`).not.toEqual([]);
    }
  });
});

describe('cdk-nag registered as bin/app.ts registers it', () => {
  const appWithNag = (addUnsafeBucket: boolean) => {
    const { app, stack } = buildHivewatch();
    if (addUnsafeBucket) new Bucket(stack, 'UnsafeBucket');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    return app;
  };

  it('synthesises the stack', () => {
    expect(() => appWithNag(false).synth()).not.toThrow();
  });

  it('stops synthesis on an unacknowledged finding', () => {
    expect(() => appWithNag(true).synth()).toThrow(/AwsSolutions-S10/);
  });
});
