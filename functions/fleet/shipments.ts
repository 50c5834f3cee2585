import type { ObjectOrigin } from '../ingest/object-origin.ts';
import { shortHostName } from '../signals/host-name.ts';
import type { Shipment } from './fleet-host.ts';

/** Hosts tallied in one Firehose object; beyond, events still count in the record but name no shipper. */
export const TalliedHosts = 2_000;

export interface HostShare {
  host: string;
  events: number;
  latestEventAt?: string;
}

/**
 * Who shipped an object: the host of its `incoming/<host>/` prefix (the shipper IAM confined there), or — for a
 * Firehose object, written for the whole fleet — each event's Computer with its share of the events. Memory is
 * bounded by the hosts of one object, never by its events.
 */
export class ShipmentTally {
  private readonly shares = new Map<string, HostShare>();

  constructor(private readonly origin: Extract<ObjectOrigin, { success: true }>) {}

  /** One event read; only a Firehose object needs its Computer. */
  add(computer: string, time: string): void {
    if (this.origin.origin !== 'events') return;
    const host = shortHostName(computer);
    if (host === '') return;
    let share = this.shares.get(host);
    if (!share) {
      if (this.shares.size >= TalliedHosts) return;
      share = { host, events: 0 };
      this.shares.set(host, share);
    }
    share.events += 1;
    if (!share.latestEventAt || time > share.latestEventAt) share.latestEventAt = time;
  }

  /** The record's shipper fields: `shipper` for a host prefix, `shippers` for a Firehose object. */
  recordFields(): { shipper?: string; shippers?: HostShare[] } {
    if (this.origin.origin === 'host-prefix') return { shipper: this.origin.host };
    const shares = [...this.shares.values()].sort((a, b) => (a.host < b.host ? -1 : 1));
    return shares.length > 0 ? { shippers: shares } : {};
  }

  /** What the object tells each of its shippers (the whole object's counts for a host prefix). */
  shipments(object: {
    key: string;
    ingestedAt: string;
    events: number;
    errors: number;
    latestEventAt?: string;
  }): Shipment[] {
    const base = { objectKey: object.key, ingestedAt: object.ingestedAt };
    if (this.origin.origin === 'host-prefix') {
      return [
        {
          ...base,
          host: this.origin.host,
          events: object.events,
          errors: object.errors,
          ...(object.latestEventAt ? { latestEventAt: object.latestEventAt } : {}),
        },
      ];
    }
    return [...this.shares.values()].map((share) => ({
      ...base,
      host: share.host,
      events: share.events,
      errors: 0,
      ...(share.latestEventAt ? { latestEventAt: share.latestEventAt } : {}),
    }));
  }
}
