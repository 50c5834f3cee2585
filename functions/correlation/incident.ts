import { z } from 'zod';
import { EventTimeSchema } from '../reader/event-record.ts';
import { EvidenceSchema, LeakingProcessSchema } from '../signals/signal.ts';

/** Where one event of an incident came from, with what it was and when. */
export const IncidentEvidenceSchema = EvidenceSchema.extend({
  kind: z.enum(['leak', 'failure']),
  time: EventTimeSchema,
});
export type IncidentEvidence = z.infer<typeof IncidentEvidenceSchema>;

/** A COM+ / IIS application broken by a force-unloaded hive: a leak on a host and the failures that followed. */
export const IncidentSchema = z.object({
  /** Deterministic: a hash of the host and the event of the anchoring leak. */
  id: z.string(),
  /** Short host name of the server. */
  host: z.string(),
  /** The server's Computer as its anchoring leak wrote it. */
  hostFqdn: z.string(),
  /** Image name (lower case) of the anchoring leak's first matching process. */
  process: z.string(),
  /** Every matching process of the incident's leaks, anchoring leak first. */
  processes: z.array(LeakingProcessSchema),
  pid: z.number().int(),
  /** SID of the identity whose hive was unloaded. */
  sid: z.string(),
  hive: z.enum(['user', 'classes']),
  leakAt: EventTimeSchema,
  firstFailureAt: EventTimeSchema,
  lastFailureAt: EventTimeSchema,
  /** Distinct failure events. */
  failureCount: z.number().int().min(1),
  /** Short names of the other computers that reported failures, sorted. */
  clients: z.array(z.string()),
  /** CLSIDs named by the failures, upper case, sorted. */
  clsids: z.array(z.string()),
  status: z.enum(['open', 'resolved']),
  /** lastFailureAt + quiet, when that is at or before the horizon. */
  resolvedAt: EventTimeSchema.optional(),
  /** failureCount has reached the threshold. */
  alertable: z.boolean(),
  /** Every leak and failure of the incident, in time order. */
  evidence: z.array(IncidentEvidenceSchema),
});
export type Incident = z.infer<typeof IncidentSchema>;
