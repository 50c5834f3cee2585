/**
 * SECURITY.md, "A compromised server": what a server that ships under its own prefix can and cannot do to another
 * host, through the real ingest handler on the local pipeline (DynamoDB Local, fauxqs). IAM confines its writes to
 * incoming/<its host>/ (iam.test.ts, access-matrix-security.test.ts); these tests are about what ingest then makes
 * of what it wrote. Event shapes come from samples/ (wevtutil rendering of the real events, windows-events.ts).
 */
import { describe, expect, it } from 'vitest';
import { allIncidents } from '../../functions/alerts/list-incidents.ts';
import type { ForgedHostAction } from '../../functions/ingest/object-origin.ts';
import { createLocalPipeline } from '../../local/local-pipeline.ts';
import { systemTime } from '../../samples/event-spec.ts';
import { renderFile } from '../../samples/render-events.ts';
import { complusError, dcom10006, hiveLeak1530 } from '../../samples/windows-events.ts';
import { useLocalServices } from '../local/services.ts';

const local = useLocalServices();
const leakAt = Date.parse('2026-11-17T06:12:00Z');
const clock = () => new Date('2026-11-17T09:00:00Z');
const VICTIM = 'VICTIM.corp.example.net';
const ATTACKER = 'ATTACKER.corp.example.net';
const DLLHOST = { pid: 2428, path: '\\Device\\HarddiskVolume2\\Windows\\System32\\dllhost.exe' };
const XRC = '{7C8E2A41-6B3D-4F15-9E2A-5D0C3B8F1A62}';

const gz = (...events: Parameters<typeof renderFile>[0]) =>
  renderFile(events, { style: 'wevtutil', gzip: true });
const victimLeak = (computer: string, recordId: number) =>
  hiveLeak1530({
    computer,
    time: systemTime(leakAt),
    recordId,
    sid: 'S-1-5-21-1-2-3-1104',
    processes: [DLLHOST],
  });
/** A failure the victim's own log would hold (COM+ 0x800703FA on the server). */
const victimFailure = (computer: string, recordId: number) =>
  complusError({ computer, time: systemTime(leakAt + 60_000), recordId, appId: XRC, appName: 'XRC' });
/** What a client logs when it cannot activate the victim's application: its own event, naming the server. */
const clientFailure = (recordId: number) =>
  dcom10006({
    computer: ATTACKER,
    time: systemTime(leakAt + 120_000),
    recordId,
    server: 'VICTIM',
    clsid: XRC,
  });

async function pipelineWith(forgedHost: ForgedHostAction) {
  const pipeline = createLocalPipeline(local.services(), await local.fresh(), {
    clock,
    env: { FORGED_HOST: forgedHost },
  });
  return {
    pipeline,
    async ship(key: string, body: Uint8Array) {
      await pipeline.upload(key, body);
      expect((await pipeline.poller.drain()).failed).toBe(0);
      return pipeline.runtime.ports.ingestRecords.get(key);
    },
    victim: () => allIncidents(pipeline.runtime.ports.incidents, { host: 'victim' }),
  };
}

describe('a compromised server (attacker) writing under its own prefix', () => {
  const forged = 'incoming/attacker/2026/11/17/forged.xml.gz';
  const forgedBody = gz(victimLeak(VICTIM, 10), victimFailure(VICTIM, 11));

  it('forgedHost=reject: cannot put a leak or a failure into another host’s state; both are reported', async () => {
    const { pipeline, ship, victim } = await pipelineWith('reject');
    const record = await ship(forged, forgedBody);
    expect(record).toMatchObject({ errors: 2, newSignals: 0 });
    expect(record?.errorSamples.map((e) => e.reason)).toEqual([
      expect.stringMatching(
        /VICTIM\.corp\.example\.net .* attacker's shipper: refused \(forgedHost=reject\)/,
      ),
      expect.stringMatching(
        /VICTIM\.corp\.example\.net .* attacker's shipper: refused \(forgedHost=reject\)/,
      ),
    ]);
    expect(await victim()).toEqual([]);
    expect(await pipeline.alerts(1)).toEqual([]);
  });

  it('forgedHost=flag (the default): the same object opens an incident for the other host and pages', async () => {
    const { pipeline, ship, victim } = await pipelineWith('flag');
    await ship(forged, forgedBody);
    const [incident, ...others] = await victim();
    expect(others).toEqual([]);
    expect(incident).toMatchObject({ host: 'victim', status: 'open', failureCount: 1 });
    // What flag adds: the evidence names the shipper that wrote it, for whoever reads the incident.
    expect(incident?.evidence.filter((e) => e.shippedBy === 'attacker').length).toBeGreaterThan(0);
    expect((await pipeline.alerts(1)).map((a) => [a.attributes.host, a.attributes.kind])).toEqual([
      ['victim', 'opened'],
    ]);
  });

  it('forgedHost=reject: its own client failures naming another host raise nothing without that host’s leak', async () => {
    const { pipeline, ship, victim } = await pipelineWith('reject');
    expect(await ship('incoming/attacker/2026/11/17/own.xml.gz', gz(clientFailure(20)))).toMatchObject({
      errors: 0,
    });
    expect(await victim()).toEqual([]);
    expect(await pipeline.alerts(1)).toEqual([]);
  });

  it('forgedHost=reject, the limit: as a client it can turn another host’s genuine leak into an alert', async () => {
    // Clients report failures naming the server (DCOM 10006): that is how hivewatch sees them, so ingest cannot
    // tell a lying client from a real one. The page names the attacker as the failing client.
    const { pipeline, ship, victim } = await pipelineWith('reject');
    await ship('incoming/victim/2026/11/17/own.xml.gz', gz(victimLeak(VICTIM, 30)));
    expect((await victim()).map((i) => i.status)).toEqual(['at-risk']);
    await ship('incoming/attacker/2026/11/17/own.xml.gz', gz(clientFailure(31)));
    const [incident] = await victim();
    expect(incident).toMatchObject({ status: 'open', failureCount: 1, clients: ['attacker'] });
    expect((await pipeline.alerts(1)).map((a) => a.attributes.kind)).toEqual(['opened']);
  });
});
