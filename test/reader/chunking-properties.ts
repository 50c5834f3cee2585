import fc from 'fast-check';
import { expect, it } from 'vitest';
import { readSignals } from '../../functions/signals/read-signals.ts';
import { cutAt, readAll } from './reader-fixtures.ts';

/** Cut positions: anywhere, and always some inside the first 12 bytes (BOM, gzip header). */
const cutsFor = (length: number) =>
  fc.tuple(
    fc.array(fc.integer({ min: 1, max: Math.max(1, length - 1) }), { maxLength: 40 }),
    fc.subarray([1, 2, 3, 4, 5, 8, 10, 11]),
  );

/**
 * The two chunking properties every object shape must hold, as `it`s of the calling describe: events, errors and
 * stats, then signals, are those of a single-chunk read whatever the cuts.
 */
export function chunkingNeverChangesWhatIsRead(
  objectBytes: fc.Arbitrary<Buffer>,
  runs: { items: number; signals: number },
): void {
  const withCuts = objectBytes.chain((bytes) => fc.tuple(fc.constant(bytes), cutsFor(bytes.length)));

  it('events, errors and stats are those of a single-chunk read, for cuts anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(withCuts, async ([bytes, [anywhere, head]]) => {
        const whole = await readAll(bytes);
        const cut = await readAll(cutAt(bytes, [...anywhere, ...head]));
        expect(cut.items).toEqual(whole.items);
        expect(cut.stats).toEqual(whole.stats);
      }),
      { numRuns: runs.items },
    );
  }, 120_000);

  it('signals are those of a single-chunk read, for cuts anywhere', async () => {
    let signalsSeen = 0;
    await fc.assert(
      fc.asyncProperty(withCuts, async ([bytes, [anywhere, head]]) => {
        const whole = await readSignals(bytes, { name: 'object' });
        const cut = await readSignals(cutAt(bytes, [...anywhere, ...head]), { name: 'object' });
        expect(cut.signals).toEqual(whole.signals);
        expect(cut.errors).toEqual(whole.errors);
        signalsSeen += whole.signals.length;
      }),
      { numRuns: runs.signals },
    );
    // The property means nothing if no run carried a signal.
    expect(signalsSeen).toBeGreaterThan(0);
  }, 120_000);
}
