import type { AlertKind, IncidentStatusName, StoredIncident } from './stored-incident.ts';

export interface AlertClaim {
  readonly token: string;
  readonly now: Date;
  /** A `sending` claim older than this is taken over (its invocation died); ISO time. */
  readonly leaseExpiredBefore: string;
}

/** One page of a listing, and where the next one starts (undefined: the last page). */
export interface IncidentPage {
  incidents: StoredIncident[];
  next?: string;
}

export interface ListOptions {
  /** Leak time at or after / before (ISO event time). */
  since?: string;
  until?: string;
  /** Newest first (by leak time). */
  newestFirst?: boolean;
  limit?: number;
  /** From IncidentPage.next. */
  after?: string;
}

/**
 * Incidents and their alert outbox (DynamoDB in the pipeline). Incidents are written by the host ledger together
 * with their host's state; this port reads them and moves their notifications along.
 */
export interface IncidentStore {
  /** Takes the outbox entry for this invocation; undefined when another one holds it or it is not due. */
  claimAlert(id: string, key: string, claim: AlertClaim): Promise<StoredIncident | undefined>;
  /** Records the publish; false when the claim was lost meanwhile (the lease ran out and another took it). */
  completeAlert(id: string, key: string, token: string, messageId: string, now: Date): Promise<boolean>;
  /** Gives the entry back as pending after a failed publish, for the sweeper. */
  releaseAlert(id: string, key: string, token: string, reason: string): Promise<void>;
  get(id: string): Promise<StoredIncident | undefined>;
  /** Incidents of a status, by leak time, a page at a time (a query on the status index). */
  listByStatus(status: IncidentStatusName, options?: ListOptions): Promise<IncidentPage>;
  /** Incidents of a host, by leak time, a page at a time (a query on the host index). */
  listByHost(host: string, options?: ListOptions): Promise<IncidentPage>;
}

export type { AlertKind };
