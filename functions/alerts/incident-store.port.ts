import type { Incident } from '../correlation/incident.ts';
import type { AlertKind, StoredIncident } from './stored-incident.ts';

export interface AlertClaim {
  readonly token: string;
  readonly now: Date;
  /** A `sending` claim older than this is taken over (its invocation died); ISO time. */
  readonly leaseExpiredBefore: string;
}

/** A stored incident after a save, with the decisions that save took (each is taken by exactly one save). */
export interface SavedIncident {
  readonly incident: StoredIncident;
  /** This save queued the `opened` alert: the incident reached the threshold. */
  readonly alertQueued: boolean;
  /** This save moved the incident to resolved. */
  readonly resolved: boolean;
}

/** Where incidents and their alert outbox live (DynamoDB in the pipeline, a Map in unit tests). */
export interface IncidentStore {
  /**
   * Reconciles a host's recomputed incidents (see reconcileIncident) and returns their stored state after.
   * Stored incidents of the host that the recomputation no longer has are marked superseded; an overlapping
   * new incident takes over their opened notification.
   */
  saveComputed(
    host: string,
    incidents: readonly Incident[],
    basis: number,
    now: Date,
  ): Promise<SavedIncident[]>;
  /** Takes the outbox entry for this invocation; undefined when another one holds it or it is not due. */
  claimAlert(id: string, kind: AlertKind, claim: AlertClaim): Promise<StoredIncident | undefined>;
  /** Records the publish; false when the claim was lost meanwhile (the lease ran out and another took it). */
  completeAlert(id: string, kind: AlertKind, token: string, messageId: string, now: Date): Promise<boolean>;
  /** Gives the entry back as pending after a failed publish, for the sweeper. */
  releaseAlert(id: string, kind: AlertKind, token: string, reason: string): Promise<void>;
  get(id: string): Promise<StoredIncident | undefined>;
  /** Incidents of a status whose leak is at or after `leakSince` (ISO event time), by leak time. */
  listByStatus(status: Incident['status'], leakSince?: string): Promise<StoredIncident[]>;
  listByHost(host: string): Promise<StoredIncident[]>;
}
