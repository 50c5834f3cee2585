/**
 * The fuzz run's own parts (bench/reliability/fuzz-*.ts): the contract check catches each kind of broken read, and
 * a few hundred of its cases (every shape, mutated, chunked) hold in `npm test`; the 100,000 are
 * `npm run reliability:hostile`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunksOf, fuzzCase } from '../../bench/reliability/fuzz-cases.ts';
import { readMisses } from '../../bench/reliability/fuzz-check.ts';
import { fuzzObjects } from '../../bench/reliability/fuzz-objects.ts';
import { heapGrowth } from '../../bench/reliability/hostile-table.ts';
import type { ReadItem, ReadStats } from '../../functions/reader/read-events.ts';
import { readEvents } from '../../functions/reader/read-events.ts';

const stats: ReadStats = {
  bytesIn: 100,
  bytesDecoded: 100,
  events: 1,
  decoded: 1,
  errors: 1,
  compressed: false,
  compression: 'none',
  encoding: 'utf-8',
  shape: 'xml',
  rejected: false,
};
const event = { kind: 'event', offset: 0, event: {} } as unknown as ReadItem;
const error = (offset: number, fatal = false): ReadItem => ({ kind: 'error', offset, reason: 'why', fatal });

describe('the contract every fuzzed read is held to', () => {
  it('a sane read passes', () => {
    expect(readMisses([event, error(50)], stats)).toEqual([]);
  });

  it.each([
    ['an offset past what was read', [event, error(101)], stats],
    ['a fractional offset', [event, error(1.5)], stats],
    ['an event after a fatal error', [error(10, true), event], stats],
    ['counts that disagree with the items', [event], stats],
    ['a rejected object without a fatal error', [event, error(50)], { ...stats, rejected: true }],
    [
      'an error without a reason',
      [event, { kind: 'error', offset: 1, reason: '', fatal: false } as ReadItem],
      stats,
    ],
  ] as const)('%s is caught', (_, items, s) => {
    expect(readMisses(items, s)).not.toEqual([]);
  });

  it('a heap that keeps growing is seen, a flat one is not', () => {
    expect(heapGrowth([20, 15.4, 15.3, 15.6])).toBeLessThan(1);
    expect(heapGrowth([20, 15, 40, 80])).toBe(65);
  });
});

describe('the fuzz cases themselves', () => {
  const objects = fuzzObjects();

  it('start from valid objects of every shape, which read with no error', async () => {
    const shapes = new Set(objects.map((o) => o.shape.split('/')[0]));
    expect(shapes.size).toBeGreaterThanOrEqual(20);
    for (const object of objects) {
      const stream = readEvents(object.bytes);
      const errors: string[] = [];
      for await (const item of stream) if (item.kind === 'error') errors.push(item.reason);
      expect([object.shape, errors]).toEqual([object.shape, []]);
      expect([object.shape, stream.stats.events > 0]).toEqual([object.shape, true]);
    }
  });

  it('300 of them hold the contract', async () => {
    await fc.assert(
      fc.asyncProperty(fuzzCase(objects), async (c) => {
        const stream = readEvents(chunksOf(c), c.options);
        const items: ReadItem[] = [];
        for await (const item of stream) items.push(item);
        expect(readMisses(items, stream.stats)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});
