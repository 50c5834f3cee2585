import type { Incident, UnexplainedFailures } from '../correlation/incident.ts';
import type { ScanResult } from './scan.ts';

/**
 * What `--json` prints, and nothing more: the design page's result document (its incident fields in its order),
 * with issue 9's additions — what ended each incident and the logoff that caused it, the at-risk leaks, and the
 * failures no leak explains.
 */
export function scanDocument(result: ScanResult) {
  return {
    incidents: result.incidents.map(documentIncident),
    atRisk: result.atRisk.map(documentRisk),
    unexplained: result.unexplained.map(documentUnexplained),
    stats: {
      files: result.stats.files,
      bytes: result.stats.bytes,
      events: result.stats.events,
      signals: result.stats.signals,
      errors: result.stats.errors.map(({ file, offset, reason }) => ({ file, offset, reason })),
    },
  };
}

/** An incident as the scan document writes it (the pipeline's stored incidents compare through it too). */
export function documentIncident(i: Incident) {
  return {
    id: i.id,
    host: i.host,
    hostFqdn: i.hostFqdn,
    process: i.process,
    processes: i.processes.map(({ name, pid, path }) => ({ name, pid, path })),
    pid: i.pid,
    sid: i.sid,
    leakAt: i.leakAt,
    firstFailureAt: i.firstFailureAt,
    lastFailureAt: i.lastFailureAt,
    failureCount: i.failureCount,
    clients: [...i.clients],
    clsids: [...i.clsids],
    status: i.status,
    ...(i.resolution ? { resolution: documentResolution(i) } : {}),
    ...(i.cause ? { cause: documentCause(i) } : {}),
    ...(i.failuresBeforeLeak ? { failuresBeforeLeak: i.failuresBeforeLeak } : {}),
    ...(i.failingBeforeLeak ? { failingBeforeLeak: true } : {}),
  };
}

function documentRisk(i: Incident) {
  return {
    id: i.id,
    host: i.host,
    hostFqdn: i.hostFqdn,
    process: i.process,
    pid: i.pid,
    sid: i.sid,
    leakAt: i.leakAt,
    status: i.status,
    atRiskUntil: i.atRiskUntil,
    ...(i.resolution ? { resolution: documentResolution(i) } : {}),
    ...(i.cause ? { cause: documentCause(i) } : {}),
  };
}

function documentResolution(i: Incident) {
  const r = i.resolution;
  if (!r) return undefined;
  return { by: r.by, at: r.at, ...(r.restart ? { evidence: r.restart.reason } : {}) };
}

function documentCause(i: Incident) {
  const c = i.cause;
  if (!c) return undefined;
  return {
    account: c.logoff.account,
    logoffAt: c.logoff.time,
    ...(c.logoff.logonType !== undefined ? { logonType: c.logoff.logonType } : {}),
    ...(c.logon ? { logonAt: c.logon.time, ...(c.logon.ip ? { ip: c.logon.ip } : {}) } : {}),
  };
}

function documentUnexplained(u: UnexplainedFailures) {
  return { ...u, clients: [...u.clients] };
}
