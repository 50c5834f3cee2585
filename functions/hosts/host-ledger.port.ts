import type { AuditEntry, StoredIncident } from '../alerts/stored-incident.ts';
import type { CoverageRun } from '../correlation/coverage.ts';
import type { HostState } from '../correlation/host-state.ts';
import type { Identity } from '../correlation/identities.ts';
import type { Restart } from '../signals/signal.ts';

/** A host's state as stored (without its identities and process restarts, which live apart) and what the last computation produced. */
export interface StoredHost {
  state: HostState;
  version: number;
  /** The ids and statuses of the incidents the stored state gives: what a new computation reconciles against. */
  known: { id: string; status: string }[];
}

/** The runs stored for one channel in one time bucket (coverage.ts). */
export interface CoverageBucket {
  computer: string;
  channel: string;
  /** `2026-11-17T11` (an hour), or `long` for runs spanning more than a few hours. */
  bucket: string;
  runs: CoverageRun[];
  /** 0 when the bucket was never written. */
  version: number;
}

export interface StoredIdentity {
  host: string;
  identity: Identity;
  version: number;
}

/** The latest exits and recycles of one process id on a host (host-state.ts RESTARTS_PER_PID). */
export interface StoredProcessRestarts {
  host: string;
  pid: number;
  restarts: Restart[];
  version: number;
}

/** Everything one atomic commit writes; each item only if its version is still the one read. */
export interface LedgerWrite {
  coverage: { bucket: CoverageBucket; runs: CoverageRun[] }[];
  hosts: { host: string; state: HostState; known: StoredHost['known']; expectedVersion: number }[];
  identities: { host: string; identity: Identity; expectedVersion: number }[];
  processRestarts: { host: string; pid: number; restarts: Restart[]; expectedVersion: number }[];
  /** New or changed incidents; `expectedVersion` 0 for a new one. */
  incidents: { incident: StoredIncident; expectedVersion: number }[];
}

export type CommitResult = { ok: true } | { ok: false; reason: 'conflict'; staleCoverage: CoverageBucket[] };

/**
 * Where host states, coverage runs, identities and incidents live, written together: DynamoDB transactions in the
 * pipeline. Every read is strongly consistent; a commit either writes everything or nothing.
 */
export interface HostLedger {
  /** The buckets that may hold runs claiming (computer, channel, time): its hour and the channel's long runs. */
  coverage(computer: string, channel: string, time: string): Promise<CoverageBucket[]>;
  /** Reads the buckets again (after a conflict). */
  refreshCoverage(buckets: readonly CoverageBucket[]): Promise<CoverageBucket[]>;
  readHosts(hosts: readonly string[]): Promise<Map<string, StoredHost>>;
  readIdentities(host: string, sids: readonly string[]): Promise<Map<string, StoredIdentity>>;
  readProcessRestarts(host: string, pids: readonly number[]): Promise<Map<number, StoredProcessRestarts>>;
  readIncidents(ids: readonly string[]): Promise<Map<string, StoredIncident>>;
  commit(write: LedgerWrite): Promise<CommitResult>;
  /** Appends an audit entry (and acknowledgement) to an incident outside a state change. */
  annotate?(id: string, entry: AuditEntry, expectedVersion: number): Promise<boolean>;
}

/** The hour bucket of an event time. */
export function hourBucket(time: string): string {
  return time.slice(0, 13);
}
