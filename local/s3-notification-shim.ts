import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
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

/** The notifications of many objects already in the bucket, in order, ten to a SendMessageBatch (as many messages). */
export async function notifyObjectsCreated(
  sqs: SQSClient,
  queueUrl: string,
  objects: readonly { bucket: string; key: string; size: number }[],
): Promise<void> {
  for (let i = 0; i < objects.length; i += 10) {
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: objects.slice(i, i + 10).map((object, n) => ({
          Id: String(n),
          MessageBody: s3ObjectCreatedNotification(object),
        })),
      }),
    );
    if (sent.Failed?.length)
      throw new Error(`SQS refused ${sent.Failed.length} notifications: ${sent.Failed[0]?.Message}`);
  }
}

async function* countBytes(source: Readable, count: (bytes: number) => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of source as AsyncIterable<Uint8Array>) {
    count(chunk.byteLength);
    yield chunk;
  }
}
