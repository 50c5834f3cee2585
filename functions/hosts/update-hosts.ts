import { inheritedAlerts, overlaps, reconcileIncident } from '../alerts/outbox.ts';
import { type AuditEntry, AuditLimit, type StoredIncident } from '../alerts/stored-incident.ts';
import type { CorrelationConfig } from '../correlation/correlation-config.ts';
import { type CoverageRun, runsOverlap } from '../correlation/coverage.ts';
import {
  byPid,
  emptyHostState,
  type HostState,
  mergeHostStates,
  withClockHorizon,
} from '../correlation/host-state.ts';
import { type Identity, mergeIdentities } from '../correlation/identities.ts';
import type { Incident } from '../correlation/incident.ts';
import { incidentsOf } from '../correlation/incidents-of.ts';
import { CoverageConflictError, HostUpdateConflictError } from './errors.ts';
import type { CoverageBucket, HostLedger, LedgerWrite, StoredHost } from './host-ledger.port.ts';
import { placeRuns } from './place-runs.ts';

/** What to change on one host: signals to merge, and/or event time the clock has confirmed. */
export interface HostChange {
  host: string;
  partial?: HostState;
  /**
   * Signals to merge, decided on the host as read on each attempt (a person's resolution: none when the incident
   * already ended, so that of two people resolving at once only the first one's restart is recorded).
   */
  partialFor?: (stored: StoredHost | undefined) => HostState | undefined;
  clockHorizon?: string;
}

export interface UpdatePorts {
  ledger: HostLedger;
  config: CorrelationConfig;
  clock: () => Date;
  notifyAtRisk: boolean;
  /** Conflicts with concurrent writers retried this often before giving up (SQS then redelivers). */
  maxAttempts?: number;
  /** A person's action on one incident (the CLI's ack and resolve), kept on it in the same write. */
  annotate?: Annotation;
}

export interface Annotation {
  incidentId: string;
  /** The audit entry, given the incident as this write leaves it and as it was (to say what the action changed). */
  entry: (after: StoredIncident, before: StoredIncident | undefined) => AuditEntry;
  /** Record the acknowledgement on the incident. */
  acknowledge?: boolean;
}

/** An incident as written, with what this write decided about it. */
export interface SavedIncident {
  incident: StoredIncident;
  /** This write created it or changed its status. */
  statusChanged: boolean;
  /** This write queued a notification. */
  queued: string[];
}

/**
 * Applies changes to hosts, atomically with the coverage runs that make their signals count once:
 * 1. read the hosts' states and the incidents they gave (strongly consistent);
 * 2. merge the changes, compute each host's incidents (with the identities their leaks name);
 * 3. reconcile them with the stored incidents: the notification decisions (outbox.ts), successors taking over the
 *    notifications of the incidents they supersede;
 * 4. write it all in one transaction, each item only if unchanged since read; on a conflict, read again and redo.
 *    A conflict on coverage that brings a run overlapping ours means some of our signals may be counted already:
 *    CoverageConflictError, and the caller reads the object again.
 */
export async function updateHosts(
  changes: readonly HostChange[],
  coverage: { runs: CoverageRun[]; buckets: CoverageBucket[] } | undefined,
  ports: UpdatePorts,
): Promise<SavedIncident[]> {
  let buckets = coverage?.buckets ?? [];
  const attempts = ports.maxAttempts ?? 25;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const { write, saved, unchanged } = await prepare(changes, ports);
    if (coverage) write.coverage = placeRuns(coverage.runs, buckets);
    if (nothingToWrite(write, unchanged)) return saved;
    const result = await ports.ledger.commit(write);
    if (result.ok) return saved;
    if (result.staleCoverage.length > 0) {
      const fresh = await ports.ledger.refreshCoverage(result.staleCoverage);
      const theirs = fresh.flatMap((b) => b.runs);
      if (coverage?.runs.some((mine) => theirs.some((run) => runsOverlap(mine, run)))) {
        throw new CoverageConflictError('another object claimed events of this one meanwhile');
      }
      buckets = buckets.map((b) => fresh.find((f) => sameBucket(f, b)) ?? b);
    }
    await pause(attempt);
  }
  throw new HostUpdateConflictError(
    `hosts ${changes.map((c) => c.host).join(', ')} kept changing over ${attempts} attempts`,
  );
}

async function prepare(changes: readonly HostChange[], ports: UpdatePorts) {
  const hosts = [...new Set(changes.map((c) => c.host))];
  const stored = await ports.ledger.readHosts(hosts);
  const now = ports.clock();
  const write: LedgerWrite = { coverage: [], hosts: [], identities: [], processRestarts: [], incidents: [] };
  const saved: SavedIncident[] = [];
  const unchanged = new Set<string>();
  for (const host of hosts) {
    const before = stored.get(host);
    let state = before?.state ?? emptyHostState(host);
    const mine = changes
      .filter((c) => c.host === host)
      .map((c) => ({ ...c, partial: c.partialFor ? c.partialFor(before) : c.partial }));
    for (const change of mine) {
      if (change.partial)
        state = mergeHostStates(
          state,
          { ...change.partial, identities: [], processRestarts: [] },
          ports.config,
        );
      if (change.clockHorizon) state = withClockHorizon(state, change.clockHorizon);
    }
    const partialIdentities = mine.flatMap((c) => c.partial?.identities ?? []);
    const identities = await identitiesFor(host, state, partialIdentities, ports, write);
    const partialRestarts = mine.flatMap((c) => c.partial?.processRestarts ?? []);
    const processRestarts = await processRestartsFor(host, state, partialRestarts, ports, write);
    const { incidents } = incidentsOf({ ...state, identities, processRestarts }, ports.config);
    const version = (before?.version ?? 0) + 1;
    const decided = await reconcileHost(before, incidents, version, now, ports);
    write.incidents.push(...decided.writes);
    saved.push(...decided.saved);
    const known = incidents.map((i) => ({ id: i.id, status: i.status }));
    if (before && JSON.stringify([before.state, before.known]) === JSON.stringify([state, known]))
      unchanged.add(host);
    write.hosts.push({ host, state, known, expectedVersion: before?.version ?? 0 });
  }
  return { write, saved, unchanged };
}

/** The identities the host's incidents need (their leaks' SIDs) and those the change brings, merged and queued for writing. */
async function identitiesFor(
  host: string,
  state: HostState,
  partial: readonly Identity[],
  ports: UpdatePorts,
  write: LedgerWrite,
): Promise<Identity[]> {
  const sids = new Set([...state.leaks.map((l) => l.sid.toUpperCase()), ...partial.map((i) => i.sid)]);
  if (sids.size === 0) return [];
  const stored = await ports.ledger.readIdentities(host, [...sids]);
  const merged = mergeIdentities([...[...stored.values()].map((s) => s.identity), ...partial]);
  for (const identity of merged) {
    if (!partial.some((p) => p.sid === identity.sid)) continue;
    write.identities.push({ host, identity, expectedVersion: stored.get(identity.sid)?.version ?? 0 });
  }
  return merged;
}

/** The exits and recycles of the pids the host's leaks name and those the change brings, merged and queued for writing. */
async function processRestartsFor(
  host: string,
  state: HostState,
  partial: HostState['processRestarts'],
  ports: UpdatePorts,
  write: LedgerWrite,
): Promise<HostState['processRestarts']> {
  const pids = new Set([
    ...state.leaks.flatMap((l) => l.processes.map((p) => p.pid)),
    ...partial.map((p) => p.pid),
  ]);
  if (pids.size === 0) return [];
  const stored = await ports.ledger.readProcessRestarts(host, [...pids]);
  const merged = byPid([
    ...[...stored.values()].flatMap((s) => s.restarts),
    ...partial.flatMap((p) => p.restarts),
  ]);
  for (const { pid, restarts } of merged) {
    if (!partial.some((p) => p.pid === pid)) continue;
    write.processRestarts.push({ host, pid, restarts, expectedVersion: stored.get(pid)?.version ?? 0 });
  }
  return merged;
}

/** The notification decisions for one host's recomputed incidents, and the superseding of those it no longer gives. */
async function reconcileHost(
  before: StoredHost | undefined,
  computed: readonly Incident[],
  basis: number,
  now: Date,
  ports: UpdatePorts,
): Promise<{ writes: LedgerWrite['incidents']; saved: SavedIncident[] }> {
  const ids = new Set(computed.map((i) => i.id));
  const gone = (before?.known ?? [])
    .filter((k) => !ids.has(k.id) && k.status !== 'superseded')
    .map((k) => k.id);
  const stored = await ports.ledger.readIncidents([...ids, ...gone]);
  const predecessors = gone.flatMap((id) => {
    const incident = stored.get(id);
    return incident && incident.status !== 'superseded' ? [incident] : [];
  });
  const writes: LedgerWrite['incidents'] = [];
  const saved: SavedIncident[] = [];
  const taken = new Set<string>();
  for (const incident of computed) {
    const previous = stored.get(incident.id);
    const heirs =
      previous && previous.status !== 'superseded' ? [] : predecessors.filter((p) => overlaps(p, incident));
    for (const p of heirs) taken.add(p.id);
    let next = reconcileIncident(previous, incident, basis, {
      now,
      notifyAtRisk: ports.notifyAtRisk,
      ...(heirs.length > 0 ? { inherited: inheritedAlerts(heirs) } : {}),
    });
    if (ports.annotate?.incidentId === incident.id) next = annotated(next, previous, ports.annotate, now);
    if (!next) continue;
    writes.push({ incident: next, expectedVersion: previous?.version ?? 0 });
    for (const p of heirs)
      writes.push({ incident: superseded(p, next.id, now, basis), expectedVersion: p.version });
    const queued = Object.keys(next.alerts).filter((key) => !previous?.alerts[key]);
    saved.push({ incident: next, statusChanged: previous?.status !== next.status, queued });
  }
  for (const orphan of predecessors.filter((p) => !taken.has(p.id))) {
    writes.push({ incident: superseded(orphan, undefined, now, basis), expectedVersion: orphan.version });
  }
  return { writes, saved };
}

/** The incident with the action's audit entry (even when nothing else changed: every action is recorded). */
function annotated(
  next: StoredIncident | undefined,
  previous: StoredIncident | undefined,
  annotation: Annotation,
  now: Date,
): StoredIncident | undefined {
  const base =
    next ??
    (previous ? { ...previous, version: previous.version + 1, updatedAt: now.toISOString() } : undefined);
  if (!base) return undefined;
  const entry = annotation.entry(base, previous);
  return {
    ...base,
    audit: [...base.audit, entry].slice(-AuditLimit),
    ...(annotation.acknowledge && !base.acknowledged
      ? { acknowledged: { by: entry.by, at: entry.at, note: entry.note } }
      : {}),
  };
}

function superseded(
  incident: StoredIncident,
  by: string | undefined,
  now: Date,
  basis: number,
): StoredIncident {
  // its notifications went to the successor; a superseded incident's outbox is never sent from (outbox.ts dueAlert)
  return {
    ...incident,
    status: 'superseded',
    ...(by ? { supersededBy: by } : {}),
    basis,
    version: incident.version + 1,
    updatedAt: now.toISOString(),
  };
}

/** Nothing changed: no incident, identity or run to write, and every host state as stored. */
function nothingToWrite(write: LedgerWrite, unchanged: ReadonlySet<string>): boolean {
  return (
    write.coverage.length === 0 &&
    write.identities.length === 0 &&
    write.processRestarts.length === 0 &&
    write.incidents.length === 0 &&
    write.hosts.every((h) => unchanged.has(h.host))
  );
}

function sameBucket(a: CoverageBucket, b: CoverageBucket): boolean {
  return a.computer === b.computer && a.channel === b.channel && a.bucket === b.bucket;
}

/** Backs off with jitter so that writers racing on one host do not collide again in step. */
function pause(attempt: number): Promise<void> {
  const ms = Math.min(1000, 10 * 2 ** Math.min(attempt, 7)) * (0.5 + Math.random());
  return new Promise((resolve) => setTimeout(resolve, ms));
}
