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
});
export type IngestRecord = z.infer<typeof IngestRecordSchema>;

/** One record per ingested object key (the last ingestion wins). */
export interface IngestRecordStore {
  save(record: IngestRecord): Promise<void>;
  get(key: string): Promise<IngestRecord | undefined>;
}
