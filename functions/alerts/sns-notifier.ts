import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { AlertPublishError } from './errors.ts';
import type { AlertMessage, Notifier } from './notifier.port.ts';

export interface SnsNotifierOptions {
  topicArn: string;
  client: SNSClient;
}

/** Publishes alerts to the alert topic, with the attributes subscription filters use. */
export class SnsNotifier implements Notifier {
  constructor(private readonly options: SnsNotifierOptions) {}

  async publish(message: AlertMessage): Promise<{ messageId: string }> {
    const attribute = (value: string) => ({ DataType: 'String', StringValue: value });
    const { attributes } = message;
    try {
      const result = await this.options.client.send(
        new PublishCommand({
          TopicArn: this.options.topicArn,
          Subject: message.subject,
          Message: message.body,
          MessageAttributes: {
            host: attribute(attributes.host),
            severity: attribute(attributes.severity),
            kind: attribute(attributes.kind),
            incidentId: attribute(attributes.incidentId),
          },
        }),
      );
      if (!result.MessageId) throw new Error('SNS returned no MessageId');
      return { messageId: result.MessageId };
    } catch (error) {
      throw new AlertPublishError(
        `publishing the ${attributes.kind} alert of ${attributes.incidentId} failed`,
        {
          cause: error,
        },
      );
    }
  }
}
