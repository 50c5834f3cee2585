import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertMessage } from '../../functions/alerts/alert-text.ts';
import { ChatNotificationSchema } from '../../functions/alerts/chat-notification.ts';
import { SnsNotifier } from '../../functions/alerts/sns-notifier.ts';
import { type LocalFauxqs, startLocalFauxqs } from '../../local/fauxqs.ts';
import { localCredentials, localRegion } from '../../local/local-aws.ts';
import { receiveAlerts } from '../../local/on-call.ts';
import { incidentsOf, storedIncident, typicalSignals } from './stored-incidents.ts';

const topicArn = 'arn:aws:sns:us-east-1:000000000000:hivewatch-alerts';
const text = { showCommand: (id: string) => `npx hivewatch incidents show ${id}` };

function message() {
  const [incident] = incidentsOf(typicalSignals(30));
  if (!incident) throw new Error('no incident');
  return alertMessage(storedIncident(incident), 'opened', text);
}

/*
 * SNS message structure (Publish, MessageStructure=json, https://docs.aws.amazon.com/sns/latest/api/API_Publish.html):
 * Message is a JSON object with a string `default` and optional per-protocol strings; each subscriber gets the
 * entry of its protocol, else `default`. Amazon Q Developer's chat channels subscribe over https.
 */
describe('the SNS request the notifier builds', () => {
  const client = new SNSClient({ region: localRegion, credentials: localCredentials });

  it('text (the default): the plain text as Message, no message structure, the filter attributes', () => {
    const m = message();
    const request = new SnsNotifier({ topicArn, client }).request(m);
    expect(request).toEqual({
      TopicArn: topicArn,
      Subject: m.subject,
      Message: m.body,
      MessageAttributes: {
        host: { DataType: 'String', StringValue: 'app01' },
        severity: { DataType: 'String', StringValue: 'high' },
        kind: { DataType: 'String', StringValue: 'opened' },
        incidentId: { DataType: 'String', StringValue: m.attributes.incidentId },
      },
    });
  });

  it('chat: message structure with the text as default and the custom notification as https', () => {
    const m = message();
    const request = new SnsNotifier({ topicArn, client, format: 'chat' }).request(m);
    expect(request.MessageStructure).toBe('json');
    expect(request.Subject).toBe(m.subject);
    const structure = JSON.parse(request.Message ?? '');
    expect(Object.keys(structure).sort()).toEqual(['default', 'https']);
    expect(structure.default).toBe(m.body);
    expect(ChatNotificationSchema.parse(JSON.parse(structure.https))).toEqual(m.chat);
    // SNS refuses messages over 256 KB (attributes included): far from it
    expect(Buffer.byteLength(request.Message ?? '')).toBeLessThan(32 * 1024);
  });
});

describe('on fauxqs', () => {
  let fauxqs: LocalFauxqs;
  beforeAll(async () => {
    fauxqs = await startLocalFauxqs();
  });
  afterAll(async () => {
    await fauxqs?.stop();
  });

  it('accepts the chat publish; it ignores MessageStructure, so a queue subscriber gets the JSON where SNS would send the default text', async () => {
    const config = { region: localRegion, credentials: localCredentials, endpoint: fauxqs.endpoint };
    const sns = new SNSClient(config);
    const sqs = new SQSClient(config);
    const topic = (await sns.send(new CreateTopicCommand({ Name: 'chat-format' }))).TopicArn ?? '';
    const queueUrl =
      (await sqs.send(new CreateQueueCommand({ QueueName: 'chat-format-on-call' }))).QueueUrl ?? '';
    const queueArn =
      (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] })))
        .Attributes?.QueueArn ?? '';
    await sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'sqs', Endpoint: queueArn }));
    const m = message();
    const { messageId } = await new SnsNotifier({ topicArn: topic, client: sns, format: 'chat' }).publish(m);
    expect(messageId).not.toBe('');
    const [received] = await receiveAlerts(sqs, queueUrl, 1);
    expect(received?.subject).toBe(m.subject);
    expect(received?.attributes).toMatchObject({ kind: 'opened', incidentId: m.attributes.incidentId });
    // fauxqs 2.4 passes Message through unchanged (AWS SNS would deliver `default` to an sqs subscriber)
    expect(JSON.parse(received?.message ?? '{}').default).toBe(m.body);
    sns.destroy();
    sqs.destroy();
  });
});
