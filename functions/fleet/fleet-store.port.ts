import type { FleetHost, Shipment } from './fleet-host.ts';
import type { FleetDecision } from './silent-hosts.ts';

export interface NoticeClaim {
  readonly token: string;
  readonly now: Date;
  /** A `sending` claim older than this is taken over (its invocation died); ISO time. */
  readonly leaseExpiredBefore: string;
}

/** One page of the fleet, and where the next one starts (undefined: the last page). */
export interface FleetPage {
  hosts: FleetHost[];
  next?: string;
}

/**
 * The shipping hosts, one small item each (the state table in the pipeline). Ingest records shipments; the
 * sweeper lists the fleet a page at a time, decides silences with conditional writes and moves their notices along.
 */
export interface FleetStore {
  /** The host shipped an object: its last-seen time and last event time only ever move forward. */
  recordShipment(shipment: Shipment): Promise<void>;
  get(host: string): Promise<FleetHost | undefined>;
  /** A page of the fleet, by host name. */
  list(after?: string): Promise<FleetPage>;
  /** Writes a decision if the host is still as it was read; false when another writer got there first. */
  decide(decision: FleetDecision): Promise<boolean>;
  claimNotice(host: string, key: string, claim: NoticeClaim): Promise<FleetHost | undefined>;
  completeNotice(host: string, key: string, token: string, messageId: string, now: Date): Promise<boolean>;
  releaseNotice(host: string, key: string, token: string, reason: string): Promise<void>;
}
