import { Logger } from '@aws-lambda-powertools/logger';
import { SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { type AwsClients, createAwsClients } from '../../functions/aws-clients.ts';
import { loadPipelineConfig } from '../../functions/config.ts';
import { createPipelineRuntime, type PipelineRuntime } from '../../functions/pipeline-runtime.ts';
import type { DeployedFunction, DeployedWiring } from './deployed-wiring.ts';
import type { MotoClients } from './moto-clients.ts';
import { oneRequestAtATime } from './serialized-requests.ts';

/** The handlers' runtimes on moto, and the stand-in for on-call. */
export class DeployedRuntimes {
  private readonly clients: AwsClients[] = [];

  constructor(
    private readonly aws: MotoClients,
    private readonly wiring: DeployedWiring,
  ) {}

  /**
   * A runtime built as in Lambda — loadPipelineConfig over exactly the environment moto's Lambda reports for the
   * deployed function, nothing added — with the functions' own clients pointed at moto.
   */
  of(fn: DeployedFunction, clock: () => Date): PipelineRuntime {
    const clients = createAwsClients(this.aws.endpoints);
    oneRequestAtATime(clients.dynamo);
    this.clients.push(clients);
    return createPipelineRuntime(loadPipelineConfig(fn.environment), clients, {
      logger: new Logger({ serviceName: 'hivewatch', logLevel: 'WARN' }),
      clock,
    });
  }

  /** A queue of the test's own, subscribed to the stack's topic: it stands in for on-call. Returns its URL. */
  async subscribeOnCall(): Promise<string> {
    const { sqs, sns } = this.aws;
    const [topic, ...others] = this.wiring.topics;
    if (!topic || others.length > 0)
      throw new Error(`expected one topic, found ${this.wiring.topics.length}`);
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: 'deploy-test-on-call' }))).QueueUrl ?? '';
    const found = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
    );
    await sns.send(
      new SubscribeCommand({ TopicArn: topic, Protocol: 'sqs', Endpoint: found.Attributes?.QueueArn }),
    );
    return url;
  }

  destroy(): void {
    for (const clients of this.clients) {
      for (const client of [clients.s3, clients.sns, clients.dynamo]) client.destroy();
    }
  }
}
