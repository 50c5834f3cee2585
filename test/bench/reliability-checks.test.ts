import { describe, expect, it } from 'vitest';
import { compareWithClean } from '../../bench/reliability/fault-checks.ts';
import type { GeneratedObject, RunResult } from '../../bench/reliability/fleet-run.ts';
import { checkLoad } from '../../bench/reliability/load-checks.ts';
import type { LoggedAlert } from '../../bench/reliability/on-call-log.ts';
import type { StoredIncident } from '../../functions/alerts/stored-incident.ts';
import type { IncidentFacts } from '../../samples/fleet-scenario.ts';
import { incidentsOf, storedIncident, typicalSignals } from '../alerts/stored-incidents.ts';

/** The checks of npm run reliability:load, on a run made by hand: each must catch what it is there to catch. */
const [computed] = incidentsOf(typicalSignals(3));
if (!computed) throw new Error('no incident');
const sent = (incident: StoredIncident, attempts = 1): StoredIncident => ({
  ...incident,
  alerts: {
    opened: { kind: 'opened', seq: 1, state: 'sent', attempts, decidedAt: '2026-11-17T12:00:00.000Z' },
  },
});
const incident = sent(storedIncident(computed));
const planted: IncidentFacts = {
  name: 'typical',
  host: incident.host,
  hostFqdn: incident.hostFqdn,
  process: incident.process,
  pid: incident.pid,
  sid: incident.sid,
  leakAt: incident.leakAt,
  firstFailureAt: incident.firstFailureAt ?? '',
  lastFailureAt: incident.lastFailureAt ?? '',
  failureCount: 3,
  perReporter: Object.fromEntries(incident.perClient.map((c) => [c.name, c.count])),
  clients: incident.clients,
  status: 'open',
  storm: false,
  peakPerMinute: 0,
  leak: { window: 0, host: incident.host },
  firstFailure: { window: 1, host: 'ws01' },
};
const object: GeneratedObject = {
  key: 'incoming/app01/a',
  window: 0,
  hosts: ['app01'],
  events: 10,
  signals: 4,
  newSignals: 4,
  bytes: 100,
  rawBytes: 1000,
};
const alert = (incidentId: string, kind = 'opened', at = 1_000): LoggedAlert => ({
  incidentId,
  kind,
  host: 'app01',
  publishedAt: at,
  receivedAt: at,
});

function run(
  changes: Partial<RunResult> = {},
  incidents: StoredIncident[] = [incident],
  events = 10,
): RunResult {
  return {
    name: 'run',
    facts: {
      hosts: 1,
      hours: 1,
      windows: 12,
      start: '',
      end: '',
      shippers: {},
      incidents: [planted],
      decoys: [],
    },
    generated: new Map([[object.key, object]]),
    uploadedAt: new Map([
      ['0|app01', 400],
      ['1|ws01', 600],
    ]),
    alerts: [alert(incident.id)],
    stored: {
      incidents,
      records: new Map([
        [object.key, { key: object.key, events, signals: 4, newSignals: 4, errors: 0, errorSamples: [] }],
      ]),
      hostItems: new Map([['host#app01/state', '{"latest":"x"}']]),
    },
    ingestions: [
      {
        key: object.key,
        bucket: 'b',
        size: 100,
        events,
        signals: 4,
        newSignals: 4,
        errors: 0,
        errorSamples: [],
        rejected: false,
        missing: false,
        hosts: ['app01'],
        ingestedAt: '',
      },
    ],
    usages: [],
    failedRecords: 0,
    sweeps: { runs: 1, failed: 0, sent: 0, units: 0 },
    deadLetters: 0,
    seconds: { total: 1, ingest: 1 },
    cpuSeconds: { total: 0, functions: 0, dynamodb: 0, fauxqs: 0, driver: 0 },
    notes: [],
    firstUploadAt: 0,
    lastRecordAt: 0,
    ...changes,
  };
}

describe('the load checks', () => {
  it('find the planted incident once, paged once, with its latency from the later of its leak and first failure uploads', () => {
    const check = checkLoad(run());
    expect(check.foundOnce).toBe(1);
    expect(check.incidents[0]).toMatchObject({ matches: 1, opened: 1, differences: [], latency: 0.4 });
    expect(check.events).toMatchObject({ generated: 10, read: 10, lost: 0 });
    expect(check.signals).toMatchObject({ generated: 4, distinct: 4, counted: 4 });
  });

  it('catch a wrong count, a second page, a page for a decoy, and events read short', () => {
    const wrong = { ...incident, failureCount: 2 };
    expect(checkLoad(run({}, [wrong])).incidents[0]?.differences).toEqual(['failureCount 2 ≠ 3']);
    expect(checkLoad(run({ alerts: [alert(incident.id), alert(incident.id)] })).foundOnce).toBe(0);
    expect(checkLoad(run({ alerts: [alert(incident.id), alert('elsewhere')] })).decoyAlerts).toHaveLength(1);
    expect(checkLoad(run({}, [incident], 7)).events).toMatchObject({
      lost: 3,
      mismatched: ['incoming/app01/a: 7 of 10'],
    });
  });

  it('follow a superseded incident to its successor: its page is the successor’s', () => {
    const early = { ...incident, id: 'early', status: 'superseded' as const, supersededBy: incident.id };
    expect(checkLoad(run({ alerts: [alert('early')] }, [early, incident])).foundOnce).toBe(1);
  });
});

describe('the fault comparison with the clean run', () => {
  const clean = run();

  it('converges when incidents, alerts, host states and records are the same', () => {
    expect(compareWithClean(clean, run()).converged).toBe(true);
  });

  it('counts a repeat in the documented duplicate window apart, and any other repeat as a difference', () => {
    const twice = { alerts: [alert(incident.id, 'opened', 1_000), alert(incident.id, 'opened', 9_000)] };
    const window = compareWithClean(clean, run(twice, [sent(storedIncident(computed), 2)]));
    expect(window.converged).toBe(true);
    expect(window.duplicateWindow).toHaveLength(1);
    const plain = compareWithClean(clean, run(twice));
    expect(plain.converged).toBe(false);
    expect(plain.alertDifferences).toHaveLength(1);
  });

  it('does not converge on a changed incident, a changed host state, a lost event or a dead letter', () => {
    expect(compareWithClean(clean, run({}, [{ ...incident, failureCount: 9 }])).incidentDifferences).toEqual([
      `${incident.id} (app01): failureCount`,
    ]);
    const state = run();
    state.stored.hostItems.set('host#app01/state', '{"latest":"y"}');
    expect(compareWithClean(clean, state).stateDifferences).toBe(1);
    expect(compareWithClean(clean, run({}, [incident], 9)).converged).toBe(false);
    expect(compareWithClean(clean, run({ deadLetters: 1 })).converged).toBe(false);
  });

  it('tells an evidence pointer to the other copy of an event shipped twice from a difference of facts', () => {
    const [first] = incident.evidence;
    if (!first) throw new Error('no evidence');
    const moved = {
      ...incident,
      evidence: [{ ...first, source: 'incoming/app01/resent', offset: 7 }, ...incident.evidence.slice(1)],
    };
    const check = compareWithClean(clean, run({}, [moved]));
    expect(check.converged).toBe(true);
    expect(check.incidentDifferences).toEqual([]);
    expect(check.pointerDifferences).toEqual([
      `${incident.id} (app01): evidence[].source, evidence[].offset`,
    ]);
    const changed = {
      ...moved,
      evidence: [{ ...first, recordId: first.recordId + 1 }, ...incident.evidence.slice(1)],
    };
    expect(compareWithClean(clean, run({}, [changed])).incidentDifferences).toEqual([
      `${incident.id} (app01): evidence[].recordId`,
    ]);
  });

  it('wants the corrupted object reported in its ingest record, and nothing else lost', () => {
    const reported = run({}, [incident], 4);
    const record = reported.stored.records.get(object.key);
    if (record)
      reported.stored.records.set(object.key, {
        ...record,
        errors: 1,
        errorSamples: [{ offset: 812, reason: 'invalid block type' }],
      });
    const check = compareWithClean(clean, reported, { key: object.key, events: 10 });
    expect(check.converged).toBe(true);
    expect(check.corrupted).toMatchObject({
      read: 4,
      generated: 10,
      errors: 1,
      reason: 'at byte 812: invalid block type',
    });
    expect(compareWithClean(clean, run({}, [incident], 4), { key: object.key, events: 10 }).converged).toBe(
      false,
    );
  });
});
