import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AlertMessage, Notifier } from '../../functions/alerts/notifier.port.ts';

/** SNS as the functions see it during an outage: every publish refused while `down`, as SNS answers under throttling. */
export class SwitchableNotifier implements Notifier {
  down = false;
  refused = 0;

  constructor(private readonly real: Notifier) {}

  async publish(message: AlertMessage): Promise<{ messageId: string }> {
    if (this.down) {
      this.refused += 1;
      throw Object.assign(new Error('injected: SNS unavailable (Throttling: Rate exceeded)'), {
        name: 'Throttling',
        $metadata: { httpStatusCode: 400 },
      });
    }
    return this.real.publish(message);
  }
}

/** The errors DynamoDB answers with under load: throttling (400) and internal errors (500). */
const ERRORS = [
  { name: 'ProvisionedThroughputExceededException', status: 400, fault: 'client' },
  { name: 'ThrottlingException', status: 400, fault: 'client' },
  { name: 'InternalServerError', status: 500, fault: 'server' },
] as const;

/**
 * Fails a share (`rate`) of DynamoDB calls with throttling or 5xx errors. The middleware sits after the SDK's
 * retry step, so each injected error is retried by the SDK as a real one would be, and an operation fails only
 * when every attempt did (then the object fails and SQS redelivers it).
 */
export function injectDynamoFaults(client: DynamoDBDocumentClient): { rate: number; injected: number } {
  const control = { rate: 0, injected: 0 };
  let n = 0;
  client.middlewareStack.add(
    (next) => async (args) => {
      if (control.rate > 0 && Math.random() < control.rate) {
        control.injected += 1;
        const kind = ERRORS[n++ % ERRORS.length] ?? ERRORS[0];
        throw Object.assign(new Error(`injected: ${kind.name}`), {
          name: kind.name,
          $fault: kind.fault,
          $metadata: { httpStatusCode: kind.status, attempts: 1 },
        });
      }
      return next(args);
    },
    { step: 'deserialize', name: 'injectDynamoFaults', priority: 'low' },
  );
  return control;
}
