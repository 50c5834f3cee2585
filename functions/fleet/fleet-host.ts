import { z } from 'zod';

/** The two notices about a shipping host: it went silent, and it came back. */
export const FleetNoticeKindSchema = z.enum(['host-silent', 'host-back']);
export type FleetNoticeKind = z.infer<typeof FleetNoticeKindSchema>;

/** One notice in a host's outbox: pending → sending (one claimant, with a lease) → sent, like incident alerts. */
export const FleetNoticeSchema = z.object({
  kind: FleetNoticeKindSchema,
  /** Order of the decision: a notice goes out only after every earlier one was sent. */
  seq: z.number().int().min(1),
  state: z.enum(['pending', 'sending', 'sent']),
  attempts: z.number().int().min(0),
  decidedAt: z.string(),
  /** When the host had last shipped, as the decision saw it. */
  lastSeenAt: z.string(),
  /** `host-back`: when the silence began (the last object before it). */
  silentSince: z.string().optional(),
  claim: z.string().optional(),
  claimedAt: z.string().optional(),
  messageId: z.string().optional(),
  sentAt: z.string().optional(),
  lastError: z.string().optional(),
});
export type FleetNotice = z.infer<typeof FleetNoticeSchema>;

/**
 * A host that ships objects, as the state table keeps it (one small item per host, `fleet` / `<host>`): when its
 * last object arrived, how current its events are, and whether it is silent. Ingest moves it forward only.
 */
export const FleetHostSchema = z.object({
  /** Short name: the `incoming/<host>/` prefix, or the events' Computer for Firehose objects. */
  host: z.string(),
  /** Clock time of the first object ingested from it (ISO). */
  firstSeenAt: z.string(),
  /** Clock time its latest object was ingested (ISO): what silence is measured from. */
  lastSeenAt: z.string(),
  lastObjectKey: z.string(),
  /** The latest event time any of its objects held. */
  lastEventAt: z.string().optional(),
  /** Set while it is silent: its `lastSeenAt` when the silence was decided. */
  silentSince: z.string().optional(),
  /** Silences so far: the n of `silent#n` / `back#n`. */
  silences: z.number().int().min(0),
  /** The notices of the current (and at most the previous) silence, by key `silent#n` / `back#n`. */
  notices: z.record(z.string(), FleetNoticeSchema),
});
export type FleetHost = z.infer<typeof FleetHostSchema>;

/** What one object tells about its shipper: it is alive, and how current it is. */
export interface Shipment {
  host: string;
  objectKey: string;
  /** Clock time of the ingestion (ISO). */
  ingestedAt: string;
  latestEventAt?: string;
  events: number;
  errors: number;
}

export function silentKey(n: number): string {
  return `silent#${n}`;
}

export function backKey(n: number): string {
  return `back#${n}`;
}

/** The notices in decision order. */
export function noticesInOrder(host: Pick<FleetHost, 'notices'>): [string, FleetNotice][] {
  return Object.entries(host.notices).sort(([, a], [, b]) => a.seq - b.seq);
}
