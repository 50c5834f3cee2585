import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { allIncidents } from '../../functions/alerts/list-incidents.ts';
import { sweep } from '../../functions/sweeper/sweep.ts';
import { createLocalPipeline } from '../../local/local-pipeline.ts';
import { useLocalServices } from '../local/services.ts';
import { morningObjects } from './pipeline-fixtures.ts';

const local = useLocalServices();

describe('the sweeper, on the schedule', () => {
  it('resolves an incident once the clock is `quiet` past its last failure, and sends the resolved notification once', async () => {
    let now = new Date('2026-11-17T09:00:00Z');
    // silent-host notices (every host is silent a day later) are another test's: test/fleet/fleet-pipeline.test.ts
    const pipeline = createLocalPipeline(local.services(), await local.fresh(), {
      clock: () => now,
      env: { SILENT_HOST_AFTER: 'off' },
    });
    const objects = morningObjects();
    for (const object of objects) await pipeline.upload(object.key, object.body);
    await pipeline.poller.drain();
    expect((await pipeline.alerts(1)).map((a) => a.attributes.kind)).toEqual(['opened']);

    expect(await pipeline.sweep()).toEqual({
      openChecked: 1,
      hostsRefreshed: [],
      resolved: [],
      sent: 0,
      failed: 0,
      failures: 0,
      fleet: { hosts: 0, silent: [], back: [], sent: 0, failed: 0 },
    });
    const [open] = await allIncidents(pipeline.runtime.ports.incidents, { statuses: ['open'] });
    if (!open) throw new Error('no open incident');

    now = new Date(Date.parse(`${open.lastFailureAt?.slice(0, 23)}Z`) + 24 * 3_600_000 + 60_000); // quiet (24 h) has passed
    expect(await pipeline.sweep()).toEqual({
      openChecked: 1,
      hostsRefreshed: ['app01'],
      resolved: [open.id],
      sent: 1,
      failed: 0,
      failures: 0,
      fleet: { hosts: 0, silent: [], back: [], sent: 0, failed: 0 },
    });
    expect(await pipeline.sweep()).toEqual({
      openChecked: 0,
      hostsRefreshed: [],
      resolved: [],
      sent: 0,
      failed: 0,
      failures: 0,
      fleet: { hosts: 0, silent: [], back: [], sent: 0, failed: 0 },
    });
    for (const object of objects) await pipeline.upload(object.key, object.body); // the same objects, again
    await pipeline.poller.drain();

    const alerts = await pipeline.alerts(1);
    expect(alerts.map((a) => [a.attributes.kind, a.attributes.incidentId])).toEqual([['resolved', open.id]]);
    expect(alerts[0]?.subject).toMatch(
      /^hivewatch: resolved - COM\+ application on app01 - quiet since .* UTC, no restart seen$/,
    );
    const resolved = await pipeline.runtime.ports.incidents.get(open.id);
    expect(resolved).toMatchObject({
      status: 'resolved',
      alerts: { 'resolved#1': { state: 'sent', attempts: 1 } },
    });
  });
});

describe('one host the sweeper cannot finish', () => {
  it('is reported, and the other hosts are still swept', async () => {
    let now = new Date('2026-11-17T09:00:00Z');
    const resources = await local.fresh();
    const pipeline = createLocalPipeline(local.services(), resources, {
      clock: () => now,
      env: { SILENT_HOST_AFTER: 'off' },
    });
    // two servers with an incident each: app01 and app02
    for (const server of ['app01', 'app02']) {
      for (const object of morningObjects({ server, seed: server === 'app01' ? 7 : 8 })) {
        await pipeline.upload(object.key.replace('incoming/app01/', `incoming/${server}/`), object.body);
      }
    }
    await pipeline.poller.drain();
    const open = await allIncidents(pipeline.runtime.ports.incidents, { statuses: ['open'] });
    expect(open.map((i) => i.host).sort()).toEqual(['app01', 'app02']);
    // app01's state item is damaged (a hand edit, a bad restore): reading it fails
    await local.services().documents.send(
      new PutCommand({
        TableName: resources.names.tables.STATE_TABLE,
        Item: { pk: 'host#app01', sk: 'state', version: 99, body: new Uint8Array([1, 2, 3]) },
      }),
    );
    now = new Date(Date.parse('2026-11-18T12:00:00Z')); // quiet has passed for both
    const report = await sweep({ ...pipeline.runtime.ports, lookbackMs: 30 * 86_400_000 });
    expect(report.failures).toEqual([
      { host: 'app01', error: expect.stringMatching(/^StoredItemError: item is malformed/) },
    ]);
    const after = await allIncidents(pipeline.runtime.ports.incidents, {});
    expect(after.find((i) => i.host === 'app02')?.status).toBe('resolved');
    expect(after.find((i) => i.host === 'app01')?.status).toBe('open');
  });
});
