import { PutObjectCommand } from '@aws-sdk/client-s3';
import { notifyObjectsCreated } from '../../local/s3-notification-shim.ts';
import type { FleetObject } from '../../samples/fleet-scenario.ts';
import type { DriverClients } from './services.ts';

/** Objects uploaded at once: the fleet's shippers upload in parallel. */
const PARALLEL_UPLOADS = 8;

export interface Bucket {
  bucket: string;
  queueUrl: string;
}

/** Puts the objects into the bucket (as the shippers do, with their Content-Encoding); resolves when all are in. */
export async function putObjects(
  clients: DriverClients,
  where: Bucket,
  objects: readonly FleetObject[],
  onUploaded: (object: FleetObject, at: number) => void,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < objects.length) {
      const object = objects[next++] as FleetObject;
      await clients.s3.send(
        new PutObjectCommand({
          Bucket: where.bucket,
          Key: object.key,
          Body: object.body,
          ...(object.contentEncoding ? { ContentEncoding: object.contentEncoding } : {}),
        }),
      );
      onUploaded(object, Date.now());
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_UPLOADS }, lane));
}

/** The S3 ObjectCreated notifications of objects already in the bucket, in the given order (the local shim's). */
export function notify(
  clients: DriverClients,
  where: Bucket,
  objects: readonly FleetObject[],
): Promise<void> {
  return notifyObjectsCreated(
    clients.sqs,
    where.queueUrl,
    objects.map((o) => ({ bucket: where.bucket, key: o.key, size: o.body.length })),
  );
}
