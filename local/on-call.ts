import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';

/** The SNS envelope a queue subscriber receives. */
const SnsEnvelopeSchema = z.object({
  Type: z.literal('Notification'),
  MessageId: z.string(),
  TopicArn: z.string(),
  Subject: z.string().optional(),
  Message: z.string(),
  Timestamp: z.string(),
  MessageAttributes: z.record(z.string(), z.object({ Type: z.string(), Value: z.string() })).optional(),
});

/** An alert exactly as the stand-in on-call subscriber received it. */
export interface ReceivedAlert {
  readonly messageId: string;
  readonly subject: string;
  readonly message: string;
  readonly attributes: Record<string, string>;
  readonly timestamp: string;
}

/** Takes what arrived on the on-call queue (and deletes it, as a subscriber that read it would). */
export async function receiveAlerts(
  sqs: SQSClient,
  queueUrl: string,
  waitSeconds = 0,
): Promise<ReceivedAlert[]> {
  const alerts: ReceivedAlert[] = [];
  for (;;) {
    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: alerts.length === 0 ? waitSeconds : 0,
      }),
    );
    const messages = received.Messages ?? [];
    if (messages.length === 0) return alerts;
    for (const message of messages) {
      const envelope = SnsEnvelopeSchema.parse(JSON.parse(message.Body ?? '{}'));
      alerts.push({
        messageId: envelope.MessageId,
        subject: envelope.Subject ?? '',
        message: envelope.Message,
        attributes: Object.fromEntries(
          Object.entries(envelope.MessageAttributes ?? {}).map(([name, value]) => [name, value.Value]),
        ),
        timestamp: envelope.Timestamp,
      });
    }
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
      }),
    );
  }
}
