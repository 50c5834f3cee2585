import { PublishCommand, type PublishCommandInput, type SNSClient } from '@aws-sdk/client-sns';
import type { AlertFormat } from './alert-format.ts';
import { AlertPublishError } from './errors.ts';
import type { AlertMessage, Notifier } from './notifier.port.ts';

export interface SnsNotifierOptions {
  topicArn: string;
  client: SNSClient;
  /** See alert-format.ts; `text` when not given. */
  format?: AlertFormat;
}

/** Publishes notifications to the alert topic, with the attributes subscription filters use. */
export class SnsNotifier implements Notifier {
  constructor(private readonly options: SnsNotifierOptions) {}

  async publish(message: AlertMessage): Promise<{ messageId: string }> {
    const { attributes } = message;
    try {
      const result = await this.options.client.send(new PublishCommand(this.request(message)));
      if (!result.MessageId) throw new Error('SNS returned no MessageId');
      return { messageId: result.MessageId };
    } catch (error) {
      throw new AlertPublishError(
        `publishing the ${attributes.kind} notification of ${attributes.incidentId ?? attributes.noticeId ?? attributes.host} failed`,
        { cause: error },
      );
    }
  }

  /** The Publish request for a message (what SNS receives). */
  request(message: AlertMessage): PublishCommandInput {
    const attribute = (value: string) => ({ DataType: 'String', StringValue: value });
    const { attributes } = message;
    const chat = this.options.format === 'chat' ? message.chat : undefined;
    return {
      TopicArn: this.options.topicArn,
      Subject: message.subject,
      ...(chat
        ? {
            MessageStructure: 'json',
            Message: JSON.stringify({ default: message.body, https: JSON.stringify(chat) }),
          }
        : { Message: message.body }),
      MessageAttributes: {
        host: attribute(attributes.host),
        severity: attribute(attributes.severity),
        kind: attribute(attributes.kind),
        ...(attributes.incidentId ? { incidentId: attribute(attributes.incidentId) } : {}),
        ...(attributes.noticeId ? { noticeId: attribute(attributes.noticeId) } : {}),
      },
    };
  }
}
