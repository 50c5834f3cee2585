import { zstdCompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readEvents } from '../../functions/reader/read-events.ts';
import { type EventSpec, noiseEvent, seededRandom, systemTime } from '../../samples/render-events.ts';
import { cloudWatchAgentMessage, firehoseObject, fluentBitJsonLine } from '../../samples/shipper-shapes.ts';
import { APP01, BASE_MS } from './reader-fixtures.ts';

const TOTAL = 300 * 1024 * 1024;
const MAX_GROWTH = 200 * 1024 * 1024;

/** About 1 MB worth of ordinary events. */
function events(): EventSpec[] {
  const rng = seededRandom(23);
  return Array.from({ length: 900 }, (_, i) =>
    noiseEvent(rng, { computer: APP01, time: systemTime(BASE_MS + i * 250), recordId: i + 1 }),
  );
}

/** Repeats `unit` lazily until `total` bytes, each chunk a fresh copy, sampling RSS as it goes. */
async function* repeated(unit: Buffer, total: number, samples: number[]): AsyncGenerator<Uint8Array> {
  for (let sent = 0; sent < total; sent += unit.length) {
    samples.push(process.memoryUsage().rss);
    yield Buffer.from(unit);
  }
}

async function peakGrowth(unit: Buffer, total: number) {
  const samples: number[] = [];
  const stream = readEvents(repeated(unit, total, samples));
  let errors = 0;
  let items = 0;
  for await (const item of stream) {
    if (item.kind === 'error') errors++;
    if (++items % 64 === 0) samples.push(process.memoryUsage().rss);
  }
  const baseline = samples[0] ?? 0;
  return { growth: Math.max(...samples) - baseline, stats: stream.stats, errors };
}

describe("memory stays bounded whatever the size of a shipper's object", () => {
  const specs = events();

  it('300 MB of Fluent Bit JSON lines: RSS grows by less than 200 MB, every event counted', async () => {
    const unit = Buffer.from(specs.map((s) => fluentBitJsonLine(s)).join(''));
    const copies = Math.ceil(TOTAL / unit.length);
    const { growth, stats, errors } = await peakGrowth(unit, copies * unit.length);
    expect(errors).toBe(0);
    expect(stats.events).toBe(copies * specs.length);
    expect(growth).toBeLessThan(MAX_GROWTH);
  }, 300_000);

  it('300 MB inflated from zstd frames (one per part): RSS grows by less than 200 MB', async () => {
    const plain = Buffer.from(specs.map((s) => fluentBitJsonLine(s)).join(''));
    const frame = zstdCompressSync(plain);
    const copies = Math.ceil(TOTAL / plain.length);
    const { growth, stats, errors } = await peakGrowth(frame, copies * frame.length);
    expect(errors).toBe(0);
    expect(stats).toMatchObject({ compression: 'zstd', bytesDecoded: copies * plain.length });
    expect(growth).toBeLessThan(MAX_GROWTH);
  }, 300_000);

  it('300 MB of CloudWatch Logs envelopes gzip’d record by record: RSS grows by less than 200 MB', async () => {
    const messages = specs.map(cloudWatchAgentMessage);
    const unit = firehoseObject(
      Array.from({ length: 18 }, (_, i) => ({
        messageType: 'DATA_MESSAGE' as const,
        messages: messages.slice(i * 50, i * 50 + 50),
      })),
      { processing: 'as-sent' },
    );
    const { growth, stats, errors } = await peakGrowth(
      unit,
      Math.ceil(TOTAL / 10 / unit.length) * unit.length,
    );
    expect(errors).toBe(0);
    expect(stats.shape).toBe('cloudwatch-logs');
    expect(growth).toBeLessThan(MAX_GROWTH);
  }, 300_000);
});
