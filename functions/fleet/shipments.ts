import type { ObjectOrigin } from '../ingest/object-origin.ts';
import type { Shipment } from './fleet-host.ts';

/**
 * Who shipped an object, and what it tells about that host: the host of its `incoming/<host>/` prefix (the shipper
 * IAM confines there). A Firehose object is written for the whole fleet, and the reader names the Computer only of
 * the events it decodes (the few that can be signals), so it cannot say which hosts an object came from: it names
 * no shipper (see docs/operations.md, "Silent hosts").
 */
export function shipperOf(origin: ObjectOrigin): string | undefined {
  return origin.success && origin.origin === 'host-prefix' ? origin.host : undefined;
}

/** The shipment an ingested object records for its shipper, if it names one. */
export function shipmentOf(record: {
  key: string;
  ingestedAt: string;
  events: number;
  errors: number;
  latestEventAt?: string;
  shipper?: string;
}): Shipment | undefined {
  if (!record.shipper) return undefined;
  return {
    host: record.shipper,
    objectKey: record.key,
    ingestedAt: record.ingestedAt,
    events: record.events,
    errors: record.errors,
    ...(record.latestEventAt ? { latestEventAt: record.latestEventAt } : {}),
  };
}
