import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseS3Notification, s3ObjectCreatedNotification } from '../../functions/ingest/s3-notification.ts';

const record = (key: string, eventName = 'ObjectCreated:Put') =>
  JSON.stringify({
    Records: [
      { eventSource: 'aws:s3', eventName, s3: { bucket: { name: 'logs' }, object: { key, size: 10 } } },
    ],
  });

describe('S3 notifications as the ingest function receives them from SQS', () => {
  it('decodes URL-encoded keys: + is a space, %2B a plus', () => {
    expect(parseS3Notification(record('incoming/app01/my+log%2B1%3A2.xml.gz'))).toEqual({
      success: true,
      objects: [{ bucket: 'logs', key: 'incoming/app01/my log+1:2.xml.gz', size: 10 }],
    });
  });

  it('the s3:TestEvent S3 sends when notifications are set up announces no object', () => {
    const testEvent = JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'logs' });
    expect(parseS3Notification(testEvent)).toEqual({ success: true, objects: [] });
  });

  it('ignores events other than ObjectCreated', () => {
    expect(parseS3Notification(record('incoming/a.xml', 'ObjectRemoved:Delete'))).toEqual({
      success: true,
      objects: [],
    });
  });

  it('a body that is not an S3 notification is an error, never an exception', () => {
    expect(parseS3Notification('not json').success).toBe(false);
    expect(parseS3Notification('{"Records":[{"eventName":"ObjectCreated:Put"}]}').success).toBe(false);
  });

  it('every key survives the round trip through the notification the local shim writes', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 80, unit: 'grapheme' }), (name) => {
        const key = `incoming/host/${name}`;
        const parsed = parseS3Notification(s3ObjectCreatedNotification({ bucket: 'logs', key, size: 1 }));
        expect(parsed).toEqual({ success: true, objects: [{ bucket: 'logs', key, size: 1 }] });
      }),
    );
  });
});
