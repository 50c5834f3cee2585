/**
 * A CloudWatch Logs envelope (docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html, through
 * Firehose) cut between two of its log events loses the log events after the cut: that is reported, as any cut is.
 */
import { describe, expect, it } from 'vitest';
import { failure, leak, serverError } from '../../bench/reliability/case-events.ts';
import { cloudWatchAgentMessage, cloudWatchEnvelope } from '../../samples/shipper-shapes.ts';
import { byteByByte, readAll } from '../reader/reader-fixtures.ts';

const messages = [leak(), serverError(), failure()].map(cloudWatchAgentMessage);
const whole = cloudWatchEnvelope({ messageType: 'DATA_MESSAGE', messages });

describe('a CloudWatch Logs envelope cut short', () => {
  it.each([
    ['between two log events', whole.indexOf(',{"id"', whole.indexOf('"logEvents"')) + 1],
    ['after its last log event, before `]}`', whole.lastIndexOf(']')],
  ])('%s: the log events before are read, the cut reported at the envelope', async (_, cut) => {
    const bytes = Buffer.from(whole.slice(0, cut));
    for (const source of [bytes, byteByByte(bytes)]) {
      const read = await readAll(source);
      expect(read.events.length).toBe(whole.slice(0, cut).split('"message"').length - 1);
      expect(read.errors).toEqual([
        {
          kind: 'error',
          offset: 0,
          reason: 'JSON record is truncated: the input ends inside it',
          fatal: false,
        },
      ]);
    }
  });

  it('cut inside a log event: that log event is reported, once', async () => {
    const cut = whole.indexOf('"message"', whole.indexOf('"message"') + 1) + 20;
    const read = await readAll(Buffer.from(whole.slice(0, cut)));
    expect(read.events.length).toBe(1);
    expect(read.errors.map((e) => e.reason)).toEqual(['JSON record is truncated: the input ends inside it']);
  });

  it('whole, it reads with no error', async () => {
    const read = await readAll(Buffer.from(whole));
    expect(read.events.length).toBe(3);
    expect(read.errors).toEqual([]);
  });
});
