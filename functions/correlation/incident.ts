import { z } from 'zod';
import { EventTimeSchema } from '../reader/event-record.ts';
import {
  EvidenceSchema,
  LeakingProcessSchema,
  LogoffSchema,
  LogonSchema,
  RestartSchema,
} from '../signals/signal.ts';
import { ClientTallySchema } from './failure-session.ts';

/** Where one event of an incident came from, with what it was and when. */
export const IncidentEvidenceSchema = EvidenceSchema.extend({
  kind: z.enum(['leak', 'failure', 'restart', 'logon', 'logoff']),
  time: EventTimeSchema,
});
export type IncidentEvidence = z.infer<typeof IncidentEvidenceSchema>;

/**
 * - `at-risk`: a leak by dllhost/w3wp and no failure yet: the application fails on its next activation;
 * - `open`: failures follow the leak;
 * - `resolved`: the failing application restarted (restart evidence), was resolved by hand, or went `quiet`;
 * - `cleared`: an at-risk leak that ended without a failure (its process restarted, or `window` passed).
 */
export const IncidentStatusSchema = z.enum(['at-risk', 'open', 'resolved', 'cleared']);
export type IncidentStatus = z.infer<typeof IncidentStatusSchema>;

/** What ended an incident (or an at-risk leak). */
export const ResolutionSchema = z.object({
  by: z.enum(['restart', 'manual', 'quiet', 'window']),
  at: EventTimeSchema,
  /** The restart evidence, for `restart` and `manual`. */
  restart: RestartSchema.optional(),
});
export type Resolution = z.infer<typeof ResolutionSchema>;

/** The logoff of the leaking identity just before the leak, and the logon that began that session. */
export const LogoffCauseSchema = z.object({ logoff: LogoffSchema, logon: LogonSchema.optional() });

/** A COM+ / IIS application broken (or about to be) by a force-unloaded hive: a leak on a host and what followed. */
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
  /** Absent while at risk. */
  firstFailureAt: EventTimeSchema.optional(),
  lastFailureAt: EventTimeSchema.optional(),
  /** Distinct failure events (0 while at risk). */
  failureCount: z.number().int().min(0),
  /** Short names of the other computers that reported failures, sorted. */
  clients: z.array(z.string()),
  /** Failures per reporting computer (the host itself included, for server-side errors), by name; first/last are
   * the computer's first and last failure in the whole session. */
  perClient: z.array(ClientTallySchema),
  /** Failures of reporters beyond the tally limit. */
  otherClientFailures: z.number().int().min(1).optional(),
  /** CLSIDs named by the failures, upper case, sorted. */
  clsids: z.array(z.string()),
  status: IncidentStatusSchema,
  /** When it ended (see resolution). */
  resolvedAt: EventTimeSchema.optional(),
  resolution: ResolutionSchema.optional(),
  /** A restart seen after the last failure that has not settled yet (see `settle`), or came after `quiet`. */
  restartSeen: RestartSchema.optional(),
  /** Restarts of the leaking process (or host) while failures went on: they did not fix it. */
  ineffectiveRestarts: z.array(RestartSchema).optional(),
  /** Failures of the session more than `skew` before the leak (a client clock behind, a stray error): not counted. */
  failuresBeforeLeak: z.number().int().min(1).optional(),
  /** Too many failures before the leak to leave out: the application was failing already; counted in. */
  failingBeforeLeak: z.boolean().optional(),
  /** The logoff that made Windows unload the hive, when the Security log was shipped. */
  cause: LogoffCauseSchema.optional(),
  /** When an at-risk leak stops being a threat without a failure (`window` after it, or a restart). */
  atRiskUntil: EventTimeSchema.optional(),
  /** failureCount has reached the threshold. */
  alertable: z.boolean(),
  /** The leaks, a sample of the failures (first and last few), the restart that ended it, the logoff. */
  evidence: z.array(IncidentEvidenceSchema),
});
export type Incident = z.infer<typeof IncidentSchema>;

/** Failures that no leak explains, per host named: its leak was never shipped, or the name is an unknown alias. */
export const UnexplainedFailuresSchema = z.object({
  host: z.string(),
  /** The host as the failures named it (first seen). */
  hostAsNamed: z.string(),
  failureCount: z.number().int().min(1),
  firstFailureAt: EventTimeSchema,
  lastFailureAt: EventTimeSchema,
  clients: z.array(z.string()),
});
export type UnexplainedFailures = z.infer<typeof UnexplainedFailuresSchema>;
