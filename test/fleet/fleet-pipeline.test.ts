import { describe, expect, it } from 'vitest';
import type { DynamoDbIngestRecords } from '../../functions/storage/dynamodb-ingest-records.ts';
import { createLocalPipeline } from '../../local/local-pipeline.ts';
import { systemTime } from '../../samples/event-spec.ts';
import { noiseEvent } from '../../samples/noise-events.ts';
import { renderFile } from '../../samples/render-events.ts';
import { seededRandom } from '../../samples/seeded-random.ts';
import { useLocalServices } from '../local/services.ts';
import { morningObjects } from '../pipeline/pipeline-fixtures.ts';

const local = useLocalServices();
const MINUTE = 60_000;

/** A few ordinary events of `computer`, rendered as a shipper writes them. */
function noiseObject(computers: readonly string[], at: number): Buffer {
  const rng = seededRandom(11);
  let record = 9000;
  return renderFile(
    computers.flatMap((computer) =>
      [0, 1, 2].map((i) =>
        noiseEvent(rng, { computer, time: systemTime(at + i * MINUTE), recordId: ++record }),
      ),
    ),
    { style: 'wevtutil', gzip: true },
  );
}

describe('the fleet through the real ingest and sweeper handlers', () => {
  it('ingest records each shipper; the sweeper sends one notice per silent host and one when it ships again', async () => {
    let now = new Date('2026-11-17T09:00:00Z');
    const pipeline = createLocalPipeline(local.services(), await local.fresh(), { clock: () => now });
    const objects = morningObjects();
    for (const object of objects) await pipeline.upload(object.key, object.body);
    await pipeline.poller.drain();
    expect((await pipeline.alerts(1)).map((a) => a.attributes.kind)).toEqual(['opened']);

    const { fleet, ingestRecords } = pipeline.runtime.ports;
    const app01 = await fleet.get('app01');
    expect(app01).toMatchObject({
      host: 'app01',
      lastSeenAt: '2026-11-17T09:00:00.000Z',
      silences: 0,
      notices: {},
    });
    expect(app01?.lastObjectKey).toMatch(/^incoming\/app01\/2026\/11\/17\/morning-[12]\.xml\.gz$/);
    expect(app01?.lastEventAt).toMatch(/^2026-11-17T08:08:/);
    expect((await ingestRecords.get(objects[0]?.key ?? ''))?.shipper).toBe('app01');
    const records = ingestRecords as DynamoDbIngestRecords;
    const shipped = [];
    for await (const object of records.shippedObjects('ws01', '2026-11-17T00:00:00.000Z'))
      shipped.push(object);
    expect(shipped.map((o) => o.key).sort()).toEqual([
      'incoming/ws01/2026/11/17/morning-1.xml.gz',
      'incoming/ws01/2026/11/17/morning-2.xml.gz',
    ]);
    expect(shipped.reduce((n, o) => n + o.events, 0)).toBe(
      (await Promise.all(shipped.map((o) => ingestRecords.get(o.key)))).reduce(
        (n, r) => n + (r?.events ?? 0),
        0,
      ),
    );

    now = new Date('2026-11-17T10:30:00Z');
    expect((await pipeline.sweep()).fleet).toEqual({ hosts: 4, silent: [], back: [], sent: 0, failed: 0 });
    now = new Date('2026-11-17T11:01:00Z');
    expect((await pipeline.sweep()).fleet).toEqual({
      hosts: 4,
      silent: ['app01', 'ws01', 'ws02', 'ws03'],
      back: [],
      sent: 4,
      failed: 0,
    });
    now = new Date('2026-11-17T11:06:00Z');
    expect((await pipeline.sweep()).fleet).toMatchObject({ silent: [], back: [], sent: 0 });
    let alerts = await pipeline.alerts(1);
    expect(alerts.map((a) => [a.attributes.kind, a.attributes.noticeId]).sort()).toEqual([
      ['host-silent', 'app01#silent#1'],
      ['host-silent', 'ws01#silent#1'],
      ['host-silent', 'ws02#silent#1'],
      ['host-silent', 'ws03#silent#1'],
    ]);
    expect(alerts.find((a) => a.attributes.host === 'ws02')?.subject).toBe(
      'hivewatch: host ws02 stopped shipping - nothing for 2 h 1 min',
    );

    now = new Date('2026-11-17T11:30:00Z');
    await pipeline.upload(
      'incoming/ws02/2026/11/17/late.xml.gz',
      noiseObject(['WS02.corp.example.net'], Date.parse('2026-11-17T11:20:00Z')),
    );
    await pipeline.poller.drain();
    now = new Date('2026-11-17T11:35:00Z');
    expect((await pipeline.sweep()).fleet).toMatchObject({ silent: [], back: ['ws02'], sent: 1 });
    now = new Date('2026-11-17T11:40:00Z');
    expect((await pipeline.sweep()).fleet).toMatchObject({ silent: [], back: [], sent: 0 });
    alerts = await pipeline.alerts(1);
    expect(alerts.map((a) => [a.attributes.kind, a.attributes.noticeId])).toEqual([
      ['host-back', 'ws02#back#1'],
    ]);
    expect(alerts[0]?.subject).toBe('hivewatch: host ws02 is shipping again - silent for 2 h 30 min');
  });

  it('a Firehose object (written for the whole fleet) names no shipper: the reader names the Computer only of the events it decodes', async () => {
    const now = new Date('2026-11-17T09:00:00Z');
    const pipeline = createLocalPipeline(local.services(), await local.fresh(), { clock: () => now });
    const key = 'firehose/2026/11/17/08/hivewatch-agent-1-2026-11-17-08-55-00-abc';
    await pipeline.upload(
      key,
      noiseObject(['WS04.corp.example.net', 'ws05'], Date.parse('2026-11-17T08:50:00Z')),
    );
    await pipeline.poller.drain();
    const { fleet, ingestRecords } = pipeline.runtime.ports;
    const record = await ingestRecords.get(key);
    expect(record).toMatchObject({ events: 6, errors: 0 });
    expect(record?.shipper).toBeUndefined();
    expect((await fleet.list()).hosts).toEqual([]);
  });
});
