import { z } from 'zod';
import { EventTimeSchema } from '../reader/event-record.ts';

/** Where a signal came from: enough for an analyst to open the exact event again. */
export const EvidenceSchema = z.object({
  /** File path (offline scan) or S3 key (pipeline). */
  source: z.string(),
  /** Byte offset of the event in the (decompressed) object. */
  offset: z.number().int().min(0),
  computer: z.string(),
  channel: z.string(),
  recordId: z.number().int().min(0),
  provider: z.string(),
  eventId: z.number().int(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

export const LeakingProcessSchema = z.object({
  /** Image file name in lower case (`dllhost.exe`, `w3wp.exe`). */
  name: z.string(),
  pid: z.number().int().min(0),
  /** NT device path as written in the event. */
  path: z.string(),
});
export type LeakingProcess = z.infer<typeof LeakingProcessSchema>;

/** Event 1530 naming dllhost.exe or w3wp.exe: a COM+ / IIS process lost its identity's hive. */
export const HiveLeakSchema = z.object({
  kind: z.literal('leak'),
  /** Short host name (see shortHostName). */
  host: z.string(),
  /** Computer as written in the event. */
  hostFqdn: z.string(),
  time: EventTimeSchema,
  sid: z.string(),
  hive: z.enum(['user', 'classes']),
  /** Every matching process (dllhost/w3wp), each pid once, in order of first mention. */
  processes: z.array(LeakingProcessSchema).min(1),
  /** N of "N user registry handles leaked". */
  handleCount: z.number().int().min(0),
  evidence: EvidenceSchema,
});
export type HiveLeak = z.infer<typeof HiveLeakSchema>;

/** An activation that failed because of the unloaded hive, seen by a client or by the server itself. */
export const ActivationFailureSchema = z.object({
  kind: z.literal('failure'),
  /** Short name of the server whose application failed. */
  host: z.string(),
  /** The server's name as the reporting event gave it (param2 of 10006, or Computer). */
  hostAsNamed: z.string(),
  /** Short name of the computer that logged the event. */
  reporter: z.string(),
  /** Computer as written in the event. */
  reporterFqdn: z.string(),
  time: EventTimeSchema,
  failure: z.enum(['client-dcom-10006', 'server-error']),
  errorText: z.string(),
  clsid: z.string().optional(),
  process: z.object({ name: z.string().optional(), pid: z.number().int().optional() }).optional(),
  evidence: EvidenceSchema,
});
export type ActivationFailure = z.infer<typeof ActivationFailureSchema>;

export const SignalSchema = z.discriminatedUnion('kind', [HiveLeakSchema, ActivationFailureSchema]);
export type Signal = z.infer<typeof SignalSchema>;

/** The identity of the event behind a signal: (Computer, Channel, EventRecordID), case-folded. */
export function eventKey(evidence: Pick<Evidence, 'computer' | 'channel' | 'recordId'>): string {
  return `${evidence.computer.toLowerCase()}|${evidence.channel.toLowerCase()}|${evidence.recordId}`;
}
