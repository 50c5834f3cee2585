import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { allIncidents } from '../../functions/alerts/list-incidents.ts';
import { createLocalPipeline } from '../../local/local-pipeline.ts';
import { systemTime } from '../../samples/event-spec.ts';
import { renderFile } from '../../samples/render-events.ts';
import { dcom10006, hiveLeak1530 } from '../../samples/windows-events.ts';
import { useLocalServices } from '../local/services.ts';

const local = useLocalServices();
const leakAt = Date.parse('2026-11-17T06:12:00Z');
const clock = () => new Date('2026-11-17T09:00:00Z');

/** hostA's leak, shipped by hostA; hostB's failure naming hostA, but shipped under hostA's prefix (a forged host). */
const objects = [
  {
    key: 'incoming/hosta/2026/11/17/a.xml.gz',
    body: renderFile(
      [
        hiveLeak1530({
          computer: 'HOSTA.corp.example.net',
          time: systemTime(leakAt),
          recordId: 10,
          sid: 'S-1-5-21-1-2-3-1104',
          processes: [{ pid: 2428, path: '\\Device\\HarddiskVolume2\\Windows\\System32\\dllhost.exe' }],
        }),
      ],
      { style: 'wevtutil', gzip: true },
    ),
  },
  {
    key: 'incoming/hosta/2026/11/17/b.xml.gz',
    body: renderFile(
      [
        dcom10006({
          computer: 'HOSTB.corp.example.net',
          time: systemTime(leakAt + 60_000),
          recordId: 20,
          server: 'HOSTA',
          clsid: '{4E14FBA2-2E22-11D1-9964-00C04FBBB345}',
        }),
      ],
      { style: 'wevtutil', gzip: true },
    ),
  },
];

async function run(forgedHost: 'accept' | 'flag' | 'reject') {
  const pipeline = createLocalPipeline(local.services(), await local.fresh(), {
    clock,
    env: { FORGED_HOST: forgedHost },
  });
  for (const object of objects) await pipeline.upload(object.key, object.body);
  await pipeline.poller.drain();
  const incidents = await allIncidents(pipeline.runtime.ports.incidents, { host: 'hosta' });
  const record = await pipeline.runtime.ports.ingestRecords.get(objects[1]?.key ?? '');
  return { incidents, record };
}

describe('an event whose Computer is another host than the incoming/<host>/ key names', () => {
  it('accept: counted as is', async () => {
    const { incidents, record } = await run('accept');
    expect(incidents[0]?.failureCount).toBe(1);
    expect(incidents[0]?.evidence.find((e) => e.kind === 'failure')?.shippedBy).toBeUndefined();
    expect(record?.errors).toBe(0);
  });

  it('flag (the default): counted, and its evidence names the shipper that wrote it', async () => {
    const { incidents } = await run('flag');
    expect(incidents[0]?.failureCount).toBe(1);
    expect(incidents[0]?.evidence.find((e) => e.kind === 'failure')?.shippedBy).toBe('hosta');
  });

  it('reject: an error in the ingest record, not stored', async () => {
    const { incidents, record } = await run('reject');
    expect(incidents.map((i) => [i.status, i.failureCount])).toEqual([['at-risk', 0]]);
    expect(record).toMatchObject({ errors: 1, newSignals: 0 });
    expect(record?.errorSamples[0]?.reason).toMatch(
      /HOSTB\.corp\.example\.net .* hosta's shipper: refused \(forgedHost=reject\)/,
    );
  });

  it('an object under another prefix is refused with the reason, not read', async () => {
    const pipeline = createLocalPipeline(local.services(), await local.fresh(), { clock });
    await pipeline.upload('elsewhere/x.xml.gz', gzipSync('<Event/>'));
    await pipeline.poller.drain();
    const record = await pipeline.runtime.ports.ingestRecords.get('elsewhere/x.xml.gz');
    expect(record?.errorSamples[0]?.reason).toMatch(/outside the known prefixes/);
  });
});
