import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';

/** SQS event source carrying S3 ObjectCreated notifications; reports partial batch failures. */
export const handler = async (_event: SQSEvent, _context?: Context): Promise<SQSBatchResponse> => {
  throw new Error('not implemented');
};
