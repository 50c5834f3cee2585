import { z } from 'zod';
import { type Incident, IncidentSchema } from '../correlation/incident.ts';

export const AlertKindSchema = z.enum(['opened', 'resolved']);
export type AlertKind = z.infer<typeof AlertKindSchema>;

/**
 * One notification in the incident's outbox. pending → sending (claimed by one invocation, with a lease)
 * → sent (with the SNS message id). A failed publish goes back to pending for the sweeper.
 */
export const OutboxEntrySchema = z.object({
  state: z.enum(['pending', 'sending', 'sent']),
  attempts: z.number().int().min(0),
  claim: z.string().optional(),
  claimedAt: z.string().optional(),
  messageId: z.string().optional(),
  sentAt: z.string().optional(),
  lastError: z.string().optional(),
});
export type OutboxEntry = z.infer<typeof OutboxEntrySchema>;

/** An incident as the pipeline keeps it: the correlation result plus what the store and the outbox need. */
export const StoredIncidentSchema = IncidentSchema.extend({
  /**
   * `superseded`: a recomputation on more signals anchored the same failures on another leak (signals that
   * arrived late or out of order); the successor took over its alert, and `supersededBy` names it.
   */
  status: z.enum(['open', 'resolved', 'superseded']),
  supersededBy: z.string().optional(),
  /** Evidence is capped on the item (400 KB limit); this is how many events there were in all. */
  evidenceCount: z.number().int().min(0),
  /** How many signals the host had when this state was computed: a computation on fewer is stale. */
  basis: z.number().int().min(0),
  /** Optimistic-locking counter. */
  version: z.number().int().min(1),
  updatedAt: z.string(),
  openedAlert: OutboxEntrySchema.optional(),
  resolvedAlert: OutboxEntrySchema.optional(),
});
export type StoredIncident = z.infer<typeof StoredIncidentSchema>;

/** Evidence kept on the item: every leak, then failures in time order, up to this many entries. */
export const EvidenceLimit = 100;

/** The correlation facts of a stored incident, without what the store adds. */
export function incidentFacts(stored: StoredIncident): Incident {
  const {
    evidenceCount,
    basis,
    version,
    updatedAt,
    openedAlert,
    resolvedAlert,
    supersededBy,
    status,
    ...facts
  } = stored;
  return { ...facts, status: status === 'superseded' ? 'resolved' : status };
}
