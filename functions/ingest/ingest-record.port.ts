import { z } from 'zod';

/** What one object gave: an analyst's view of what was read and what was rejected. */
export const IngestRecordSchema = z.object({
  key: z.string(),
  bucket: z.string(),
  size: z.number().int().min(0),
  etag: z.string().optional(),
  events: z.number().int().min(0),
  signals: z.number().int().min(0),
  /** Signals whose events had not been stored before (0 for a redelivery). */
  newSignals: z.number().int().min(0),
  errors: z.number().int().min(0),
  /** The first reader errors, with byte offset and reason. */
  errorSamples: z.array(z.object({ offset: z.number(), reason: z.string() })),
  /** The reader refused the whole object (DOCTYPE/ENTITY); none of its signals were kept. */
  rejected: z.boolean(),
  missing: z.boolean(),
  /** The hosts whose state this object changed. */
  hosts: z.array(z.string()),
  /** The latest TimeCreated of any event in the object: how current the shipper is. */
  latestEventAt: z.string().optional(),
  ingestedAt: z.string(),
  /** The host whose shipper wrote it: the `incoming/<host>/` prefix (short name). */
  shipper: z.string().optional(),
  /** A Firehose object's hosts (the events' Computer, short name), each with its share of the events. */
  shippers: z
    .array(
      z.object({ host: z.string(), events: z.number().int().min(0), latestEventAt: z.string().optional() }),
    )
    .optional(),
});
export type IngestRecord = z.infer<typeof IngestRecordSchema>;

/** One object of one shipping host, as the shipper index keeps it: what `hivewatch hosts` sums per day. */
export interface ShippedObject {
  key: string;
  ingestedAt: string;
  events: number;
  errors: number;
  latestEventAt?: string;
}

/** One record per ingested object key (the last ingestion wins). */
export interface IngestRecordStore {
  save(record: IngestRecord): Promise<void>;
  get(key: string): Promise<IngestRecord | undefined>;
}
