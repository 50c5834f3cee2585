import { GetObjectCommand, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import type { ObjectReader, OpenedObject } from '../ingest/object-reader.port.ts';

/** Streams objects from S3: the body is never buffered whole, so object size does not bound memory. */
export class S3ObjectReader implements ObjectReader {
  constructor(private readonly client: S3Client) {}

  async open(bucket: string, key: string): Promise<OpenedObject | undefined> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (!object.Body) return undefined;
      return {
        body: object.Body as AsyncIterable<Uint8Array>,
        ...(object.ContentLength !== undefined ? { size: object.ContentLength } : {}),
        ...(object.ContentEncoding ? { contentEncoding: object.ContentEncoding } : {}),
        ...(object.ETag ? { etag: object.ETag } : {}),
      };
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }
}
