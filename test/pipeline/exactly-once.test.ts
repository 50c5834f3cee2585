import { PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { allIncidents } from '../../functions/alerts/list-incidents.ts';
import { incidentFacts } from '../../functions/alerts/stored-incident.ts';
import { s3ObjectCreatedNotification } from '../../functions/ingest/s3-notification.ts';
import { createLocalPipeline, type LocalPipeline } from '../../local/local-pipeline.ts';
import { notifyObjectCreated } from '../../local/s3-notification-shim.ts';
import { useLocalServices } from '../local/services.ts';
import { morningObjects, type ScenarioObject } from './pipeline-fixtures.ts';

const local = useLocalServices();
const objects = morningObjects();
/** The pipeline's clock sits in the scenario's morning, so the sweeper has nothing to resolve. */
const clock = () => new Date('2026-11-17T09:00:00Z');

async function freshPipeline(): Promise<LocalPipeline> {
  return createLocalPipeline(local.services(), await local.fresh(), { clock });
}

async function storedIncidents(pipeline: LocalPipeline) {
  const incidents = await allIncidents(pipeline.runtime.ports.incidents, { host: 'app01' });
  return incidents.filter((incident) => incident.status !== 'superseded').map(incidentFacts);
}

async function putObjects(pipeline: LocalPipeline, list: readonly ScenarioObject[]) {
  for (const object of list) await pipeline.upload(object.key, object.body);
}

/** What one pass over the whole scenario, in order, stores: the reference the other deliveries must reach. */
let reference: Awaited<ReturnType<typeof storedIncidents>> | undefined;
async function referenceIncidents() {
  if (!reference) {
    const pipeline = await freshPipeline();
    await putObjects(pipeline, objects);
    await pipeline.poller.drain();
    reference = await storedIncidents(pipeline);
    expect(reference).toHaveLength(1);
    expect(await pipeline.alerts(1)).toHaveLength(1);
  }
  return reference;
}

/** An SQS event as Lambda would pass it, one record per object. */
function sqsEvent(bucket: string, list: readonly ScenarioObject[], tag: string) {
  return {
    Records: list.map((object, i) => ({
      messageId: `${tag}-${i}`,
      body: s3ObjectCreatedNotification({ bucket, key: object.key, size: object.body.length }),
    })),
  };
}

describe('one alert per incident, however the objects arrive', () => {
  it('the same notification delivered twice: same incident, one alert', async () => {
    const pipeline = await freshPipeline();
    await putObjects(pipeline, objects);
    for (const object of objects) {
      await notifyObjectCreated(pipeline.services.sqs, pipeline.resources.queueUrl, {
        bucket: pipeline.resources.names.bucket,
        key: object.key,
        size: object.body.length,
      });
    }
    expect((await pipeline.poller.drain()).succeeded).toBe(objects.length * 2);
    expect(await storedIncidents(pipeline)).toEqual(await referenceIncidents());
    const alerts = await pipeline.alerts(1);
    expect(alerts.map((a) => a.attributes.kind)).toEqual(['opened']);
  });

  it('objects delivered in reverse order, one per invocation: same incident, one alert', async () => {
    const pipeline = createLocalPipeline(local.services(), await local.fresh(), { clock, batchSize: 1 });
    await putObjects(pipeline, [...objects].reverse());
    expect((await pipeline.poller.drain()).succeeded).toBe(objects.length);
    expect(await storedIncidents(pipeline)).toEqual(await referenceIncidents());
    expect(await pipeline.alerts(1)).toHaveLength(1);
  });

  it.each([1, 2, 3])(
    'concurrent invocations (separate containers) on overlapping objects: same incident, one alert (round %i)',
    async () => {
      const resources = await local.fresh();
      // Four containers, each with its own clients, all invoked at the same moment with overlapping batches.
      const containers = Array.from({ length: 4 }, () =>
        createLocalPipeline(local.services(), resources, { clock }),
      );
      const [first] = containers;
      if (!first) throw new Error('no container');
      for (const object of objects) {
        await first.services.s3.send(
          new PutObjectCommand({
            Bucket: resources.names.bucket,
            Key: object.key,
            Body: object.body,
          }),
        );
      }
      const batches = [objects.slice(0, 6), objects.slice(2), [...objects].reverse(), objects.slice(1, 7)];
      const responses = await Promise.all(
        containers.map((container, i) =>
          container.ingest(sqsEvent(resources.names.bucket, batches[i] ?? [], `c${i}`)),
        ),
      );
      expect(responses.flatMap((r) => r.batchItemFailures)).toEqual([]);
      expect(await storedIncidents(first)).toEqual(await referenceIncidents());
      const alerts = await first.alerts(1);
      expect(alerts).toHaveLength(1);
      const stored = await first.runtime.ports.incidents.get(alerts[0]?.attributes.incidentId ?? '');
      expect(stored?.alerts.opened).toMatchObject({
        state: 'sent',
        attempts: 1,
        messageId: alerts[0]?.messageId,
      });
    },
  );
});
