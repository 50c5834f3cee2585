import { describe, expect, it } from 'vitest';
import { allIncidents } from '../../functions/alerts/list-incidents.ts';
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
