import type { AlertContext } from '../alerts/alert-text.ts';
import { type Delivery, deliverDueAlerts } from '../alerts/deliver-alerts.ts';
import type { IncidentStore } from '../alerts/incident-store.port.ts';
import type { Notifier } from '../alerts/notifier.port.ts';
import { type ComputerContribution, ContributionBuilder } from '../correlation/contribution.ts';
import type { CorrelationConfig } from '../correlation/correlation-config.ts';
import type { FleetStore } from '../fleet/fleet-store.port.ts';
import { shipmentOf, shipperOf } from '../fleet/shipments.ts';
import { CoverageCache } from '../hosts/coverage-cache.ts';
import { CoverageConflictError } from '../hosts/errors.ts';
import type { HostLedger } from '../hosts/host-ledger.port.ts';
import { type SavedIncident, updateHosts } from '../hosts/update-hosts.ts';
import { readEvents } from '../reader/read-events.ts';
import { aheadOfClock } from '../signals/event-clock.ts';
import { extractSignals } from '../signals/extract-signals.ts';
import type { HostAliases } from '../signals/host-aliases.ts';
import type { SourceError } from '../signals/read-signals.ts';
import type { Signal } from '../signals/signal.ts';
import type { IngestRecord, IngestRecordStore } from './ingest-record.port.ts';
import { type ForgedHostAction, forgedBy, objectOrigin } from './object-origin.ts';
import type { ObjectReader } from './object-reader.port.ts';
import type { ObjectRef } from './s3-notification.ts';
import { oversizedName } from './signal-names.ts';
import { transactionsOf } from './transactions.ts';

export interface IngestPorts {
  objects: ObjectReader;
  ledger: HostLedger;
  incidents: IncidentStore;
  ingestRecords: IngestRecordStore;
  /** Each shipping host's last object and last event (for `hivewatch hosts` and silent hosts). */
  fleet: FleetStore;
  notifier: Notifier;
  clock: () => Date;
  correlation: CorrelationConfig;
  alertText: AlertContext;
  notifyAtRisk: boolean;
  /** An event whose Computer is another host than the `incoming/<host>/` key names (object-origin.ts). */
  forgedHost: ForgedHostAction;
  /** Servers named by address or alias in DCOM 10006. */
  aliases?: HostAliases;
  leaseMs?: number;
}

export interface IngestReport {
  record: IngestRecord;
  /** The first reader errors (for the log; the record counts them all and keeps fewer). */
  readerErrors: SourceError[];
  bytesRead: number;
  /** Incidents this object changed, as written. */
  incidents: SavedIncident[];
  deliveries: Delivery[];
}

/** Reader errors kept on the ingest record; the metric counts them all. */
const ErrorSamples = 20;
/** Reader errors kept in memory for the log: a junk object can give millions, and memory must stay flat. */
const KeptErrors = 50;
/** An error's reason as kept: a reason may quote the event (a 1 MB attribute), and the record is one item. */
const ReasonLength = 500;
/** Reads of one object when other objects keep claiming its events meanwhile (CoverageConflictError). */
const Rereads = 3;

/**
 * Ingests one S3 object. Work and memory are bounded by the object, never by what its hosts accumulated:
 * 1. stream it through the reader; keep its signals, each counted once (the runs already counted, coverage.ts),
 *    folded as read into a small state per host;
 * 2. merge those into the hosts' stored states, with the runs this object claims, in one transaction per group of
 *    computers (update-hosts.ts); that recomputes the hosts' incidents and takes the notification decisions;
 * 3. send what is due; 4. write the ingest record; 5. tell the fleet its shipper is alive (a write that only moves
 * forward). The object itself is never changed.
 */
export async function ingestObject(object: ObjectRef, ports: IngestPorts): Promise<IngestReport> {
  for (let read = 1; ; read++) {
    try {
      return await ingestOnce(object, ports);
    } catch (error) {
      if (!(error instanceof CoverageConflictError) || read >= Rereads) throw error;
    }
  }
}

async function ingestOnce(object: ObjectRef, ports: IngestPorts): Promise<IngestReport> {
  const clockNow = ports.clock();
  const ingestedAt = clockNow.toISOString();
  const ahead = aheadOfClock(clockNow);
  const opened = await ports.objects.open(object.bucket, object.key);
  if (!opened) {
    const record = emptyRecord(object, ingestedAt, true);
    await ports.ingestRecords.save(record);
    return { record, readerErrors: [], bytesRead: 0, incidents: [], deliveries: [] };
  }
  const origin = objectOrigin(object.key);
  if (!origin.success) {
    const record = {
      ...emptyRecord(object, ingestedAt, false),
      errors: 1,
      errorSamples: [{ offset: 0, reason: origin.error }],
    };
    await ports.ingestRecords.save(record);
    return {
      record,
      readerErrors: [{ file: object.key, offset: 0, reason: origin.error }],
      bytesRead: 0,
      incidents: [],
      deliveries: [],
    };
  }
  const cache = new CoverageCache(ports.ledger);
  const builder = new ContributionBuilder(ports.correlation, cache.known);
  const events = readEvents(opened.body, {
    latestTime: true,
    ...(opened.contentEncoding ? { contentEncoding: opened.contentEncoding } : {}),
  });
  const errors: SourceError[] = [];
  let errorCount = 0;
  const refuse = (offset: number, reason: string) => {
    errorCount += 1;
    if (errors.length < KeptErrors)
      errors.push({ file: object.key, offset, reason: reason.slice(0, ReasonLength) });
  };
  let signals = 0;
  for await (const item of events) {
    if (item.kind === 'error') {
      refuse(item.offset, item.reason);
      builder.breakRuns();
      continue;
    }
    const forged = forgedBy(origin, item.event.computer);
    if (forged && ports.forgedHost === 'reject') {
      const reason = `event of ${item.event.computer} in an object of ${forged}'s shipper: refused (forgedHost=reject)`;
      refuse(item.offset, reason);
      builder.breakRuns(); // its events are not counted, so no run may claim them
      continue;
    }
    const where = { source: object.key, offset: item.offset };
    for (const found of extractSignals(item.event, where, ports.aliases ? { aliases: ports.aliases } : {})) {
      const refused = oversizedName(found) ?? ahead(found);
      if (refused) {
        refuse(item.offset, refused);
        builder.breakRuns();
        continue;
      }
      const signal = forged && ports.forgedHost === 'flag' ? withShipper(found, forged) : found;
      signals += 1;
      await cache.ensure(
        signal.evidence.computer.toLowerCase(),
        signal.evidence.channel.toLowerCase(),
        signal.time,
      );
      builder.add(signal);
    }
  }
  // a refused object (DOCTYPE/ENTITY) is discarded whole: none of its signals count
  const contributions = events.stats.rejected ? [] : builder.finish();
  const saved = await commit(contributions, cache, ports);
  const deliveries: Delivery[] = [];
  for (const { incident } of saved) {
    deliveries.push(...(await deliverDueAlerts(incident.id, { ...ports, text: ports.alertText })));
  }
  const record: IngestRecord = {
    ...emptyRecord(object, ingestedAt, false),
    size: opened.size ?? events.stats.bytesIn,
    ...(opened.etag ? { etag: opened.etag } : {}),
    events: events.stats.events,
    signals,
    newSignals: contributions.reduce((n, c) => n + c.admitted, 0),
    errors: errorCount,
    errorSamples: errors.slice(0, ErrorSamples).map(({ offset, reason }) => ({ offset, reason })),
    rejected: events.stats.rejected,
    hosts: [...new Set(contributions.flatMap((c) => [...c.states.keys()]))].sort(),
    ...(events.stats.latestTime ? { latestEventAt: events.stats.latestTime } : {}),
  };
  const shipper = shipperOf(origin);
  if (shipper) record.shipper = shipper;
  await ports.ingestRecords.save(record);
  const shipment = shipmentOf(record);
  if (shipment) await ports.fleet.recordShipment(shipment);
  return { record, readerErrors: errors, bytesRead: events.stats.bytesIn, incidents: saved, deliveries };
}

async function commit(
  contributions: readonly ComputerContribution[],
  cache: CoverageCache,
  ports: IngestPorts,
): Promise<SavedIncident[]> {
  const saved: SavedIncident[] = [];
  for (const group of transactionsOf(contributions)) {
    const runs = group.flatMap((c) => c.runs);
    await cache.ensureRuns(runs);
    const changes = group.flatMap((c) => [...c.states].map(([host, partial]) => ({ host, partial })));
    saved.push(
      ...(await updateHosts(
        changes,
        { runs, buckets: cache.all() },
        { ...ports, config: ports.correlation },
      )),
    );
  }
  return saved;
}

/** The signal with its evidence naming the shipper that wrote it (forgedHost=flag). */
function withShipper(signal: Signal, shipper: string): Signal {
  return { ...signal, evidence: { ...signal.evidence, shippedBy: shipper } } as Signal;
}

function emptyRecord(object: ObjectRef, ingestedAt: string, missing: boolean): IngestRecord {
  return {
    key: object.key,
    bucket: object.bucket,
    size: object.size ?? 0,
    events: 0,
    signals: 0,
    newSignals: 0,
    errors: 0,
    errorSamples: [],
    rejected: false,
    missing,
    hosts: [],
    ingestedAt,
  };
}
