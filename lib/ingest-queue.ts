import { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Receives before a notification is parked in the DLQ: a transient DynamoDB or S3 fault gets a few retries. */
export const MAX_RECEIVE_COUNT = 4;

// Long enough for a failure on Friday evening to be replayed on Monday morning.
const RETENTION = Duration.days(14);

export interface IngestQueueProps {
  /** Timeout of the function that consumes the queue. */
  readonly consumerTimeout: Duration;
  /** Batching window of the event source: messages wait in it before the invocation starts. */
  readonly batchingWindow: Duration;
}

/** The S3 notification queue in front of the ingest function, with its dead-letter queue. */
export class IngestQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: IngestQueueProps) {
    super(scope, id);
    // SQS-managed SSE: S3 can deliver notifications to it without a key policy, and nothing reads it but Lambda.
    const encrypted = {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: RETENTION,
    };
    this.deadLetters = new Queue(this, 'DeadLetters', encrypted);
    this.queue = new Queue(this, 'Queue', {
      ...encrypted,
      // AWS guidance for Lambda consumers: at least 6x the function timeout (plus the batching window), so a
      // message is not redelivered while a throttled or retried invocation still holds it.
      visibilityTimeout: Duration.seconds(
        6 * props.consumerTimeout.toSeconds() + props.batchingWindow.toSeconds(),
      ),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: MAX_RECEIVE_COUNT },
    });
  }
}
