/**
 * SECURITY.md, "Who can do what": every grant in the synthesized stack, identity policies and resource policies,
 * written out per principal. A grant added, widened or removed fails here until SECURITY.md's table and this
 * list agree again. Resources are named by their role in the stack (ingest-bucket, incidents-table, …), not by
 * logical ids; index grants follow table-schema.ts, so the tables' indexes may change without touching this list.
 */
import { describe, expect, it } from 'vitest';
import { IncidentsTableSchema, IngestTableSchema } from '../../functions/storage/table-schema.ts';
import { type CfnResourceJson, everyOptionSettings, synthesizeHivewatch } from './synthesized-stack.ts';

type Resources = Record<string, CfnResourceJson>;
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource?: unknown;
  Principal?: unknown;
  Condition?: unknown;
}
const list = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** The stack's resources by what they are to hivewatch. */
function namesOf(resources: Resources): Map<string, string> {
  const names = new Map<string, string>();
  const entries = Object.entries(resources);
  const fnNamed = (suffix: string) =>
    entries.find(
      ([, r]) => r.Type === 'AWS::Lambda::Function' && String(r.Properties.FunctionName).endsWith(suffix),
    );
  for (const [id, r] of entries) {
    const p = r.Properties ?? {};
    if (r.Type === 'AWS::S3::Bucket')
      names.set(id, p.VersioningConfiguration ? 'ingest-bucket' : 'access-log-bucket');
    if (r.Type === 'AWS::SQS::Queue')
      names.set(id, p.RedrivePolicy ? 'notification-queue' : 'dead-letter-queue');
    if (r.Type === 'AWS::SNS::Topic') names.set(id, 'alert-topic');
    if (r.Type === 'AWS::KMS::Key') names.set(id, 'alert-key');
    if (r.Type === 'AWS::KinesisFirehose::DeliveryStream') {
      names.set(id, 'firehose-stream');
      const logging = p.ExtendedS3DestinationConfiguration.CloudWatchLoggingOptions;
      names.set(logging.LogGroupName.Ref, 'firehose-error-logs');
      names.set(logging.LogStreamName.Ref, 'firehose-error-stream');
      names.set(p.ExtendedS3DestinationConfiguration.RoleARN['Fn::GetAtt'][0], 'firehose-delivery-role');
    }
    if (r.Type === 'AWS::Logs::SubscriptionFilter')
      names.set(p.RoleArn['Fn::GetAtt'][0], 'log-subscription-role');
    if (r.Type === 'AWS::IAM::ManagedPolicy') names.set(id, 'shipper-policy');
    if (
      r.Type === 'AWS::IAM::Role' &&
      JSON.stringify(p.AssumeRolePolicyDocument).match(/ec2|rolesanywhere/)
    ) {
      names.set(id, 'shipper-example-role');
    }
    if (r.Type === 'AWS::Events::Rule') names.set(id, 'sweep-schedule');
  }
  for (const name of ['ingest', 'sweeper'] as const) {
    const [id, r] = fnNamed(`-${name}`) ?? [];
    if (!id || !r) continue;
    names.set(id, `${name}-function`);
    names.set(r.Properties.Role['Fn::GetAtt'][0], `${name}-role`);
    names.set(r.Properties.LoggingConfig.LogGroup.Ref, `${name}-logs`);
    if (name === 'ingest') {
      for (const [variable, value] of Object.entries(r.Properties.Environment.Variables)) {
        const ref = (value as { Ref?: string }).Ref;
        if (ref && variable.endsWith('_TABLE'))
          names.set(ref, `${variable.replace('_TABLE', '').toLowerCase()}-table`);
      }
    }
  }
  for (const [id, r] of entries) {
    if (r.Type !== 'AWS::Lambda::Function') continue;
    const helper = id.startsWith('BucketNotificationsHandler')
      ? 'bucket-notifications-helper'
      : id.startsWith('CustomS3AutoDeleteObjects')
        ? 'auto-delete-helper'
        : undefined;
    if (helper) names.set(r.Properties.Role['Fn::GetAtt'][0], `${helper}-role`);
  }
  return names;
}

/** A policy value as text: references become the resources' names, pseudo parameters stay symbolic. */
function text(value: unknown, names: Map<string, string>): string {
  if (typeof value === 'string') return value.replace(/\$\{AWS::Partition\}/g, 'aws');
  if (typeof value !== 'object' || value === null) return String(value);
  if (Array.isArray(value)) return value.map((v) => text(v, names)).join(' + ');
  const node = value as Record<string, unknown>;
  const name = (id: string) => names.get(id) ?? `<${id}>`;
  if ('Ref' in node) {
    const id = String(node.Ref);
    return id === 'AWS::Partition' ? 'aws' : id.startsWith('AWS::') ? `<${id.slice(5)}>` : name(id);
  }
  if ('Fn::GetAtt' in node) return name(String((node['Fn::GetAtt'] as string[])[0]));
  if ('Fn::Join' in node) {
    const [delimiter, parts] = node['Fn::Join'] as [string, unknown[]];
    return parts.map((p) => text(p, names)).join(delimiter);
  }
  if ('Fn::Sub' in node) return text(node['Fn::Sub'], names);
  return JSON.stringify(
    Object.fromEntries(Object.entries(node).map(([k, v]) => [k, typeof v === 'object' ? text(v, names) : v])),
  );
}

/** `StringEquals aws:SourceAccount=<AccountId>`, one clause per key, joined with "and". */
function conditionText(condition: unknown, names: Map<string, string>): string {
  return Object.entries(condition as Record<string, Record<string, unknown>>)
    .flatMap(([operator, keys]) =>
      Object.entries(keys).map(([key, v]) => `${operator} ${key}=${text(v, names)}`),
    )
    .join(' and ');
}

function principalText(principal: unknown, names: Map<string, string>): string {
  if (principal === '*') return 'anyone';
  const [kind, value] = Object.entries(principal as Record<string, unknown>)[0] ?? [];
  if (kind === 'Service') return `service ${value}`;
  return value === '*' ? 'anyone' : text(value, names);
}

function line(statement: Statement, names: Map<string, string>, withPrincipal: boolean): string {
  const who = withPrincipal ? `${principalText(statement.Principal, names)}: ` : '';
  const what = list(statement.Action).sort().join(', ');
  const where = list(statement.Resource)
    .map((r) => text(r, names))
    .sort()
    .join(' + ');
  const when = statement.Condition ? ` when ${conditionText(statement.Condition, names)}` : '';
  return `${statement.Effect} ${who}${what} on ${where}${when}`;
}

/**
 * Every policy document of the stack: identity policies with the role (or managed policy) they give to, resource
 * policies with the resource they guard (the principal is then in each statement).
 */
interface PolicyDocument {
  holder?: string;
  guards?: string;
  statements: Statement[];
}

function policyDocuments(resources: Resources, names: Map<string, string>): PolicyDocument[] {
  const name = (id: string) => names.get(id) ?? `<${id}>`;
  return Object.entries(resources).flatMap(([id, r]): PolicyDocument[] => {
    const p = r.Properties ?? {};
    const statements = (r.Type === 'AWS::KMS::Key' ? p.KeyPolicy : p.PolicyDocument)
      ?.Statement as Statement[];
    switch (r.Type) {
      case 'AWS::IAM::Policy':
        return (p.Roles as { Ref: string }[]).map((role) => ({ holder: name(role.Ref), statements }));
      case 'AWS::IAM::ManagedPolicy':
        return [{ holder: name(id), statements }];
      case 'AWS::S3::BucketPolicy':
        return [{ guards: text(p.Bucket, names), statements }];
      case 'AWS::SQS::QueuePolicy':
        return (p.Queues as unknown[]).map((q) => ({ guards: text(q, names), statements }));
      case 'AWS::SNS::TopicPolicy':
        return (p.Topics as unknown[]).map((t) => ({ guards: text(t, names), statements }));
      case 'AWS::KMS::Key':
        return [{ guards: name(id), statements }];
      default:
        return [];
    }
  });
}

/** What each role (and the shipper policy) is allowed, by identity policy: inline, managed, AWS managed. */
function identityGrants(resources: Resources, names: Map<string, string>): Record<string, string[]> {
  const grants: Record<string, string[]> = {};
  const add = (who: string, lines: string[]) => {
    grants[who] = [...(grants[who] ?? []), ...lines].sort();
  };
  for (const { holder, statements } of policyDocuments(resources, names)) {
    if (holder)
      add(
        holder,
        statements.map((s) => line(s, names, false)),
      );
  }
  for (const [id, r] of Object.entries(resources)) {
    if (r.Type !== 'AWS::IAM::Role') continue;
    const attached = list(r.Properties.ManagedPolicyArns).map((arn) => `managed policy ${text(arn, names)}`);
    if (attached.length > 0) add(names.get(id) ?? `<${id}>`, attached);
  }
  return grants;
}

/** The statements of the resource policies (buckets, queues, topic, key), by the resource they guard. */
function resourceGrants(resources: Resources, names: Map<string, string>): Record<string, string[]> {
  const grants: Record<string, string[]> = {};
  for (const { guards, statements } of policyDocuments(resources, names)) {
    if (guards) grants[guards] = statements.map((s) => line(s, names, true)).sort();
  }
  return grants;
}

/** Every Allow of every policy document as [who, action, resources], one action at a time. */
function allows(resources: Resources): [string, string, string][] {
  const names = namesOf(resources);
  return policyDocuments(resources, names).flatMap(({ holder, statements }) =>
    statements
      .filter((s) => s.Effect === 'Allow')
      .flatMap((s) =>
        list(s.Action).map((action): [string, string, string] => [
          holder ?? principalText(s.Principal, names),
          action,
          list(s.Resource)
            .map((r) => text(r, names))
            .sort()
            .join(' + '),
        ]),
      ),
  );
}

const DYNAMODB_READ = 'dynamodb:BatchGetItem, dynamodb:ConditionCheckItem, dynamodb:GetItem, dynamodb:Query';
const DYNAMODB_READ_WRITE =
  'dynamodb:BatchGetItem, dynamodb:BatchWriteItem, dynamodb:ConditionCheckItem, dynamodb:DeleteItem, dynamodb:GetItem, dynamodb:PutItem, dynamodb:Query, dynamodb:UpdateItem';
const incidentIndexes = IncidentsTableSchema.indexes.map((i) => `incidents-table/index/${i.indexName}`);

const incidentTables = ['incidents-table', ...incidentIndexes].sort().join(' + ');
const ingestIndexes = IngestTableSchema.indexes.map((i) => `ingest-table/index/${i.indexName}`);
const ingestTables = ['ingest-table', ...ingestIndexes].sort().join(' + ');
const allTables = ['incidents-table', ...incidentIndexes, 'ingest-table', ...ingestIndexes, 'state-table']
  .sort()
  .join(' + ');
const BASIC_EXECUTION = 'managed policy arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
const TLS_ONLY = (name: string, service: 's3' | 'sqs') =>
  service === 's3'
    ? [
        `Deny anyone: s3:* on ${name} + ${name}/* when Bool aws:SecureTransport=false`,
        `Deny anyone: s3:* on ${name} + ${name}/* when NumericLessThan s3:TlsVersion=1.2`,
      ]
    : [`Deny anyone: sqs:* on ${name} when Bool aws:SecureTransport=false`];

const defaults = synthesizeHivewatch().template.toJSON().Resources as Resources;
const everyOption = synthesizeHivewatch(everyOptionSettings).template.toJSON().Resources as Resources;

describe('who can do what, by identity policy', () => {
  it('default settings: each function its own tables, topic, key, log group and queue; shippers PutObject under their own prefix', () => {
    expect(identityGrants(defaults, namesOf(defaults))).toEqual({
      'ingest-role': [
        `Allow ${DYNAMODB_READ_WRITE} on ${allTables}`,
        'Allow kms:Decrypt, kms:GenerateDataKey* on alert-key',
        'Allow logs:CreateLogStream, logs:PutLogEvents on ingest-logs',
        'Allow s3:GetObject on ingest-bucket/incoming/*',
        'Allow sns:Publish on alert-topic',
        'Allow sqs:ChangeMessageVisibility, sqs:DeleteMessage, sqs:GetQueueAttributes, sqs:GetQueueUrl, sqs:ReceiveMessage on notification-queue',
      ],
      'sweeper-role': [
        `Allow ${DYNAMODB_READ_WRITE} on ${incidentTables} + state-table`,
        `Allow ${DYNAMODB_READ} on ${ingestTables}`,
        'Allow kms:Decrypt, kms:GenerateDataKey* on alert-key',
        'Allow logs:CreateLogStream, logs:PutLogEvents on sweeper-logs',
        'Allow sns:Publish on alert-topic',
      ],
      'shipper-policy': [
        `Allow s3:PutObject on ingest-bucket/incoming/\${aws:PrincipalTag/hivewatch-host}/* when Null aws:PrincipalTag/hivewatch-host=false`,
      ],
      'shipper-example-role': ['managed policy shipper-policy'],
      'bucket-notifications-helper-role': [
        'Allow s3:PutBucketNotification on ingest-bucket',
        BASIC_EXECUTION,
      ],
    });
  });

  it('every option: the certificate CN names the prefix; Firehose writes firehose/ only; ingest also reads it', () => {
    const grants = identityGrants(everyOption, namesOf(everyOption));
    expect(grants['shipper-policy']).toEqual([
      `Allow s3:PutObject on ingest-bucket/incoming/\${aws:PrincipalTag/x509Subject/CN}/* when Null aws:PrincipalTag/x509Subject/CN=false`,
    ]);
    expect(grants['ingest-role']).toContain(
      'Allow s3:GetObject on ingest-bucket/firehose/* + ingest-bucket/incoming/*',
    );
    expect(grants['firehose-delivery-role']).toEqual([
      'Allow logs:PutLogEvents on arn:aws:logs:<Region>:<AccountId>:log-group:firehose-error-logs:log-stream:firehose-error-stream',
      'Allow s3:AbortMultipartUpload, s3:GetObject, s3:PutObject on ingest-bucket/firehose/*',
      'Allow s3:GetBucketLocation, s3:ListBucket, s3:ListBucketMultipartUploads on ingest-bucket',
    ]);
    expect(grants['log-subscription-role']).toEqual([
      'Allow firehose:PutRecord, firehose:PutRecordBatch on firehose-stream',
    ]);
    // CDK's helper for removalPolicy=destroy: its powers are in the bucket policies (next describe).
    expect(grants['auto-delete-helper-role']).toEqual([BASIC_EXECUTION]);
    expect(Object.keys(grants).sort()).toEqual([
      'auto-delete-helper-role',
      'bucket-notifications-helper-role',
      'firehose-delivery-role',
      'ingest-role',
      'log-subscription-role',
      'shipper-example-role',
      'shipper-policy',
      'sweeper-role',
    ]);
  });
});

describe('who can do what, by resource policy', () => {
  it('default settings: TLS only everywhere; S3 may notify the queue for the ingest bucket; CloudWatch alarms of this account may publish', () => {
    expect(resourceGrants(defaults, namesOf(defaults))).toEqual({
      'ingest-bucket': TLS_ONLY('ingest-bucket', 's3'),
      'access-log-bucket': [
        'Allow service logging.s3.amazonaws.com: s3:PutObject on access-log-bucket/ingest-bucket/* when ArnLike aws:SourceArn=ingest-bucket and StringEquals aws:SourceAccount=<AccountId>',
        ...TLS_ONLY('access-log-bucket', 's3'),
      ],
      'notification-queue': [
        'Allow service s3.amazonaws.com: sqs:GetQueueAttributes, sqs:GetQueueUrl, sqs:SendMessage on notification-queue when ArnLike aws:SourceArn=ingest-bucket',
        ...TLS_ONLY('notification-queue', 'sqs'),
      ],
      'dead-letter-queue': TLS_ONLY('dead-letter-queue', 'sqs'),
      'alert-topic': [
        'Allow service cloudwatch.amazonaws.com: sns:Publish on alert-topic when StringEquals aws:SourceAccount=<AccountId> and ArnLike aws:SourceArn=arn:aws:cloudwatch:<Region>:<AccountId>:alarm:*',
        'Deny anyone: sns:Publish on alert-topic when Bool aws:SecureTransport=false',
      ],
      'alert-key': [
        'Allow arn:aws:iam::<AccountId>:root: kms:* on *',
        'Allow service cloudwatch.amazonaws.com: kms:Decrypt, kms:GenerateDataKey* on *',
      ],
    });
  });

  it('removalPolicy=destroy: CDK’s auto-delete helper may empty both buckets (it runs when the stack is deleted)', () => {
    const grants = resourceGrants(everyOption, namesOf(everyOption));
    for (const bucket of ['ingest-bucket', 'access-log-bucket']) {
      expect(grants[bucket]).toContain(
        `Allow auto-delete-helper-role: s3:DeleteObject*, s3:GetBucket*, s3:List*, s3:PutBucketPolicy on ${bucket} + ${bucket}/*`,
      );
    }
  });
});

const objectWrites = /^s3:(\*|PutObject|DeleteObject|AbortMultipartUpload|RestoreObject|ReplicateObject)/;
const objectReads = /^s3:(\*|GetObject|List)/;
/** The Allows whose action matches, as sorted `who | action | resources` lines. */
const granted = (resources: Resources, action: RegExp) =>
  allows(resources)
    .filter(([, a]) => action.test(a))
    .map((row) => row.join(' | '))
    .sort();

describe('the raw objects', () => {
  it('default settings: only shippers (own prefix) write them, nobody deletes or overwrites another host’s', () => {
    expect(granted(defaults, objectWrites)).toEqual([
      'service logging.s3.amazonaws.com | s3:PutObject | access-log-bucket/ingest-bucket/*',
      `shipper-policy | s3:PutObject | ingest-bucket/incoming/\${aws:PrincipalTag/hivewatch-host}/*`,
    ]);
  });

  it('every option: Firehose writes under firehose/, and the auto-delete helper is the only one that deletes', () => {
    expect(granted(everyOption, objectWrites)).toEqual([
      'auto-delete-helper-role | s3:DeleteObject* | access-log-bucket + access-log-bucket/*',
      'auto-delete-helper-role | s3:DeleteObject* | ingest-bucket + ingest-bucket/*',
      'firehose-delivery-role | s3:AbortMultipartUpload | ingest-bucket/firehose/*',
      'firehose-delivery-role | s3:PutObject | ingest-bucket/firehose/*',
      'service logging.s3.amazonaws.com | s3:PutObject | access-log-bucket/ingest-bucket/*',
      `shipper-policy | s3:PutObject | ingest-bucket/incoming/\${aws:PrincipalTag/x509Subject/CN}/*`,
    ]);
  });

  it('are read by ingest; with every option also by Firehose (its own prefix) and the auto-delete helper; never by a shipper or the sweeper', () => {
    expect(granted(defaults, objectReads)).toEqual(['ingest-role | s3:GetObject | ingest-bucket/incoming/*']);
    expect(granted(everyOption, objectReads)).toEqual([
      'auto-delete-helper-role | s3:List* | access-log-bucket + access-log-bucket/*',
      'auto-delete-helper-role | s3:List* | ingest-bucket + ingest-bucket/*',
      'firehose-delivery-role | s3:GetObject | ingest-bucket/firehose/*',
      'firehose-delivery-role | s3:ListBucket | ingest-bucket',
      'firehose-delivery-role | s3:ListBucketMultipartUploads | ingest-bucket',
      'ingest-role | s3:GetObject | ingest-bucket/firehose/* + ingest-bucket/incoming/*',
    ]);
    for (const resources of [defaults, everyOption]) {
      expect(granted(resources, /^s3:/).filter((row) => row.startsWith('sweeper-role'))).toEqual([]);
    }
  });
});

describe('the shipper role', () => {
  it('role-tag: only EC2 may assume it, without session tags, so a server cannot choose its hivewatch-host tag', () => {
    const [role] = Object.values(defaults).filter(
      (r) =>
        r.Type === 'AWS::IAM::Role' && JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('ec2'),
    );
    expect(role?.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' } },
    ]);
  });
});

describe('the functions', () => {
  it('are invoked by their event source and the schedule only: one resource policy, EventBridge for the sweeper', () => {
    for (const resources of [defaults, everyOption]) {
      const names = namesOf(resources);
      const permissions = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Permission');
      expect(
        permissions.map((p) => [
          text(p.Properties.FunctionName, names),
          p.Properties.Principal,
          text(p.Properties.SourceArn, names),
        ]),
      ).toEqual([['sweeper-function', 'events.amazonaws.com', 'sweep-schedule']]);
      expect(Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Url')).toEqual([]);
    }
  });
});
