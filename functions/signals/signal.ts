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
  /** The host whose shipper wrote the object, when it is not the event's Computer (forged-host setting `flag`). */
  shippedBy: z.string().optional(),
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

/** How the failure was recognised (detection-rules.ts): the DCOM event, or a form of ERROR_KEY_DELETED in the text. */
export const FailureFormSchema = z.enum([
  'dcom-10006',
  'hresult-hex',
  'hresult-decimal',
  'symbolic',
  'ntstatus',
  'binary',
  'message',
  'localized',
]);
export type FailureForm = z.infer<typeof FailureFormSchema>;

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
  /** Which rule matched; absent on signals stored before the forms were recorded. */
  form: FailureFormSchema.optional(),
  errorText: z.string(),
  clsid: z.string().optional(),
  process: z.object({ name: z.string().optional(), pid: z.number().int().optional() }).optional(),
  evidence: EvidenceSchema,
});
export type ActivationFailure = z.infer<typeof ActivationFailureSchema>;

/**
 * Evidence that the leaking process is gone: the host restarted, an IIS worker process was recycled or shut
 * down, a process exited, or someone resolved the incident by hand. Restarts end incidents (see correlate.ts).
 */
export const RestartSchema = z.object({
  kind: z.literal('restart'),
  host: z.string(),
  hostFqdn: z.string(),
  time: EventTimeSchema,
  /**
   * `host`: the whole machine (every process is new); `process`: one process, named by `pid` and `image`
   * (a recycled or idle-shut-down w3wp, an exited dllhost); `manual`: resolved by hand in the CLI.
   */
  scope: z.enum(['host', 'process', 'manual']),
  /** What the event says, in a few words: "host restarted", "app pool DefaultAppPool recycled", … */
  reason: z.string(),
  pid: z.number().int().min(0).optional(),
  /** Image name in lower case, where the event names it. */
  image: z.string().optional(),
  appPool: z.string().optional(),
  /** Manual resolutions: who, and their note. */
  by: z.string().optional(),
  note: z.string().optional(),
  evidence: EvidenceSchema,
});
export type Restart = z.infer<typeof RestartSchema>;

const SessionEventFields = {
  host: z.string(),
  hostFqdn: z.string(),
  time: EventTimeSchema,
  /** The account's SID (TargetUserSid). */
  sid: z.string(),
  /** `DOMAIN\user` as the event names it. */
  account: z.string(),
  /** TargetLogonId, lower-case hex: joins a logoff to its logon. */
  logonId: z.string(),
  /** Logon type (2 interactive, 4 batch, 5 service, 10 remote interactive, 11 cached); absent on 4647. */
  logonType: z.number().int().optional(),
  evidence: EvidenceSchema,
};

/** Security 4624: a logon of an identity whose hive may later be unloaded. */
export const LogonSchema = z.object({
  kind: z.literal('logon'),
  ...SessionEventFields,
  ip: z.string().optional(),
  workstation: z.string().optional(),
});
export type Logon = z.infer<typeof LogonSchema>;

/** Security 4634 / 4647 (or the User Profile Service's own logoff record): the identity logged off. */
export const LogoffSchema = z.object({
  kind: z.literal('logoff'),
  ...SessionEventFields,
});
export type Logoff = z.infer<typeof LogoffSchema>;

export const SignalSchema = z.discriminatedUnion('kind', [
  HiveLeakSchema,
  ActivationFailureSchema,
  RestartSchema,
  LogonSchema,
  LogoffSchema,
]);
export type Signal = z.infer<typeof SignalSchema>;
export type SignalKind = Signal['kind'];

/**
 * The identity of an event: (Computer, Channel, EventRecordID, TimeCreated), case-folded. Record ids start again
 * when a log is cleared; with the time, two different events are never taken for one.
 */
export function eventIdentity(e: {
  computer: string;
  channel: string;
  recordId: number;
  time: string;
}): string {
  return `${e.computer.toLowerCase()}|${e.channel.toLowerCase()}|${e.recordId}|${e.time}`;
}

/** The identity of the event behind a signal (see eventIdentity). */
export function eventKey(signal: {
  time: string;
  evidence: Pick<Evidence, 'computer' | 'channel' | 'recordId'>;
}): string {
  return eventIdentity({ ...signal.evidence, time: signal.time });
}

/** Event time order, ties broken by event identity: a total order independent of arrival. */
export function byTimeThenEvent(
  a: { time: string; evidence: Pick<Evidence, 'computer' | 'channel' | 'recordId'> },
  b: { time: string; evidence: Pick<Evidence, 'computer' | 'channel' | 'recordId'> },
): number {
  if (a.time !== b.time) return a.time < b.time ? -1 : 1;
  const x = eventKey(a);
  const y = eventKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
