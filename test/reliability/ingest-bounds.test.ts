/**
 * What one hostile event may cost an object through ingest (docs/hostile-input.md): never the object's other
 * events, never memory that grows with the number of errors, never an item DynamoDB refuses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IngestBed, startIngestBed } from '../../bench/reliability/ingest-bed.ts';
import { dcom10006, hiveLeak1530, renderEventXml, renderFile } from '../../samples/render-events.ts';

let bed: IngestBed;
beforeAll(async () => {
  bed = await startIngestBed();
});
afterAll(async () => {
  await bed?.stop();
});

const processes = [{ pid: 2428, path: '\\Device\\HarddiskVolume2\\Windows\\System32\\dllhost.exe' }];
const leak = (computer: string, recordId: number) =>
  hiveLeak1530({
    computer,
    time: '2026-11-17T06:00:00.0000000Z',
    recordId,
    sid: 'S-1-5-21-1-2-3-1004',
    processes,
  });
const failure = (computer: string, server: string, recordId: number) =>
  dcom10006({
    computer,
    time: '2026-11-17T06:10:00.0000000Z',
    recordId,
    server,
    clsid: '{4E14FBA2-2E22-11D1-9964-00C04FBBB345}',
  });

describe('one hostile event in a Firehose object (the whole fleet shares it)', () => {
  it("a 400 KB Computer name is refused with an error; the other hosts' incident is stored and alerted", async () => {
    const huge = 'H'.repeat(400_000);
    const bytes = renderFile(
      [leak(huge, 1), failure('WS01', huge, 2), leak('APP01', 3), failure('WS02', 'APP01', 4)],
      { style: 'wevtutil' },
    );
    const outcome = await bed.ingest('firehose/2026/11/17/08/fleet-1', () => bytes);
    expect(outcome.threw).toBeUndefined();
    expect(outcome.incidents.map((i) => [i.host, i.status, i.failureCount])).toEqual([['app01', 'open', 1]]);
    expect(outcome.alerts.map((a) => a.attributes.kind)).toEqual(['opened']);
    expect(outcome.report?.record).toMatchObject({ events: 4, signals: 2, errors: 2 });
    expect(outcome.report?.record.errorSamples[0]?.reason).toBe(
      'event names a host longer than 63 bytes: refused',
    );
    expect(outcome.largestItem.bytes).toBeLessThan(400 * 1024);
  }, 60_000);
});

describe('names that fill an incident', () => {
  it('a client name past one DNS label (63 bytes) is refused; 500 clients of 63 bytes fit in the incident item', async () => {
    const name = (i: number, length: number) => `WS${String(i).padStart(4, '0')}${'x'.repeat(length - 6)}`;
    const specs = [leak('APP01', 1), failure(name(9999, 64), 'APP01', 2)];
    for (let i = 0; i < 501; i++) specs.push(failure(name(i, 63), 'APP01', 10 + i));
    const outcome = await bed.ingest('firehose/2026/11/17/08/clients', () =>
      renderFile(specs, { style: 'wevtutil' }),
    );
    expect(outcome.threw).toBeUndefined();
    expect(outcome.report?.record.errorSamples.map((e) => e.reason)).toEqual([
      'event names a client longer than 63 bytes: refused',
    ]);
    expect(outcome.incidents.map((i) => [i.failureCount, i.perClient.length])).toEqual([[501, 500]]);
    expect(outcome.largestItem.bytes).toBeLessThan(400 * 1024);
  }, 120_000);
});

describe('reader errors through ingest', () => {
  it('10,000 malformed events: all counted on the record, only the first few kept in memory', async () => {
    const bytes = Buffer.from('<Event></Event>\n'.repeat(10_000));
    const outcome = await bed.ingest('incoming/app01/2026/11/17/junk.xml', () => bytes);
    expect(outcome.report?.record.errors).toBe(10_000);
    expect(outcome.report?.record.errorSamples).toHaveLength(20);
    expect(outcome.report?.readerErrors.length).toBeLessThanOrEqual(50);
  }, 60_000);

  it('an error whose reason quotes 1 MB of the event is cut: the ingest record is stored', async () => {
    const xml = renderEventXml(leak('APP01', 1)).replace(
      /SystemTime='[^']*'/,
      `SystemTime='${'9'.repeat(1_000_000)}'`,
    );
    const outcome = await bed.ingest('incoming/app01/2026/11/17/long-reason.xml', () => Buffer.from(xml));
    expect(outcome.threw).toBeUndefined();
    expect(outcome.report?.record.errors).toBe(1);
    expect(outcome.report?.record.errorSamples[0]?.reason.length).toBeLessThanOrEqual(500);
    expect(outcome.largestItem.bytes).toBeLessThan(400 * 1024);
  }, 60_000);
});
