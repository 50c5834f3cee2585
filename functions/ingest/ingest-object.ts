import type { AlertContext } from '../alerts/alert-text.ts';
import { type Delivery, deliverDueAlerts } from '../alerts/deliver-alerts.ts';
import type { IncidentStore } from '../alerts/incident-store.port.ts';
import type { Notifier } from '../alerts/notifier.port.ts';
import { correlateHost } from '../correlation/correlate-host.ts';
import type { CorrelationConfig } from '../correlation/correlation-config.ts';
import type { SignalStore } from '../correlation/signal-store.port.ts';
import { readSignals, type SourceError } from '../signals/read-signals.ts';
import type { Signal } from '../signals/signal.ts';
import { countingSignalStore } from './counting-signal-store.ts';
import type { IngestRecord, IngestRecordStore } from './ingest-record.port.ts';
import type { ObjectReader } from './object-reader.port.ts';
import type { ObjectRef } from './s3-notification.ts';

export interface IngestPorts {
  objects: ObjectReader;
  signals: SignalStore;
  incidents: IncidentStore;
  ingestRecords: IngestRecordStore;
  notifier: Notifier;
  clock: () => Date;
  correlation: CorrelationConfig;
  alertText: AlertContext;
  leaseMs?: number;
}

export interface IngestReport {
  record: IngestRecord;
  /** Every reader error (the record keeps only the first few). */
  readerErrors: SourceError[];
  bytesRead: number;
  incidentsOpened: string[];
  incidentsResolved: string[];
  deliveries: Delivery[];
}

/** Reader errors kept on the ingest record; the log and the metric get them all. */
const ErrorSamples = 20;

/**
 * Ingests one S3 object:
 * 1. stream it through the reader and keep its signals (gzip by magic bytes or Content-Encoding);
 * 2. per host touched, add the signals to the host's stream (idempotent) and recompute its incidents;
 * 3. save the incidents — the outbox takes the alert decision once — and send what is due;
 * 4. write the ingest record (key, size, events, signals, errors). The object itself is never changed.
 */
export async function ingestObject(object: ObjectRef, ports: IngestPorts): Promise<IngestReport> {
  const opened = await ports.objects.open(object.bucket, object.key);
  const ingestedAt = ports.clock().toISOString();
  if (!opened) {
    const record = emptyRecord(object, ingestedAt, { missing: true });
    await ports.ingestRecords.save(record);
    return {
      record,
      readerErrors: [],
      bytesRead: 0,
      incidentsOpened: [],
      incidentsResolved: [],
      deliveries: [],
    };
  }
  const read = await readSignals(opened.body, {
    name: object.key,
    ...(opened.contentEncoding ? { contentEncoding: opened.contentEncoding } : {}),
  });
  const byHost = new Map<string, Signal[]>();
  for (const signal of read.signals) {
    const list = byHost.get(signal.host);
    if (list) list.push(signal);
    else byHost.set(signal.host, [signal]);
  }

  let newSignals = 0;
  const incidentsOpened: string[] = [];
  const incidentsResolved: string[] = [];
  const deliveries: Delivery[] = [];
  for (const [host, signals] of byHost) {
    const store = countingSignalStore(ports.signals);
    const { added, incidents } = await correlateHost(host, signals, { store, config: ports.correlation });
    newSignals += added.length;
    const saved = await ports.incidents.saveComputed(host, incidents, store.lastCount(), ports.clock());
    for (const { incident, alertQueued, resolved } of saved) {
      if (alertQueued) incidentsOpened.push(incident.id);
      if (resolved) incidentsResolved.push(incident.id);
      deliveries.push(...(await deliverDueAlerts(incident, { ...ports, text: ports.alertText })));
    }
  }

  const record: IngestRecord = {
    ...emptyRecord(object, ingestedAt, { missing: false }),
    size: opened.size ?? read.stats.bytesIn,
    ...(opened.etag ? { etag: opened.etag } : {}),
    events: read.stats.events,
    signals: read.signals.length,
    newSignals,
    errors: read.errors.length,
    errorSamples: read.errors.slice(0, ErrorSamples).map(({ offset, reason }) => ({ offset, reason })),
    rejected: read.stats.rejected,
    hosts: [...byHost.keys()].sort(),
  };
  await ports.ingestRecords.save(record);
  return {
    record,
    readerErrors: read.errors,
    bytesRead: read.stats.bytesIn,
    incidentsOpened,
    incidentsResolved,
    deliveries,
  };
}

function emptyRecord(object: ObjectRef, ingestedAt: string, flags: { missing: boolean }): IngestRecord {
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
    missing: flags.missing,
    hosts: [],
    ingestedAt,
  };
}
