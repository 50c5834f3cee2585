import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { createAwsClients } from '../aws-clients.ts';
import { loadPipelineConfig } from '../config.ts';
import { reportDeliveries } from '../ingest/ingest-telemetry.ts';
import { createPipelineRuntime, type PipelineRuntime } from '../pipeline-runtime.ts';
import { type SweepReport, sweep } from './sweep.ts';

/** EventBridge scheduled event; only its shape is checked, the sweep needs nothing from it. */
const ScheduleEventSchema = z.looseObject({ 'detail-type': z.string().optional() });

export type SweepSummary = Pick<SweepReport, 'openChecked' | 'resolved' | 'hostsRefreshed'> & {
  sent: number;
  failed: number;
  failures: number;
  /** Shipping hosts looked at, those that went silent or came back, and their notices sent / failed. */
  fleet: { hosts: number; silent: string[]; back: string[]; sent: number; failed: number };
};

/** The sweeper over a runtime: resolve quiet incidents, send what the outbox still holds, report it. */
export function createSweeperHandler(runtime: PipelineRuntime) {
  const { logger, metrics, ports, config } = runtime;
  return async (event: unknown, context?: Context): Promise<SweepSummary> => {
    if (context) logger.addContext(context);
    ScheduleEventSchema.parse(event ?? {});
    const report = await sweep({ ...ports, lookbackMs: config.signalTtlDays * 86_400_000 });
    metrics.addMetric('IncidentsResolved', MetricUnit.Count, report.resolved.length);
    metrics.addMetric('HostsSilent', MetricUnit.Count, report.fleet.silent.length);
    for (const notice of report.fleet.deliveries) {
      if (notice.outcome === 'sent') {
        metrics.addMetric('HostNoticesSent', MetricUnit.Count, 1);
        logger.info('host notice sent', { ...notice });
      } else {
        // the alert-publish-failures alarm covers these too
        metrics.addMetric('AlertPublishFailures', MetricUnit.Count, 1);
        logger.error('host notice publish failed; left pending for the next sweep', { ...notice });
      }
    }
    metrics.addMetric('SweepFailures', MetricUnit.Count, report.failures.length);
    for (const failure of report.failures)
      logger.error('sweep could not finish one host or incident', failure);
    reportDeliveries(report.deliveries, logger, metrics);
    metrics.publishStoredMetrics();
    const summary: SweepSummary = {
      openChecked: report.openChecked,
      hostsRefreshed: report.hostsRefreshed,
      resolved: report.resolved,
      failures: report.failures.length,
      sent: report.deliveries.filter((d) => d.outcome === 'sent').length,
      failed: report.deliveries.filter((d) => d.outcome === 'failed').length,
      fleet: {
        hosts: report.fleet.hosts,
        silent: report.fleet.silent,
        back: report.fleet.back,
        sent: report.fleet.deliveries.filter((d) => d.outcome === 'sent').length,
        failed: report.fleet.deliveries.filter((d) => d.outcome === 'failed').length,
      },
    };
    logger.info('sweep done', { ...summary });
    return summary;
  };
}

let lambdaHandler = process.env.AWS_LAMBDA_FUNCTION_NAME ? fromEnvironment() : undefined;

function fromEnvironment() {
  return createSweeperHandler(createPipelineRuntime(loadPipelineConfig(), createAwsClients()));
}

export const handler = (event: unknown, context?: Context): Promise<SweepSummary> => {
  lambdaHandler ??= fromEnvironment();
  return lambdaHandler(event, context);
};
