import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, METRICS_SERVICE, type PipelineFunction } from './pipeline-function.ts';

export interface PipelineAlarmsProps {
  readonly prefix: string;
  readonly topic: ITopic;
  readonly queue: IQueue;
  readonly deadLetters: IQueue;
  readonly functions: readonly PipelineFunction[];
  readonly readerErrorThreshold: number;
  readonly oldestMessageMinutes: number;
}

/** Alarms that mean "hivewatch itself is not watching": each goes to the same on-call topic as the alerts. */
export class PipelineAlarms extends Construct {
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: PipelineAlarmsProps) {
    super(scope, id);
    const action = new SnsAction(props.topic);
    const raise = (name: string, description: string, metric: IMetric, threshold: number) => {
      const alarm = new Alarm(this, name, {
        alarmName: `${props.prefix}-${name}`,
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        // No data means no traffic, which is not a fault of the pipeline.
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      this.alarms.push(alarm);
    };

    raise(
      'dead-letters',
      'S3 notifications failed ingest repeatedly and were parked in the DLQ: their objects are not analysed. ' +
        'Read the ingest logs for the key, fix, then redrive the DLQ.',
      props.deadLetters.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      1,
    );
    raise(
      'ingest-backlog',
      `The oldest S3 notification has waited over ${props.oldestMessageMinutes} min: ingest is failing, throttled or behind.`,
      props.queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' }),
      props.oldestMessageMinutes * 60,
    );
    for (const fn of props.functions) {
      const name = fn.node.id.toLowerCase();
      raise(
        `${name}-errors`,
        `The ${name} function failed (uncaught error or timeout); see its log group.`,
        fn.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        1,
      );
      raise(
        `${name}-throttles`,
        `The ${name} function was throttled: the account or function concurrency is exhausted.`,
        fn.fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }),
        1,
      );
    }
    raise(
      'reader-errors',
      'Many events or objects could not be read (malformed, truncated, refused); the ingest records table names them.',
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: 'ReaderErrors',
        // Powertools adds the service name as a dimension to every metric it emits.
        dimensionsMap: { service: METRICS_SERVICE },
        period: Duration.minutes(15),
        statistic: 'Sum',
      }),
      props.readerErrorThreshold,
    );
    raise(
      'alert-publish-failures',
      'Incident alerts failed to publish to SNS again and again (the sweeper retries every run): on-call may not be ' +
        'hearing about incidents. Check the functions’ access to the topic and its KMS key.',
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: 'AlertPublishFailures',
        dimensionsMap: { service: METRICS_SERVICE },
        // Three failures in 30 minutes: more than one transient error, about the sweeper's retry cadence.
        period: Duration.minutes(30),
        statistic: 'Sum',
      }),
      3,
    );
  }
}
