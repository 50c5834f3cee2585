import type { Context, SQSBatchResponse } from 'aws-lambda';
import { z } from 'zod';
import { createAwsClients } from '../aws-clients.ts';
import { loadPipelineConfig } from '../config.ts';
import { createPipelineRuntime, type PipelineRuntime } from '../pipeline-runtime.ts';
import { mapWithLimit } from '../storage/concurrency.ts';
import { ingestObject } from './ingest-object.ts';
import { reportIngest } from './ingest-telemetry.ts';
import { parseS3Notification } from './s3-notification.ts';

const SqsEventSchema = z.object({
  Records: z.array(z.object({ messageId: z.string(), body: z.string() })),
});

/** Records of a batch read at once: S3 and DynamoDB waits overlap while the reader keeps a core busy. */
const RecordConcurrency = 4;

/** The ingest function over a runtime: each SQS record stands or fails alone (partial batch response). */
export function createIngestHandler(runtime: PipelineRuntime) {
  const { logger, metrics, ports } = runtime;
  return async (event: unknown, context?: Context): Promise<SQSBatchResponse> => {
    if (context) logger.addContext(context);
    const { Records } = SqsEventSchema.parse(event);
    const failed: string[] = [];
    await mapWithLimit(Records, RecordConcurrency, async ({ messageId, body }) => {
      const notification = parseS3Notification(body);
      if (!notification.success) {
        logger.error('not an S3 notification; left for the DLQ', { messageId, reason: notification.error });
        failed.push(messageId);
        return;
      }
      for (const object of notification.objects) {
        try {
          reportIngest(await ingestObject(object, ports), logger, metrics);
        } catch (error) {
          logger.error('object failed; SQS will redeliver it', {
            messageId,
            key: object.key,
            error: error as Error,
          });
          failed.push(messageId);
          return;
        }
      }
    });
    metrics.publishStoredMetrics();
    return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}

/** In Lambda the environment is validated and the clients built at start-up, once per container. */
let lambdaHandler = process.env.AWS_LAMBDA_FUNCTION_NAME ? fromEnvironment() : undefined;

function fromEnvironment() {
  return createIngestHandler(createPipelineRuntime(loadPipelineConfig(), createAwsClients()));
}

export const handler = (event: unknown, context?: Context): Promise<SQSBatchResponse> => {
  lambdaHandler ??= fromEnvironment();
  return lambdaHandler(event, context);
};
