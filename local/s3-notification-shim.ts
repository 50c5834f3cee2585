import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { Upload } from '@aws-sdk/lib-storage';
import { s3ObjectCreatedNotification } from '../functions/ingest/s3-notification.ts';

export interface ShimClients {
  readonly s3: S3Client;
  readonly sqs: SQSClient;
}

export interface LocalUpload {
  readonly bucket: string;
  readonly key: string;
  readonly body: Uint8Array | Readable;
  readonly contentEncoding?: string;
}

/**
 * Uploads an object and sends the S3 ObjectCreated notification that S3 would send: fauxqs emits none.
 * This is the only local-only step; everything from the queue on is the production code.
 * Multipart (lib-storage) keeps large objects streaming: fauxqs caps a single PutObject near 11 MiB.
 */
export async function uploadAndNotify(
  clients: ShimClients,
  queueUrl: string,
  upload: LocalUpload,
): Promise<void> {
  let size = 0;
  const counted =
    upload.body instanceof Uint8Array
      ? upload.body
      : Readable.from(countBytes(upload.body, (n) => (size += n)));
  if (upload.body instanceof Uint8Array) size = upload.body.byteLength;
  const result = await new Upload({
    client: clients.s3,
    params: {
      Bucket: upload.bucket,
      Key: upload.key,
      Body: counted,
      ...(upload.contentEncoding ? { ContentEncoding: upload.contentEncoding } : {}),
    },
    partSize: 8 * 1024 * 1024,
    queueSize: 2,
  }).done();
  await notifyObjectCreated(clients.sqs, queueUrl, {
    bucket: upload.bucket,
    key: upload.key,
    size,
    ...(result.ETag ? { etag: result.ETag } : {}),
  });
}

/** Sends the S3-shaped notification for an object already in the bucket. */
export async function notifyObjectCreated(
  sqs: SQSClient,
  queueUrl: string,
  object: { bucket: string; key: string; size: number; etag?: string },
): Promise<void> {
  await sqs.send(
    new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: s3ObjectCreatedNotification(object) }),
  );
}

async function* countBytes(source: Readable, count: (bytes: number) => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of source as AsyncIterable<Uint8Array>) {
    count(chunk.byteLength);
    yield chunk;
  }
}
