import type { Template } from 'aws-cdk-lib/assertions';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { everyOptionSettings, synthesizeHivewatch, theResource } from './synthesized-stack.ts';

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, string>>;
}

const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Every Allow statement of every identity policy (inline and managed), with the policy's logical id. */
function allowStatements(template: Template): { policy: string; statement: Statement }[] {
  const policies = {
    ...template.findResources('AWS::IAM::Policy'),
    ...template.findResources('AWS::IAM::ManagedPolicy'),
  };
  return Object.entries(policies).flatMap(([policy, resource]) =>
    (resource.Properties.PolicyDocument.Statement as Statement[])
      .filter((statement) => statement.Effect === 'Allow')
      .map((statement) => ({ policy, statement })),
  );
}

/** A resource ARN as text, references written as <Logical.Attr> and <Logical>. */
function arnText(resource: unknown): string {
  if (typeof resource === 'string') return resource;
  const node = resource as Record<string, [unknown, unknown[]] | [string, string] | string>;
  if (node['Fn::Join']) {
    const [delimiter, parts] = node['Fn::Join'] as [string, unknown[]];
    return parts.map(arnText).join(delimiter);
  }
  if (node['Fn::GetAtt']) return `<${(node['Fn::GetAtt'] as string[]).join('.')}>`;
  if (node.Ref) return `<${node.Ref}>`;
  throw new Error(`unexpected resource ${JSON.stringify(resource)}`);
}

const { template } = synthesizeHivewatch();
const [ingestBucketId] = theResource(
  template,
  'AWS::S3::Bucket',
  (b) => b.Properties.VersioningConfiguration,
);
const [shipperPolicyId, shipperPolicy] = theResource(template, 'AWS::IAM::ManagedPolicy');

describe('identity policies', () => {
  it('never name "*" as a resource: every statement is scoped to the ARNs it needs', () => {
    const statements = allowStatements(template);
    expect(statements.length).toBeGreaterThan(5);
    for (const { policy, statement } of statements) {
      for (const resource of list(statement.Resource)) expect(resource, policy).not.toBe('*');
    }
  });

  it('use wildcards only for object names under incoming/ and the documented KMS action', () => {
    for (const { statement } of allowStatements(template)) {
      for (const action of list(statement.Action).filter((a) => a.includes('*'))) {
        expect(action).toBe('kms:GenerateDataKey*');
      }
      for (const resource of list(statement.Resource)
        .map(arnText)
        .filter((r) => r.includes('*'))) {
        expect([
          `<${ingestBucketId}.Arn>/incoming/*`,
          `<${ingestBucketId}.Arn>/incoming/\${aws:PrincipalTag/hivewatch-host}/*`,
        ]).toContain(resource);
      }
    }
  });

  it('let the functions read raw objects but never write, delete or list them', () => {
    const s3Actions = allowStatements(template)
      .filter(({ policy }) => policy !== shipperPolicyId)
      .flatMap(({ statement }) => list(statement.Action))
      .filter((action) => action.startsWith('s3:') && action !== 's3:PutBucketNotification');
    expect(s3Actions).toEqual(['s3:GetObject']);
  });

  it('grant table access on the tables and their named indexes only', () => {
    for (const { statement } of allowStatements(template)) {
      if (!list(statement.Action).some((a) => a.startsWith('dynamodb:'))) continue;
      for (const resource of list(statement.Resource).map(arnText)) {
        expect(resource).toMatch(/^<StorageTables\w+Table\w+\.Arn>(\/index\/(byStatus|byHost|byShipper))?$/);
      }
    }
  });
});

describe('the shipper policy', () => {
  const [statement, ...others] = shipperPolicy.Properties.PolicyDocument.Statement as Statement[];

  it('allows s3:PutObject alone: no reads, no listing, no deletes, no ACLs', () => {
    expect(others).toEqual([]);
    expect(statement?.Effect).toBe('Allow');
    expect(statement?.Action).toBe('s3:PutObject');
  });

  it("is limited to incoming/<the caller's hivewatch-host tag>/ and requires the tag", () => {
    expect(statement?.Resource).toEqual({
      'Fn::Join': [
        '',
        [{ 'Fn::GetAtt': [ingestBucketId, 'Arn'] }, `/incoming/\${aws:PrincipalTag/hivewatch-host}/*`],
      ],
    });
    expect(statement?.Condition).toEqual({ Null: { 'aws:PrincipalTag/hivewatch-host': 'false' } });
  });

  it('uses the certificate CN from IAM Roles Anywhere when the operator chose certificate-cn', () => {
    const custom = synthesizeHivewatch(everyOptionSettings).template;
    const [, policy] = theResource(custom, 'AWS::IAM::ManagedPolicy');
    const [only] = policy.Properties.PolicyDocument.Statement as Statement[];
    expect(JSON.stringify(only?.Resource)).toContain(`/incoming/\${aws:PrincipalTag/x509Subject/CN}/*`);
    expect(only?.Action).toBe('s3:PutObject');
    const [, role] = theResource(custom, 'AWS::IAM::Role', (r) =>
      JSON.stringify(r).includes('rolesanywhere'),
    );
    const actions = role.Properties.AssumeRolePolicyDocument.Statement.flatMap((s: Statement) =>
      list(s.Action),
    );
    expect(actions.sort()).toEqual(['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession']);
    for (const s of role.Properties.AssumeRolePolicyDocument.Statement) {
      expect(s.Condition).toEqual({
        ArnEquals: { 'aws:SourceArn': everyOptionSettings.rolesAnywhereTrustAnchorArn },
      });
    }
  });

  it('comes with an example EC2 role tagged with its host and an instance profile', () => {
    const [roleId, role] = theResource(template, 'AWS::IAM::Role', (r) =>
      JSON.stringify(r).includes('ec2.amazonaws'),
    );
    expect(role.Properties.Tags).toContainEqual({ Key: 'hivewatch-host', Value: 'example-host' });
    expect(role.Properties.ManagedPolicyArns).toEqual([{ Ref: shipperPolicyId }]);
    template.hasResourceProperties('AWS::IAM::InstanceProfile', { Roles: [{ Ref: roleId }] });
  });

  it('matches only keys under the caller’s own prefix, for every pair of hosts (IAM wildcard semantics)', () => {
    // The text after the bucket ARN: /incoming/${aws:PrincipalTag/hivewatch-host}/*
    const pattern = arnText(statement?.Resource).replace(`<${ingestBucketId}.Arn>`, '');
    // IAM ARN matching: * is any run of characters (slashes included), everything else is literal.
    const allows = (host: string, key: string) => {
      const literal = pattern
        .replace(`\${aws:PrincipalTag/hivewatch-host}`, host)
        .replace(/[.+?^${}()|[\]\\]/g, '\\$&');
      return new RegExp(`^${literal.replace(/\*/g, '.*')}$`, 's').test(`/${key}`);
    };
    const host = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/);
    fc.assert(
      fc.property(host, host, fc.string({ minLength: 1 }), (own, other, rest) => {
        expect(allows(own, `incoming/${own}/${rest}`)).toBe(true);
        if (other !== own) expect(allows(own, `incoming/${other}/${rest}`)).toBe(false);
        expect(allows(own, `${own}/${rest}`)).toBe(false);
        expect(allows(own, `incoming/${own}`)).toBe(false);
      }),
    );
  });
});
