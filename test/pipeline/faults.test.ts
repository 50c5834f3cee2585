import { gzipSync } from 'node:zlib';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { allIncidents } from '../../functions/alerts/list-incidents.ts';
import type { AlertMessage, Notifier } from '../../functions/alerts/notifier.port.ts';
import { SnsNotifier } from '../../functions/alerts/sns-notifier.ts';
import { incidentFacts } from '../../functions/alerts/stored-incident.ts';
import {
  createLocalPipeline,
  type LocalPipeline,
  type LocalPipelineOptions,
} from '../../local/local-pipeline.ts';
import { useLocalServices } from '../local/services.ts';
import { morningObjects } from './pipeline-fixtures.ts';

const local = useLocalServices();
const objects = morningObjects();
let now = new Date('2026-11-17T09:00:00Z');
const clock = () => now;

/** SNS that refuses publishes while `down` (throttling, an outage), and delivers otherwise. */
class FlakyNotifier implements Notifier {
  attempts = 0;
  constructor(
    private readonly real: Notifier,
    public down: boolean,
  ) {}
  async publish(message: AlertMessage) {
    this.attempts += 1;
    if (this.down) throw new Error('SNS: Rate exceeded');
    return this.real.publish(message);
  }
}

async function pipelineWith(options: Partial<LocalPipelineOptions> & { snsDown?: boolean } = {}) {
  const resources = await local.fresh();
  const notifier = new FlakyNotifier(
    new SnsNotifier({ topicArn: resources.topicArn, client: local.services().sns }),
    options.snsDown ?? false,
  );
  const pipeline = createLocalPipeline(local.services(), resources, {
    clock,
    notifier,
    retryAfterSeconds: 0,
    ...options,
  });
  return { pipeline, notifier };
}

async function uploadAll(pipeline: LocalPipeline) {
  for (const object of objects) await pipeline.upload(object.key, object.body);
}

const incidentsOf = async (pipeline: LocalPipeline) =>
  (await allIncidents(pipeline.runtime.ports.incidents, { host: 'app01' }))
    .filter((incident) => incident.status !== 'superseded')
    .map(incidentFacts);

let reference: Awaited<ReturnType<typeof incidentsOf>> | undefined;
async function referenceIncidents() {
  if (!reference) {
    const { pipeline } = await pipelineWith();
    await uploadAll(pipeline);
    await pipeline.poller.drain();
    reference = await incidentsOf(pipeline);
  }
  return reference;
}

describe('faults: nothing lost, nothing sent twice', () => {
  it('SNS refuses the publish: the alert stays pending and the sweeper sends it, exactly once', async () => {
    now = new Date('2026-11-17T09:00:00Z');
    const { pipeline, notifier } = await pipelineWith({ snsDown: true, batchSize: 1 });
    await uploadAll(pipeline);
    expect((await pipeline.poller.drain()).failed).toBe(0); // a failed publish never fails the object
    expect(await pipeline.alerts(1)).toEqual([]);
    const [pending] = await incidentsOf(pipeline);
    const stored = await pipeline.runtime.ports.incidents.get(pending?.id ?? '');
    expect(stored?.alerts.opened?.state).toBe('pending');
    expect(stored?.alerts.opened?.lastError).toContain('Rate exceeded');
    const failedAttempts = notifier.attempts;
    expect(failedAttempts).toBeGreaterThanOrEqual(1);

    notifier.down = false;
    expect(await pipeline.sweep()).toMatchObject({ sent: 1, failed: 0, resolved: [] });
    expect(await pipeline.sweep()).toMatchObject({ sent: 0, failed: 0 });
    for (const object of objects.slice(0, 3)) await pipeline.upload(object.key, object.body); // delivered again
    await pipeline.poller.drain();

    const alerts = await pipeline.alerts(1);
    expect(alerts.map((a) => a.attributes.kind)).toEqual(['opened']);
    expect(notifier.attempts).toBe(failedAttempts + 1);
    const sent = await pipeline.runtime.ports.incidents.get(pending?.id ?? '');
    expect(sent?.alerts.opened).toMatchObject({
      state: 'sent',
      attempts: failedAttempts + 1,
      messageId: alerts[0]?.messageId,
    });
  });

  it('DynamoDB throws in the middle of a batch: that record is reported failed, redelivery converges', async () => {
    now = new Date('2026-11-17T09:00:00Z');
    const { pipeline } = await pipelineWith();
    const stateTable = pipeline.resources.names.tables.STATE_TABLE;
    let injected = 0;
    pipeline.aws.dynamo.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { TransactItems?: { Put?: { TableName?: string } }[] };
        // the first commit of any object: its transaction writes the state table
        const commit =
          context.commandName === 'TransactWriteItemsCommand' &&
          (input.TransactItems ?? []).some((item) => item.Put?.TableName === stateTable);
        if (commit && injected === 0) {
          injected += 1;
          throw Object.assign(new Error('injected: internal server error'), { name: 'InternalServerError' });
        }
        return next(args);
      },
      { step: 'initialize', name: 'injectDynamoFault' },
    );
    await uploadAll(pipeline);
    const first = await pipeline.poller.pollOnce();
    expect(first).toEqual({ received: objects.length, succeeded: objects.length - 1, failed: 1 });
    expect(injected).toBe(1);
    const redelivered = await pipeline.poller.drain();
    expect(redelivered).toEqual({ received: 1, succeeded: 1, failed: 0 });
    expect(await incidentsOf(pipeline)).toEqual(await referenceIncidents());
    expect(await pipeline.alerts(1)).toHaveLength(1);
  });

  it('malformed objects in a batch are reported in their ingest records; the others succeed', async () => {
    now = new Date('2026-11-17T09:00:00Z');
    const { pipeline } = await pipelineWith();
    const good = objects[1];
    if (!good) throw new Error('no object');
    const bad = {
      junk: 'incoming/app01/2026/11/17/junk.xml.gz',
      doctype: 'incoming/app01/2026/11/17/billion laughs+1.xml',
      truncated: 'incoming/app01/2026/11/17/cut.xml.gz',
    };
    await pipeline.upload(
      bad.junk,
      gzipSync(Buffer.from('\u0000\u0001binary junk, not XML at all'.repeat(50))),
    );
    await pipeline.upload(
      bad.doctype,
      Buffer.from(
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><Events><Event>&lol;</Event></Events>',
      ),
    );
    await pipeline.upload(bad.truncated, good.body.subarray(0, Math.floor(good.body.length * 0.6)));
    await uploadAll(pipeline);
    await pipeline.services.sqs.send(
      new SendMessageCommand({
        QueueUrl: pipeline.resources.queueUrl,
        MessageBody: '{"Service":"Amazon S3","Event":"s3:TestEvent"}',
      }),
    );
    await pipeline.services.sqs.send(
      new SendMessageCommand({ QueueUrl: pipeline.resources.queueUrl, MessageBody: 'not a notification' }),
    );

    const drained = await pipeline.poller.drain();
    // Every object succeeds; only the message that is no notification fails, until its third receive moves it to the DLQ.
    expect(drained).toEqual({ received: objects.length + 4 + 3, succeeded: objects.length + 4, failed: 3 });
    const dead = await pipeline.services.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: pipeline.resources.deadLetterQueueUrl, MaxNumberOfMessages: 10 }),
    );
    expect(dead.Messages?.map((m) => m.Body)).toEqual(['not a notification']);
    const records = pipeline.runtime.ports.ingestRecords;
    expect(await records.get(bad.junk)).toMatchObject({ signals: 0, rejected: false });
    expect((await records.get(bad.junk))?.errors).toBeGreaterThan(0);
    expect(await records.get(bad.doctype)).toMatchObject({ rejected: true, signals: 0 });
    const truncated = await records.get(bad.truncated);
    expect(truncated?.events).toBeGreaterThan(0);
    expect(truncated?.errorSamples.some((e) => /truncat|unexpected end|cut/i.test(e.reason))).toBe(true);
    expect(await incidentsOf(pipeline)).toEqual(await referenceIncidents());
    expect(await pipeline.alerts(1)).toHaveLength(1);
  });

  it('the one duplicate window: a crash after SNS accepted the alert and before it was recorded', async () => {
    now = new Date('2026-11-17T09:00:00Z');
    const { pipeline } = await pipelineWith();
    const incidentsTable = pipeline.resources.names.tables.INCIDENTS_TABLE;
    let crashed = false;
    pipeline.aws.dynamo.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { TableName?: string; UpdateExpression?: string };
        const recordingTheSend =
          input.UpdateExpression?.includes(':sent') && input.TableName === incidentsTable;
        if (context.commandName === 'UpdateItemCommand' && recordingTheSend && !crashed) {
          crashed = true;
          throw Object.assign(new Error('injected: the invocation died here'), {
            name: 'InternalServerError',
          });
        }
        return next(args);
      },
      { step: 'initialize', name: 'crashAfterPublish' },
    );
    await uploadAll(pipeline);
    await pipeline.poller.drain();
    expect(crashed).toBe(true);
    expect(await pipeline.alerts(1)).toHaveLength(1);
    expect(await pipeline.sweep()).toMatchObject({ sent: 0 }); // within the claim's lease: no second publish
    now = new Date(now.getTime() + 16 * 60_000); // the lease (15 min) runs out
    expect(await pipeline.sweep()).toMatchObject({ sent: 1 });
    const [first, duplicate] = [...(await pipeline.alerts(1))];
    expect(duplicate).toBeUndefined();
    expect(first?.attributes).toMatchObject({ kind: 'opened' }); // same incidentId: subscribers can drop it
  });
});
