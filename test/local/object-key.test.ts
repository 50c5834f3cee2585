import { describe, expect, it } from 'vitest';
import { objectKeyFor } from '../../local/start-output.ts';

const now = new Date('2026-11-23T10:00:00Z');

describe('the S3 key of a file uploaded by npm start', () => {
  it('keeps a host/date layout as the shipper writes it', () => {
    expect(objectKeyFor('app01/2026/11/17/Application-0600.xml.gz', now)).toBe(
      'incoming/app01/2026/11/17/Application-0600.xml.gz',
    );
  });
  it('adds today under the host folder when the file has no date folders', () => {
    expect(objectKeyFor('app01/export.xml', now)).toBe('incoming/app01/2026/11/23/export.xml');
  });
  it('files dropped at the top go under the host "local"', () => {
    expect(objectKeyFor('export.xml', now)).toBe('incoming/local/2026/11/23/export.xml');
  });
});
