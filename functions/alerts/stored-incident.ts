import { z } from 'zod';
import { IncidentSchema, IncidentStatusSchema } from '../correlation/incident.ts';

/**
 * The notifications of an incident: `opened` (the page), `resolved` and `reopened` (each time it ends or fails
 * again), `at-risk` (a leak with no failure yet, when the stack is set to say so).
 */
export const AlertKindSchema = z.enum(['opened', 'resolved', 'reopened', 'at-risk']);
export type AlertKind = z.infer<typeof AlertKindSchema>;

/**
 * One notification in the incident's outbox. pending → sending (claimed by one invocation, with a lease)
 * → sent (with the SNS message id). A failed publish goes back to pending for the sweeper.
 */
export const OutboxEntrySchema = z.object({
  kind: AlertKindSchema,
  /** Order of the decision: an entry goes out only after every earlier one was sent. */
  seq: z.number().int().min(1),
  state: z.enum(['pending', 'sending', 'sent']),
  attempts: z.number().int().min(0),
  decidedAt: z.string(),
  claim: z.string().optional(),
  claimedAt: z.string().optional(),
  messageId: z.string().optional(),
  sentAt: z.string().optional(),
  lastError: z.string().optional(),
});
export type OutboxEntry = z.infer<typeof OutboxEntrySchema>;

/** Who did what to an incident by hand (the CLI), kept on it. */
export const AuditEntrySchema = z.object({
  action: z.enum(['ack', 'resolve']),
  /** The caller's AWS identity (ARN), or the local user in local mode. */
  by: z.string(),
  at: z.string(),
  note: z.string(),
  /** What it changed: `resolved` (this resolution took effect), `already resolved`, `acknowledged`. */
  outcome: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** Audit entries kept on the item (the latest ones). */
export const AuditLimit = 50;

/** An incident as the pipeline keeps it: the correlation result plus what the store and the outbox need. */
export const StoredIncidentSchema = IncidentSchema.extend({
  /**
   * `superseded`: the incident's failures are now anchored on another leak, or joined another incident (events
   * that arrived late); the successor took over its notifications, and `supersededBy` names it.
   */
  status: z.union([IncidentStatusSchema, z.literal('superseded')]),
  supersededBy: z.string().optional(),
  /** The version of the host state it was computed from: a computation on an older one changes nothing. */
  basis: z.number().int().min(0),
  /** Optimistic-locking counter: every write bumps it. */
  version: z.number().int().min(1),
  updatedAt: z.string(),
  /** By key: `opened`, `at-risk`, `resolved#1`, `reopened#1`, `resolved#2`, … */
  alerts: z.record(z.string(), OutboxEntrySchema),
  acknowledged: z.object({ by: z.string(), at: z.string(), note: z.string() }).optional(),
  audit: z.array(AuditEntrySchema),
});
export type StoredIncident = z.infer<typeof StoredIncidentSchema>;
export type IncidentStatusName = StoredIncident['status'];

/** The outbox entries in decision order. */
export function alertsInOrder(incident: Pick<StoredIncident, 'alerts'>): [string, OutboxEntry][] {
  return Object.entries(incident.alerts).sort(([, a], [, b]) => a.seq - b.seq);
}

/** The correlation facts of a stored incident, without what the store adds. */
export function incidentFacts(stored: StoredIncident) {
  const { basis, version, updatedAt, alerts, supersededBy, acknowledged, audit, status, ...facts } = stored;
  return { ...facts, status: status === 'superseded' ? ('resolved' as const) : status };
}
