import type { Incident } from '../correlation/incident.ts';
import type { ScanResult } from './scan.ts';

/** The design page's scan result, field for field and in its order: what `--json` prints, and nothing more. */
export function scanDocument(result: ScanResult) {
  return {
    incidents: result.incidents.map(documentIncident),
    stats: {
      files: result.stats.files,
      bytes: result.stats.bytes,
      events: result.stats.events,
      signals: result.stats.signals,
      errors: result.stats.errors.map(({ file, offset, reason }) => ({ file, offset, reason })),
    },
  };
}

function documentIncident(i: Incident) {
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
  };
}
