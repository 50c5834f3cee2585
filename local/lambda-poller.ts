import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

export type BatchHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

export interface PollerOptions {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly queueArn?: string;
  readonly handler: BatchHandler;
  /** Messages per invocation, as the event source mapping's batch size. */
  readonly batchSize?: number;
  /** Long-poll wait per receive. */
  readonly waitSeconds?: number;
  /** Failed records become visible again after this (Lambda waits for the queue's visibility timeout). */
  readonly retryAfterSeconds?: number;
}

export interface PollResult {
  received: number;
  succeeded: number;
  failed: number;
}

/**
 * What Lambda's SQS event source mapping does, for local runs: receive a batch, invoke the handler with an
 * SQS event, delete the records it did not report in batchItemFailures, and leave the others for redelivery.
 */
export class LambdaPoller {
  constructor(private readonly options: PollerOptions) {}

  /** One receive + invoke; received 0 when the queue had nothing visible. */
  async pollOnce(): Promise<PollResult> {
    const { sqs, queueUrl } = this.options;
    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: this.options.batchSize ?? 10,
        WaitTimeSeconds: this.options.waitSeconds ?? 0,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    const messages = received.Messages ?? [];
    if (messages.length === 0) return { received: 0, succeeded: 0, failed: 0 };
    const records = messages.map((message) => this.recordOf(message));
    let failedIds: Set<string>;
    try {
      const response = await this.options.handler({ Records: records });
      failedIds = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
    } catch {
      failedIds = new Set(records.map((r) => r.messageId)); // a thrown invocation fails the whole batch
    }
    const done = messages.filter((m) => !failedIds.has(m.MessageId ?? ''));
    if (done.length > 0) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
        }),
      );
    }
    const retryAfter = this.options.retryAfterSeconds;
    if (retryAfter !== undefined) {
      for (const message of messages.filter((m) => failedIds.has(m.MessageId ?? ''))) {
        await sqs.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: queueUrl,
            ReceiptHandle: message.ReceiptHandle,
            VisibilityTimeout: retryAfter,
          }),
        );
      }
    }
    return { received: messages.length, succeeded: done.length, failed: messages.length - done.length };
  }

  /** Polls until a receive comes back empty; totals of every batch. */
  async drain(maxBatches = 10_000): Promise<PollResult> {
    const total: PollResult = { received: 0, succeeded: 0, failed: 0 };
    for (let batch = 0; batch < maxBatches; batch++) {
      const result = await this.pollOnce();
      if (result.received === 0) break;
      total.received += result.received;
      total.succeeded += result.succeeded;
      total.failed += result.failed;
    }
    return total;
  }

  /** Polls until the signal aborts; an empty receive waits a moment (or long-polls) before the next. */
  async run(signal: AbortSignal, onBatch?: (result: PollResult) => void): Promise<void> {
    while (!signal.aborted) {
      const result = await this.pollOnce();
      if (result.received > 0) onBatch?.(result);
      else if (!this.options.waitSeconds) await new Promise((done) => setTimeout(done, 250));
    }
  }

  private recordOf(message: Message): SQSRecord {
    const attributes = message.Attributes ?? {};
    return {
      messageId: message.MessageId ?? '',
      receiptHandle: message.ReceiptHandle ?? '',
      body: message.Body ?? '',
      attributes: {
        ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
        SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
        SenderId: attributes.SenderId ?? 'local',
        ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: message.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: this.options.queueArn ?? this.options.queueUrl,
      awsRegion: 'us-east-1',
    };
  }
}
