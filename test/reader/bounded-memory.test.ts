import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readEvents } from '../../functions/reader/read-events.ts';
import {
  type EventSpec,
  hiveLeak1530,
  noiseEvent,
  renderEventXml,
  renderFile,
  seededRandom,
  systemTime,
} from '../../samples/render-events.ts';
import { APP01, BASE_MS, SID } from './reader-fixtures.ts';

const TOTAL = 300 * 1024 * 1024;
const MAX_GROWTH = 200 * 1024 * 1024;

/** About 1 MB of ordinary events with one leak among them, rendered once and repeated. */
function block(): { bytes: Buffer; events: number; leaks: number } {
  const rng = seededRandom(11);
  const specs: EventSpec[] = [];
  for (let i = 0, size = 0; size < 1_000_000; i++) {
    const spec = noiseEvent(rng, { computer: APP01, time: systemTime(BASE_MS + i * 250), recordId: i + 1 });
    specs.push(spec);
    size += renderEventXml(spec).length;
  }
  specs.push(
    hiveLeak1530({
      computer: APP01,
      time: systemTime(BASE_MS),
      sid: SID,
      recordId: 1,
      processes: [{ pid: 2428, path: '\\Device\\HarddiskVolume2\\Windows\\System32\\dllhost.exe' }],
    }),
  );
  return { bytes: renderFile(specs, { style: 'wevtutil' }), events: specs.length, leaks: 1 };
}

/** Repeats `unit` lazily until `total` bytes, each chunk a fresh copy, sampling RSS as it goes. */
async function* repeated(unit: Buffer, total: number, samples: number[]): AsyncGenerator<Uint8Array> {
  for (let sent = 0; sent < total; sent += unit.length) {
    samples.push(process.memoryUsage().rss);
    yield Buffer.from(unit);
  }
}

async function peakGrowth(source: (samples: number[]) => AsyncIterable<Uint8Array>) {
  const samples: number[] = [];
  const stream = readEvents(source(samples));
  let items = 0;
  let errors = 0;
  for await (const item of stream) {
    items++;
    if (item.kind === 'error') errors++;
    if (items % 64 === 0) samples.push(process.memoryUsage().rss);
  }
  // The first samples are taken before the reader has warmed up: measure growth from the earliest.
  const baseline = samples[0] ?? 0;
  return { growth: Math.max(...samples) - baseline, stats: stream.stats, items, errors };
}

describe('memory stays bounded whatever the object size', () => {
  const unit = block();
  const copies = Math.ceil(TOTAL / unit.bytes.length);

  it('300 MB of event XML streamed: RSS grows by less than 200 MB, every event counted', async () => {
    const { growth, stats, errors } = await peakGrowth((samples) => repeated(unit.bytes, TOTAL, samples));
    expect(errors).toBe(0);
    expect(stats.events).toBe(copies * unit.events);
    expect(stats.decoded).toBeGreaterThanOrEqual(copies * unit.leaks);
    expect(growth).toBeLessThan(MAX_GROWTH);
  }, 300_000);

  it('300 MB inflated from gzip members: RSS grows by less than 200 MB', async () => {
    const member = gzipSync(unit.bytes);
    const { growth, stats, errors } = await peakGrowth((samples) =>
      repeated(member, copies * member.length, samples),
    );
    expect(errors).toBe(0);
    expect(stats.compressed).toBe(true);
    expect(stats.bytesDecoded).toBe(copies * unit.bytes.length);
    expect(growth).toBeLessThan(MAX_GROWTH);
  }, 300_000);
});
