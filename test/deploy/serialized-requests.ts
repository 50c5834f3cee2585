import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Sends the client's requests one after another. moto serves requests on threads and checks a condition and
 * writes the item without a lock, so two conditional writes racing on one item can both pass — a lost update
 * DynamoDB never allows (a conditional write is atomic per item). Measured on moto 5.2.1: TransactWriteItems puts
 * conditioned on a version, racing conditional UpdateItems on the same item, 101 writes succeeded and the version
 * counted 100; the deploy test failed one run in three on an alert left `sending` after its publish. The handlers
 * race on purpose (four records of a batch at once) and rely on that atomicity; in series, every moto write is
 * atomic too. Only DynamoDB is serialized: S3, SQS and SNS calls still overlap.
 */
export function oneRequestAtATime(client: DynamoDBDocumentClient): void {
  let previous: Promise<unknown> = Promise.resolve();
  client.middlewareStack.add(
    (next) => async (args) => {
      const turn = previous.catch(() => undefined);
      let done: () => void = () => undefined;
      previous = new Promise<void>((resolve) => (done = resolve));
      await turn;
      try {
        return await next(args);
      } finally {
        done();
      }
    },
    { step: 'initialize', name: 'oneRequestAtATimeForMoto' },
  );
}
