import { z } from 'zod';

/** One `<Data>` of `<EventData>`: named (manifest events) or positional (classic events). */
export const EventDataItemSchema = z.object({
  name: z.string().optional(),
  value: z.string(),
});

/** `TimeCreated/@SystemTime` normalised to 9 fractional digits, so that string order is time order. */
export const EventTimeSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);

/** A Windows event as hivewatch reads it: the System header, the payload, and what rendering added. */
export const EventRecordSchema = z.object({
  provider: z.object({
    name: z.string(),
    guid: z.string().optional(),
    eventSourceName: z.string().optional(),
  }),
  eventId: z.number().int().min(0).max(65535),
  qualifiers: z.number().int().min(0).max(65535).optional(),
  version: z.number().int().optional(),
  level: z.number().int().optional(),
  task: z.number().int().optional(),
  opcode: z.number().int().optional(),
  keywords: z.string().optional(),
  timeCreated: EventTimeSchema,
  recordId: z.number().int().min(0),
  channel: z.string(),
  computer: z.string().min(1),
  userId: z.string().optional(),
  processId: z.number().int().optional(),
  threadId: z.number().int().optional(),
  /** The `Name` attribute of `<EventData>` (1530 carries `EVENT_HIVE_LEAK`). */
  eventDataName: z.string().optional(),
  data: z.array(EventDataItemSchema),
  /** The markup inside `<UserData>`, as written. */
  userData: z.string().optional(),
  /** `RenderingInfo/Message` when the producer rendered the event. */
  message: z.string().optional(),
  /** `<Binary>` hex as written (upper case from Windows). */
  binary: z.string().optional(),
});

export type EventDataItem = z.infer<typeof EventDataItemSchema>;
export type EventRecord = z.infer<typeof EventRecordSchema>;

/** The value of the first Data named `name` (case-insensitive), else undefined. */
export function dataNamed(event: EventRecord, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return event.data.find((d) => d.name?.toLowerCase() === wanted)?.value;
}
