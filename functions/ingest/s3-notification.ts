import { z } from 'zod';

/** An object the ingest function must read. */
export interface ObjectRef {
  readonly bucket: string;
  readonly key: string;
  readonly size?: number;
}

const S3RecordSchema = z.object({
  eventSource: z.literal('aws:s3').optional(),
  eventName: z.string(),
  s3: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({ key: z.string().min(1), size: z.number().int().min(0).optional() }),
  }),
});

const S3NotificationSchema = z.union([
  z.object({ Records: z.array(S3RecordSchema) }),
  z.object({ Event: z.literal('s3:TestEvent'), Service: z.string().optional() }),
]);

export type ParsedNotification = { success: true; objects: ObjectRef[] } | { success: false; error: string };

/**
 * The body of an SQS message carrying an S3 event notification: the objects it announces, keys decoded
 * (S3 URL-encodes them, with `+` for spaces). The s3:TestEvent S3 sends on set-up announces none.
 */
export function parseS3Notification(body: string): ParsedNotification {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { success: false, error: 'message body is not JSON' };
  }
  const parsed = S3NotificationSchema.safeParse(json);
  if (!parsed.success)
    return { success: false, error: `not an S3 event notification: ${parsed.error.message}` };
  if (!('Records' in parsed.data)) return { success: true, objects: [] };
  const objects = parsed.data.Records.filter((record) => record.eventName.startsWith('ObjectCreated')).map(
    (record) => ({
      bucket: record.s3.bucket.name,
      key: decodeURIComponent(record.s3.object.key.replace(/\+/g, ' ')),
      ...(record.s3.object.size !== undefined ? { size: record.s3.object.size } : {}),
    }),
  );
  return { success: true, objects };
}

/** The S3 event notification for a created object, as S3 writes it (the local shim sends this). */
export function s3ObjectCreatedNotification(
  object: ObjectRef & { etag?: string },
  eventTime = new Date(),
): string {
  const encodedKey = encodeURIComponent(object.key).replace(/%2F/g, '/').replace(/%20/g, '+');
  return JSON.stringify({
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventTime: eventTime.toISOString(),
        eventName: 'ObjectCreated:Put',
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'incoming',
          bucket: { name: object.bucket, arn: `arn:aws:s3:::${object.bucket}` },
          object: {
            key: encodedKey,
            size: object.size ?? 0,
            ...(object.etag ? { eTag: object.etag.replace(/"/g, '') } : {}),
            sequencer: eventTime.getTime().toString(16).toUpperCase().padStart(16, '0'),
          },
        },
      },
    ],
  });
}
