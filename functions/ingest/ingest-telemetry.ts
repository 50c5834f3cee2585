import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Delivery } from '../alerts/deliver-alerts.ts';
import type { IngestReport } from './ingest-object.ts';

/** Reader errors logged one by one per object; the rest are counted (a junk object can yield thousands). */
const LoggedReaderErrors = 50;

/** Logs and metrics (EMF) for one ingested object. */
export function reportIngest(report: IngestReport, logger: Logger, metrics: Metrics): void {
  const { record } = report;
  metrics.addMetric('ObjectsRead', MetricUnit.Count, 1);
  metrics.addMetric('BytesRead', MetricUnit.Bytes, report.bytesRead);
  metrics.addMetric('EventsRead', MetricUnit.Count, record.events);
  metrics.addMetric('SignalsFound', MetricUnit.Count, record.signals);
  metrics.addMetric('ReaderErrors', MetricUnit.Count, record.errors);
  metrics.addMetric('NewSignals', MetricUnit.Count, record.newSignals);
  const changed = report.incidents.filter((saved) => saved.statusChanged);
  metrics.addMetric(
    'IncidentsOpened',
    MetricUnit.Count,
    changed.filter((s) => s.incident.status === 'open').length,
  );
  metrics.addMetric(
    'IncidentsResolved',
    MetricUnit.Count,
    changed.filter((s) => s.incident.status === 'resolved').length,
  );
  for (const error of report.readerErrors.slice(0, LoggedReaderErrors)) {
    logger.warn('reader error', { key: record.key, offset: error.offset, reason: error.reason });
  }
  if (record.missing) logger.warn('object no longer exists', { key: record.key, bucket: record.bucket });
  logger.info('object ingested', { ...record, errorSamples: undefined });
  reportDeliveries(report.deliveries, logger, metrics);
}

/** Alerts sent, retried and failed: shared by ingest and the sweeper. */
export function reportDeliveries(deliveries: readonly Delivery[], logger: Logger, metrics: Metrics): void {
  for (const delivery of deliveries) {
    if (delivery.attempt > 1) metrics.addMetric('AlertRetries', MetricUnit.Count, 1);
    if (delivery.outcome === 'sent') {
      metrics.addMetric('AlertsSent', MetricUnit.Count, 1);
      logger.info('alert sent', { ...delivery });
    } else {
      metrics.addMetric('AlertPublishFailures', MetricUnit.Count, 1);
      logger.error('alert publish failed; left pending for the sweeper', { ...delivery });
    }
  }
}
