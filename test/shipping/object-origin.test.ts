import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forgedBy, objectOrigin } from '../../functions/ingest/object-origin.ts';
import { shortHostName } from '../../functions/signals/host-name.ts';

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/);
/** A host segment as IAM puts it in the prefix: a role tag (short name) or a certificate CN (often the FQDN). */
const hostSegment = fc
  .tuple(label, fc.array(label, { maxLength: 3 }), fc.boolean())
  .map(([first, rest, upper]) => {
    const name = [first, ...rest].join('.');
    return upper ? name.toUpperCase() : name;
  });
const objectPath = fc
  .array(fc.stringMatching(/^[A-Za-z0-9._-]{1,12}$/), { minLength: 1, maxLength: 5 })
  .map((parts) => parts.join('/'));

describe('where an object’s host comes from', () => {
  it('incoming/<host>/… names the shipper’s host, compared as a short name', () => {
    expect(objectOrigin('incoming/WEB01.corp.example.com/2026/08/21/a1b2c3d4.json.gz')).toEqual({
      success: true,
      origin: 'host-prefix',
      host: 'web01',
      hostAsWritten: 'WEB01.corp.example.com',
    });
    expect(objectOrigin('incoming/app01/manual-test.xml.gz')).toMatchObject({ host: 'app01' });
    expect(objectOrigin('incoming/10.20.4.17/2026/08/21/x.xml')).toMatchObject({ host: '10.20.4.17' });
  });

  it('for every host segment and object path, the host is the segment’s short name', () => {
    fc.assert(
      fc.property(hostSegment, objectPath, (segment, path) => {
        const origin = objectOrigin(`incoming/${segment}/${path}`);
        expect(origin).toEqual({
          success: true,
          origin: 'host-prefix',
          host: shortHostName(segment),
          hostAsWritten: segment,
        });
      }),
    );
  });

  it('Firehose keys (firehose/YYYY/MM/DD/HH/<stream>-…) leave the host to the events', () => {
    // Layout: docs.aws.amazon.com/firehose/latest/dev/s3-object-name.html
    expect(
      objectOrigin(
        'firehose/2026/08/21/09/hivewatch-agent-events-1-2026-08-21-09-05-07-0e6a5d1c-1b2f-4a7e-9c3d-5f6a7b8c9d0e',
      ),
    ).toEqual({ success: true, origin: 'events' });
  });

  it('refuses firehose/ keys that are not in Firehose’s layout', () => {
    for (const key of [
      'firehose/',
      'firehose/events.gz',
      'firehose/2026/13/21/09/x',
      'firehose/2026/08/21/24/x',
      'firehose/2026/08/21/09/',
      'firehose/2026/08/21/09/sub/x',
      'firehose-errors/processing-failed/2026/08/21/09/x',
    ]) {
      const origin = objectOrigin(key);
      expect(origin.success, key).toBe(false);
      if (!origin.success) expect(origin.error).toContain(`'${key}'`);
    }
  });

  it('refuses keys outside the known prefixes, naming the key and the prefixes', () => {
    expect(objectOrigin('uploads/web01/x.xml')).toEqual({
      success: false,
      error:
        "key 'uploads/web01/x.xml' is outside the known prefixes (incoming/<host>/…, firehose/YYYY/MM/DD/HH/…)",
    });
    expect(objectOrigin('Incoming/web01/x.xml').success).toBe(false);
  });

  it('refuses every key that starts with neither prefix', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((k) => !k.startsWith('incoming/') && !k.startsWith('firehose/')),
        (key) => {
          const origin = objectOrigin(key);
          expect(origin.success).toBe(false);
          if (!origin.success) expect(origin.error).toMatch(/outside the known prefixes/);
        },
      ),
    );
  });

  it('refuses incoming/ keys that name no host or no object', () => {
    expect(objectOrigin('incoming//2026/08/21/x.gz')).toEqual({
      success: false,
      error: "key 'incoming//2026/08/21/x.gz' has no host after incoming/",
    });
    expect(objectOrigin('incoming/.hidden/x.gz')).toMatchObject({
      success: false,
      error: expect.stringMatching(/names no host/),
    });
    expect(objectOrigin('incoming/web01')).toMatchObject({
      success: false,
      error: expect.stringMatching(/folder/),
    });
    expect(objectOrigin('incoming/web01/')).toMatchObject({
      success: false,
      error: expect.stringMatching(/folder/),
    });
    expect(objectOrigin('incoming/web01/2026/08/')).toMatchObject({
      success: false,
      error: expect.stringMatching(/folder/),
    });
    expect(objectOrigin('incoming/web\u000101/x.gz')).toMatchObject({
      success: false,
      error: expect.stringMatching(/control character/),
    });
  });
});

describe('an event whose Computer is another host than the key names', () => {
  const web01 = objectOrigin('incoming/WEB01/2026/08/21/x.json.gz');

  it('is not forged when the names are one host (FQDN, case, leading \\\\)', () => {
    for (const computer of ['WEB01', 'web01.corp.example.com', '\\\\Web01']) {
      expect(forgedBy(web01, computer), computer).toBeUndefined();
    }
  });

  it('is forged by the key’s host when the names differ', () => {
    expect(forgedBy(web01, 'APP02.corp.example.com')).toBe('web01');
  });

  it('is never forged in a Firehose object: there the events name their own hosts', () => {
    const firehose = objectOrigin('firehose/2026/08/21/09/s-1-2026-08-21-09-05-07-u');
    expect(forgedBy(firehose, 'APP02')).toBeUndefined();
  });

  it('holds for every pair of hosts: forged exactly when the short names differ', () => {
    fc.assert(
      fc.property(hostSegment, hostSegment, (keyHost, computer) => {
        const origin = objectOrigin(`incoming/${keyHost}/x.gz`);
        const expected =
          shortHostName(keyHost) === shortHostName(computer) ? undefined : shortHostName(keyHost);
        expect(forgedBy(origin, computer)).toBe(expected);
      }),
    );
  });
});
