import { describe, expect, it } from 'vitest';
import { IncidentActionError } from '../../functions/cli/errors.ts';
import {
  type ActionPorts,
  acknowledgeIncident,
  resolveIncident,
} from '../../functions/cli/incident-actions.ts';
import { incidentDocument } from '../../functions/cli/incident-document.ts';
import { timeDisplay } from '../../functions/cli/time-display.ts';
import type { HostLedger, LedgerWrite } from '../../functions/hosts/host-ledger.port.ts';
import type { LocalPipeline } from '../../local/local-pipeline.ts';
import { failure } from '../correlation/signal-builders.ts';
import { useLocalServices } from '../local/services.ts';
import { config, ingestSignals } from '../storage/ledger-fixtures.ts';
import { morningThroughPipeline } from './cli-fixtures.ts';

const local = useLocalServices();
/** The morning's failures end at 11:30 UTC on 2026-11-17: on-call resolves it early in the afternoon. */
const afternoon = new Date('2026-11-17T13:05:00Z');

function portsOf(pipeline: LocalPipeline, ledger: HostLedger = pipeline.runtime.ports.ledger): ActionPorts {
  const { ports } = pipeline.runtime;
  return {
    incidents: ports.incidents,
    ledger,
    config,
    notifyAtRisk: false,
    clock: () => afternoon,
    delivery: { notifier: ports.notifier, text: { showCommand: (id) => `hivewatch incidents show ${id}` } },
  };
}

/** A ledger whose first `parties` commits wait for each other: the writes of racing callers meet for certain. */
function meetingLedger(ledger: HostLedger, parties: number): HostLedger & { commits: number } {
  const waiting: (() => void)[] = [];
  let met = false;
  let commits = 0;
  return {
    coverage: (...a) => ledger.coverage(...a),
    refreshCoverage: (...a) => ledger.refreshCoverage(...a),
    readHosts: (...a) => ledger.readHosts(...a),
    readIdentities: (...a) => ledger.readIdentities(...a),
    readProcessRestarts: (...a) => ledger.readProcessRestarts(...a),
    readIncidents: (...a) => ledger.readIncidents(...a),
    async commit(write: LedgerWrite) {
      commits++;
      if (!met) {
        await new Promise<void>((go) => {
          waiting.push(go);
          if (waiting.length >= parties) {
            met = true;
            for (const release of waiting) release();
          }
        });
      }
      return ledger.commit(write);
    },
    get commits() {
      return commits;
    },
  };
}

describe('incidents ack and resolve on DynamoDB Local and fauxqs (the shipped morning scenario)', () => {
  it('ack: who, when and why on the audit trail and on the incident; no notification', async () => {
    const { pipeline, incidentId } = await morningThroughPipeline(local.services(), await local.fresh());
    const ports = portsOf(pipeline);
    const result = await acknowledgeIncident(
      incidentId,
      { by: 'arn:aws:sts::123456789012:assumed-role/OnCall/dana', note: 'looking' },
      ports,
    );
    expect(result.entry).toEqual({
      action: 'ack',
      by: 'arn:aws:sts::123456789012:assumed-role/OnCall/dana',
      at: afternoon.toISOString(),
      note: 'looking',
      outcome: 'acknowledged',
    });
    const stored = await ports.incidents.get(incidentId);
    expect(stored?.status).toBe('open');
    expect(stored?.acknowledged).toEqual({
      by: 'arn:aws:sts::123456789012:assumed-role/OnCall/dana',
      at: afternoon.toISOString(),
      note: 'looking',
    });
    expect(stored?.audit).toEqual([result.entry]);
    const again = await acknowledgeIncident(incidentId, { by: 'alex', note: 'me too' }, ports);
    expect(again.entry.outcome).toBe(
      'already acknowledged by arn:aws:sts::123456789012:assumed-role/OnCall/dana',
    );
    expect((await ports.incidents.get(incidentId))?.audit.map((a) => a.by)).toEqual([
      'arn:aws:sts::123456789012:assumed-role/OnCall/dana',
      'alex',
    ]);
    expect(await pipeline.alerts(0)).toEqual([]);
  });

  it('resolve: resolved by hand at the time of the action, the resolved notification sent once', async () => {
    const { pipeline, incidentId } = await morningThroughPipeline(local.services(), await local.fresh());
    const ports = portsOf(pipeline);
    const result = await resolveIncident(incidentId, { by: 'dana', note: 'restarted XRC' }, ports);
    expect(result.entry).toMatchObject({
      action: 'resolve',
      by: 'dana',
      note: 'restarted XRC',
      outcome: 'resolved',
    });
    expect(result.incident).toMatchObject({
      status: 'resolved',
      resolution: {
        by: 'manual',
        at: '2026-11-17T13:05:00.000000000Z',
        restart: { scope: 'manual', by: 'dana', note: 'restarted XRC' },
      },
    });
    expect(result.queued).toEqual(['resolved#1']);
    expect(result.deliveries.map((d) => [d.key, d.outcome])).toEqual([['resolved#1', 'sent']]);
    expect(result.incident.alerts['resolved#1']).toMatchObject({ state: 'sent', attempts: 1 });
    const received = await pipeline.alerts(1);
    expect(received.map((a) => [a.attributes.kind, a.attributes.incidentId])).toEqual([
      ['resolved', incidentId],
    ]);
    // evidence of the resolution names where it came from; `show` lists it in the audit trail, not as log evidence
    expect(result.incident.evidence.at(-1)).toMatchObject({
      kind: 'restart',
      source: 'hivewatch-cli',
      channel: 'hivewatch',
    });
    const shown = incidentDocument(result.incident, timeDisplay({ utc: true }), afternoon);
    expect(shown.evidence).toHaveLength(result.incident.evidence.length - 1);
    expect(shown.evidence.map((e) => e.source)).not.toContain('hivewatch-cli');

    const second = await resolveIncident(incidentId, { by: 'alex', note: 'done too' }, ports);
    expect(second.entry.outcome).toBe('already resolved (by hand, dana)');
    expect(second.deliveries).toEqual([]);
    expect(await pipeline.alerts(1)).toEqual([]);
  });

  it('two people resolving at once: one resolution, two audit entries, one notification', async () => {
    const { pipeline, incidentId } = await morningThroughPipeline(local.services(), await local.fresh());
    const ledger = meetingLedger(pipeline.runtime.ports.ledger, 2);
    const ports = portsOf(pipeline, ledger);
    const results = await Promise.all([
      resolveIncident(incidentId, { by: 'dana', note: 'restarted XRC' }, ports),
      resolveIncident(incidentId, { by: 'alex', note: 'restarted it from the console' }, ports),
    ]);
    expect(ledger.commits).toBeGreaterThanOrEqual(3); // both wrote at once, one lost and wrote again
    expect(results.map((r) => r.entry.outcome).sort()).toEqual(
      [expect.stringMatching(/^already resolved \(by hand, (dana|alex)\)$/), 'resolved'].sort(),
    );
    const stored = await ports.incidents.get(incidentId);
    expect(stored?.status).toBe('resolved');
    expect(stored?.resolution?.by).toBe('manual');
    expect(stored?.audit.map((a) => a.by).sort()).toEqual(['alex', 'dana']);
    expect(Object.keys(stored?.alerts ?? {}).sort()).toEqual(['opened', 'resolved#1']);
    expect(stored?.alerts['resolved#1']).toMatchObject({ state: 'sent', attempts: 1 });
    const received = await pipeline.alerts(2);
    expect(received.map((a) => a.attributes.kind)).toEqual(['resolved']);
  });

  it('a failure after a resolution by hand reopens the incident (the restart did not fix it)', async () => {
    const { pipeline, incidentId } = await morningThroughPipeline(local.services(), await local.fresh());
    const ports = portsOf(pipeline);
    await resolveIncident(incidentId, { by: 'dana', note: 'restarted' }, ports);
    await pipeline.alerts(1);
    const later = failure({
      host: 'app01',
      reporter: 'web01',
      recordId: 99_001,
      time: '2026-11-17T13:20:00.000000000Z',
    });
    await ingestSignals(ports.ledger, [later], { now: () => afternoon });
    const reopened = await ports.incidents.get(incidentId);
    expect(reopened?.status).toBe('open');
    expect(reopened?.ineffectiveRestarts?.map((r) => r.scope)).toEqual(['manual']);
    expect(Object.keys(reopened?.alerts ?? {}).sort()).toEqual(['opened', 'reopened#1', 'resolved#1']);
  });

  it('an incident that does not exist, or was superseded, is refused with its reason; nothing is written', async () => {
    const { pipeline, incidentId } = await morningThroughPipeline(local.services(), await local.fresh());
    const ports = portsOf(pipeline);
    await expect(resolveIncident('0000000000000000', { by: 'dana', note: 'x' }, ports)).rejects.toThrow(
      'no incident 0000000000000000',
    );
    const real = await ports.incidents.get(incidentId);
    if (!real) throw new Error('no incident');
    const superseded = { ...real, status: 'superseded' as const, supersededBy: 'a1b2c3d4e5f60718' };
    const refusing = { ...ports, incidents: { ...ports.incidents, get: async () => superseded } };
    const error = await resolveIncident(incidentId, { by: 'dana', note: 'x' }, refusing).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(IncidentActionError);
    expect((error as Error).message).toBe(
      `incident ${incidentId} was superseded by a1b2c3d4e5f60718: act on that one`,
    );
    expect((await ports.incidents.get(incidentId))?.version).toBe(real.version);
  });
});
