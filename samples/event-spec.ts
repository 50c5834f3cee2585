/**
 * What a sample event is made of: the fields Windows writes, with optional ones left out exactly
 * when the spec leaves them undefined, so tests can build both modern and classic events.
 */

/** A `<Data>` item. `raw` is written verbatim (entities, numeric references, broken markup). */
export type DataSpec = { name?: string; value: string } | { name?: string; raw: string };

export interface EventSpec {
  provider: { name: string; guid?: string; eventSourceName?: string };
  eventId: number;
  qualifiers?: number;
  /** Classic events (no Version/Task/Opcode/Correlation/Execution) leave these out. */
  classic?: boolean;
  version?: number;
  level?: number;
  task?: number;
  opcode?: number;
  /** Hex as Windows writes it (`0x80000000000000`); libevtx pads it to 16 digits. */
  keywords?: string;
  /** `SystemTime` as written: 7 fractional digits from Windows, 9 from libevtx. */
  timeCreated: string;
  recordId: number;
  channel: string;
  computer: string;
  userId?: string;
  processId?: number;
  threadId?: number;
  activityId?: string;
  eventDataName?: string;
  data?: DataSpec[];
  /** Markup placed inside `<UserData>` as is (then no `<EventData>` is written). */
  userData?: string;
  /** Hex placed in `<EventData><Binary>`. */
  binary?: string;
  /** `RenderingInfo/Message` (wevtutil /f:RenderedXml, Event Viewer); written escaped. */
  message?: string;
  /** The rest of `RenderingInfo` as Windows writes it; without it: the level's name and the provider. */
  rendering?: RenderingSpec;
  /** Fluent Bit: collection time of the record (`date`), which is not the event time. */
  collectedAt?: string;
}

/**
 * The names Windows renders after the message, each written only when given, in Windows' order
 * (real exports carry Level/Task/Opcode/Keywords for classic sources, Level/Provider/Keywords for others).
 */
export interface RenderingSpec {
  /** Default: the name of the event's level (`Information`, `Warning`, …). */
  level?: string;
  task?: string;
  opcode?: string;
  provider?: string;
  keywords?: string[];
}

/**
 * A `SystemTime` from milliseconds since the epoch plus 100 ns ticks inside that millisecond:
 * 7 digits as Windows writes them, or 9 as libevtx does.
 */
export function systemTime(ms: number, ticks = 0, digits: 7 | 9 = 7): string {
  const iso = new Date(ms).toISOString();
  const fraction = `${iso.slice(20, 23)}${String(ticks).padStart(4, '0')}`;
  return `${iso.slice(0, 19)}.${digits === 9 ? `${fraction}00` : fraction}Z`;
}

/** A `SystemTime` (7 digits) from 100 ns ticks since the Unix epoch. */
export function systemTimeOfTicks(ticks: bigint): string {
  return systemTime(Number(ticks / 10_000n), Number(ticks % 10_000n));
}

export const EVENT_NS = 'http://schemas.microsoft.com/win/2004/08/events/event';
