import { byTimeThenEvent, eventKey, type HiveLeak, type Restart, type Signal } from '../signals/signal.ts';
import type { CorrelationConfig } from './correlation-config.ts';
import type { CountedFailures } from './failures-from.ts';
import type { HostState } from './host-state.ts';
import { logoffBefore } from './identities.ts';
import type { Incident, IncidentEvidence, IncidentStatus, Resolution } from './incident.ts';
import { distinctProcesses, incidentId } from './leak-reach.ts';

/** The first failures an incident names as evidence (with the last few: the sample the incident page draws). */
const EVIDENCE_FIRST = 20;

export interface IncidentOutcome {
  status: IncidentStatus;
  session?: CountedFailures;
  resolution?: Resolution;
  restartSeen?: Restart;
  ineffectiveRestarts?: Restart[];
  atRiskUntil?: string;
}

/** Processes an incident names at most (its item is 400 KB at most, with its clients and evidence). */
export const INCIDENT_PROCESSES = 64;

/** An incident's shape, from its leaks (anchor first), its session of failures if any, and how it stands. */
export function incidentFacts(
  state: HostState,
  anchor: HiveLeak,
  leaks: readonly HiveLeak[],
  config: CorrelationConfig,
  outcome: IncidentOutcome,
): Incident {
  // each leak keeps at most PROCESSES_KEPT; an incident of many leaks names the first INCIDENT_PROCESSES of them
  const processes = distinctProcesses(leaks).slice(0, INCIDENT_PROCESSES);
  const lead = anchor.processes[0];
  if (!lead) throw new Error('a leak names at least one process');
  const session = outcome.session;
  const cause = logoffBefore(state.identities, anchor.sid, anchor.time, config.skew);
  const evidence: Signal[] = [
    ...leaks,
    ...(session
      ? distinct([...session.firstFailures.slice(0, EVIDENCE_FIRST), ...session.lastFailures])
      : []),
    ...(outcome.resolution?.restart ? [outcome.resolution.restart] : []),
    ...(cause ? [cause.logoff, ...(cause.logon ? [cause.logon] : [])] : []),
  ];
  const incident: Incident = {
    id: incidentId(state.host, anchor),
    host: state.host,
    hostFqdn: anchor.hostFqdn,
    process: lead.name.toLowerCase(),
    processes,
    pid: lead.pid,
    sid: anchor.sid,
    hive: anchor.hive,
    leakAt: anchor.time,
    failureCount: session?.count ?? 0,
    clients: session ? session.clients.map((c) => c.name).filter((name) => name !== state.host) : [],
    perClient: session?.clients ?? [],
    clsids: session?.clsids ?? [],
    status: outcome.status,
    alertable: (session?.count ?? 0) >= config.threshold,
    evidence: evidence.sort(byTimeThenEvent).map(evidenceOf),
  };
  if (session) {
    incident.firstFailureAt = session.first;
    incident.lastFailureAt = session.last;
    if (session.otherClientFailures) incident.otherClientFailures = session.otherClientFailures;
    if (session.before > 0) incident.failuresBeforeLeak = session.before;
    if (session.failingBeforeLeak) incident.failingBeforeLeak = true;
  }
  if (outcome.resolution) {
    incident.resolution = outcome.resolution;
    incident.resolvedAt = outcome.resolution.at;
  }
  if (outcome.restartSeen) incident.restartSeen = outcome.restartSeen;
  if (outcome.ineffectiveRestarts) incident.ineffectiveRestarts = outcome.ineffectiveRestarts;
  if (outcome.atRiskUntil) incident.atRiskUntil = outcome.atRiskUntil;
  if (cause) incident.cause = cause;
  return incident;
}

function evidenceOf(signal: Signal): IncidentEvidence {
  return { ...signal.evidence, kind: signal.kind, time: signal.time };
}

function distinct<T extends Signal>(signals: readonly T[]): T[] {
  const byKey = new Map<string, T>();
  for (const signal of signals) byKey.set(eventKey(signal), signal);
  return [...byKey.values()];
}
