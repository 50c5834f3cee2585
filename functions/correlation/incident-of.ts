import { createHash } from 'node:crypto';
import { eventTimeToNs, nsToEventTime } from '../reader/event-time.ts';
import { eventKey, type LeakingProcess, type Signal } from '../signals/signal.ts';
import type { IncidentDraft } from './correlate.ts';
import type { CorrelationConfig } from './correlation-config.ts';
import { byTimeThenEvent } from './distinct-signals.ts';
import type { Incident, IncidentEvidence } from './incident.ts';

/** The id of the incident a leak anchors: the same leak on the same host always gives the same id. */
export function incidentId(host: string, anchor: Signal): string {
  return createHash('sha256')
    .update(`${host}\n${eventKey(anchor.evidence)}`)
    .digest('hex')
    .slice(0, 16);
}

/**
 * Gives a draft its final shape; `horizon` is the event time up to which silence is known, `superseded`
 * says a later incident of the host exists (so this one went quiet).
 */
export function incidentOf(
  draft: IncidentDraft,
  config: CorrelationConfig,
  horizon: string,
  superseded = false,
): Incident {
  const { anchor, failures } = draft;
  const leaks = [anchor, ...draft.leaks.filter((leak) => leak !== anchor)];
  const first = failures[0];
  const last = failures[failures.length - 1];
  const lead = anchor.processes[0];
  if (!first || !last || !lead) throw new Error('an incident needs a failure and a leaking process');
  const resolvesNs = eventTimeToNs(last.time) + BigInt(config.quiet) * 1_000_000n;
  const resolved = superseded || resolvesNs <= eventTimeToNs(horizon);
  return {
    id: incidentId(anchor.host, anchor),
    host: anchor.host,
    hostFqdn: anchor.hostFqdn,
    process: lead.name.toLowerCase(),
    processes: distinctProcesses(leaks.flatMap((leak) => leak.processes)),
    pid: lead.pid,
    sid: anchor.sid,
    hive: anchor.hive,
    leakAt: anchor.time,
    firstFailureAt: first.time,
    lastFailureAt: last.time,
    failureCount: failures.length,
    clients: sortedUnique(failures.map((f) => f.reporter).filter((reporter) => reporter !== anchor.host)),
    clsids: sortedUnique(failures.flatMap((f) => (f.clsid ? [canonicalClsid(f.clsid)] : []))),
    status: resolved ? 'resolved' : 'open',
    ...(resolved ? { resolvedAt: nsToEventTime(resolvesNs) } : {}),
    alertable: failures.length >= config.threshold,
    evidence: [...leaks, ...failures].sort(byTimeThenEvent).map(evidenceOf),
  };
}

function evidenceOf(signal: Signal): IncidentEvidence {
  const { source, offset, computer, channel, recordId, provider, eventId } = signal.evidence;
  return {
    kind: signal.kind,
    source,
    offset,
    computer,
    channel,
    recordId,
    provider,
    eventId,
    time: signal.time,
  };
}

function distinctProcesses(processes: readonly LeakingProcess[]): LeakingProcess[] {
  const seen = new Map<string, LeakingProcess>();
  for (const p of processes) {
    const key = `${p.name.toLowerCase()}|${p.pid}`; // one process: both hives' 1530s list it
    if (!seen.has(key)) seen.set(key, { name: p.name.toLowerCase(), pid: p.pid, path: p.path });
  }
  return [...seen.values()];
}

/** `{…}` in upper case, however the event wrote it. */
function canonicalClsid(clsid: string): string {
  const bare = clsid.trim().replace(/^\{|\}$/g, '');
  return `{${bare.toUpperCase()}}`;
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
