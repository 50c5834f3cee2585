/**
 * What the load run must show, against the generator's facts: each planted incident stored once with the right facts
 * and paged once (and its ending sent once), no page for anything else, every event of every object read, every
 * signal counted once.
 */
import type { StoredIncident } from '../../functions/alerts/stored-incident.ts';
import type { IncidentFacts } from '../../samples/fleet-scenario.ts';
import type { RunResult } from './fleet-run.ts';
import { alertsByIncident, finalIncidentOf } from './incident-map.ts';
import type { LoggedAlert } from './on-call-log.ts';

export interface IncidentCheck {
  facts: IncidentFacts;
  stored?: StoredIncident;
  /** Stored incidents that match it (exactly one expected). */
  matches: number;
  differences: string[];
  opened: number;
  endings: number;
  /** Seconds from the upload of the object that made it alertable to the page. */
  latency?: number;
}

export interface LoadCheck {
  incidents: IncidentCheck[];
  foundOnce: number;
  decoyAlerts: LoggedAlert[];
  /** Alertable incidents nobody planted. */
  unexpected: StoredIncident[];
  events: {
    generated: number;
    read: number;
    lost: number;
    extra: number;
    mismatched: string[];
    missing: string[];
  };
  signals: { generated: number; read: number; distinct: number; counted: number; mismatched: string[] };
}

export function checkLoad(run: RunResult): LoadCheck {
  const { incidents } = run.stored;
  const finalOf = finalIncidentOf(incidents);
  const byIncident = alertsByIncident(run.alerts, incidents);
  const live = incidents.filter((i) => i.status !== 'superseded');
  const checks = run.facts.incidents.map((facts) => checkIncident(run, facts, live, byIncident));
  const planted = new Set(checks.flatMap((c) => (c.stored ? [c.stored.id] : [])));
  const decoyAlerts = run.alerts.filter((a) => !planted.has(finalOf(a.incidentId)));
  const unexpected = live.filter((i) => i.alertable && !planted.has(i.id));
  return {
    incidents: checks,
    foundOnce: checks.filter((c) => c.matches === 1 && c.differences.length === 0).length,
    decoyAlerts,
    unexpected,
    events: eventsOf(run),
    signals: signalsOf(run),
  };
}

function checkIncident(
  run: RunResult,
  facts: IncidentFacts,
  live: readonly StoredIncident[],
  byIncident: Map<string, LoggedAlert[]>,
): IncidentCheck {
  const matches = live.filter(
    (i) => i.host === facts.host && i.leakAt === facts.leakAt && i.failureCount > 0,
  );
  const stored = matches[0];
  const opened = stored ? (byIncident.get(`${stored.id}|opened`) ?? []) : [];
  const endings = stored ? (byIncident.get(`${stored.id}|resolved`) ?? []).length : 0;
  const differences: string[] = [];
  if (stored) {
    const expect = (field: string, actual: unknown, wanted: unknown) => {
      if (JSON.stringify(actual) !== JSON.stringify(wanted))
        differences.push(`${field} ${JSON.stringify(actual)} ≠ ${JSON.stringify(wanted)}`);
    };
    expect('process', stored.process, facts.process);
    expect('pid', stored.pid, facts.pid);
    expect('sid', stored.sid, facts.sid);
    expect('firstFailureAt', stored.firstFailureAt, facts.firstFailureAt);
    expect('lastFailureAt', stored.lastFailureAt, facts.lastFailureAt);
    expect('failureCount', stored.failureCount, facts.failureCount);
    expect('clients', stored.clients, facts.clients);
    expect(
      'perClient',
      sortedKeys(Object.fromEntries(stored.perClient.map((c) => [c.name, c.count]))),
      sortedKeys(facts.perReporter),
    );
    expect('status', stored.status, facts.status);
    expect('resolution', stored.resolution?.by, facts.resolvedBy);
    expect('cause', stored.cause?.logoff.time, facts.causeLogoffAt);
    expect('opened alerts', opened.length, 1);
    expect('ending alerts', endings, facts.status === 'resolved' ? 1 : 0);
  } else differences.push('not found');
  const alertable = Math.max(
    run.uploadedAt.get(`${facts.leak.window}|${facts.leak.host}`) ?? 0,
    run.uploadedAt.get(`${facts.firstFailure.window}|${facts.firstFailure.host}`) ?? 0,
  );
  const page = opened[0];
  return {
    facts,
    ...(stored ? { stored } : {}),
    matches: matches.length,
    differences,
    opened: opened.length,
    endings,
    ...(page && alertable ? { latency: Math.max(0, (page.publishedAt - alertable) / 1000) } : {}),
  };
}

const sortedKeys = (record: Record<string, number>) =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));

/** Per object, events in its ingest record against events generated. */
export function eventsOf(run: RunResult, except?: string): LoadCheck['events'] {
  const result = {
    generated: 0,
    read: 0,
    lost: 0,
    extra: 0,
    mismatched: [] as string[],
    missing: [] as string[],
  };
  for (const object of run.generated.values()) {
    if (object.key === except) continue;
    result.generated += object.events;
    const record = run.stored.records.get(object.key);
    if (!record) {
      result.missing.push(object.key);
      result.lost += object.events;
      continue;
    }
    result.read += record.events;
    if (record.events !== object.events)
      result.mismatched.push(`${object.key}: ${record.events} of ${object.events}`);
    result.lost += Math.max(0, object.events - record.events);
    result.extra += Math.max(0, record.events - object.events);
  }
  return result;
}

/** Signals per object (records) against generated; new signals over every ingestion against distinct signals generated. */
function signalsOf(run: RunResult): LoadCheck['signals'] {
  const result = { generated: 0, read: 0, distinct: 0, counted: 0, mismatched: [] as string[] };
  for (const object of run.generated.values()) {
    result.generated += object.signals;
    result.distinct += object.newSignals;
    const record = run.stored.records.get(object.key);
    result.read += record?.signals ?? 0;
    if (record && record.signals !== object.signals)
      result.mismatched.push(`${object.key}: ${record.signals} of ${object.signals}`);
  }
  result.counted = run.ingestions.reduce((n, r) => n + r.newSignals, 0);
  return result;
}
