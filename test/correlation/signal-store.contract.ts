import { describe, expect, it } from 'vitest';
import type { SignalStore } from '../../functions/correlation/signal-store.port.ts';
import type { Signal } from '../../functions/signals/signal.ts';
import { at, failure, leak } from './signal-builders.ts';

const byEvent = (a: Signal, b: Signal) =>
  `${a.evidence.computer}|${a.evidence.recordId}`.localeCompare(
    `${b.evidence.computer}|${b.evidence.recordId}`,
  );

/**
 * The behaviour every SignalStore must have. Run it from a test file of each implementation:
 * `describeSignalStoreContract('InMemorySignalStore', () => new InMemorySignalStore())`.
 * `makeStore` is called once per test and must give an empty store (or one with a fresh namespace).
 */
export function describeSignalStoreContract(
  name: string,
  makeStore: () => SignalStore | Promise<SignalStore>,
  options: { manySignals?: number } = {},
): void {
  describe(`${name} honours the SignalStore contract`, () => {
    it('a host with nothing stored has no signals', async () => {
      const store = await makeStore();
      expect(await store.signalsOf('app01')).toEqual([]);
    });

    it('gives back every field of what was added, optional fields included or absent alike', async () => {
      const store = await makeStore();
      const withExtras: Signal = {
        ...failure({ recordId: 7, reporter: 'app01', clsid: '{4E14FBA2-2E22-11D1-9964-00C04FBBB345}' }),
        process: { name: 'w3wp.exe', pid: 5120 },
      };
      const signals = [leak({ recordId: 1 }), failure({ recordId: 2 }), withExtras];
      expect((await store.addSignals('app01', signals)).sort(byEvent)).toEqual([...signals].sort(byEvent));
      expect((await store.signalsOf('app01')).sort(byEvent)).toEqual([...signals].sort(byEvent));
    });

    it('a signal whose event is already stored is not added again, within a batch or across batches', async () => {
      const store = await makeStore();
      const a = leak({ recordId: 1 });
      const b = failure({ recordId: 2 });
      expect(await store.addSignals('app01', [a, a])).toEqual([a]);
      expect(await store.addSignals('app01', [a, b])).toEqual([b]);
      expect(await store.addSignals('app01', [b, a])).toEqual([]);
      expect((await store.signalsOf('app01')).sort(byEvent)).toEqual([a, b].sort(byEvent));
    });

    it('the same event read from another place (other file, offset, computer case) is the same event', async () => {
      const store = await makeStore();
      const first = failure({ recordId: 2, source: 'incoming/ws01/1.xml.gz', offset: 10 });
      const overlap = {
        ...failure({ recordId: 2, source: 'incoming/ws01/2.xml.gz', offset: 99 }),
        evidence: {
          ...first.evidence,
          source: 'incoming/ws01/2.xml.gz',
          offset: 99,
          computer: 'ws01.CORP.example.NET',
        },
      };
      await store.addSignals('app01', [first]);
      expect(await store.addSignals('app01', [overlap])).toEqual([]);
      expect(await store.signalsOf('app01')).toEqual([first]);
    });

    it('keeps hosts apart', async () => {
      const store = await makeStore();
      const onApp = failure({ host: 'app01', recordId: 3 });
      const onWeb = failure({ host: 'web01', recordId: 4 });
      await store.addSignals('app01', [onApp]);
      await store.addSignals('web01', [onWeb]);
      expect(await store.signalsOf('app01')).toEqual([onApp]);
      expect(await store.signalsOf('web01')).toEqual([onWeb]);
    });

    it('concurrent overlapping batches store each event once and report it new exactly once', async () => {
      const store = await makeStore();
      const signals = Array.from({ length: 20 }, (_, i) =>
        failure({ recordId: 100 + i, time: at(`+${i}m`) }),
      );
      const results = await Promise.all([
        store.addSignals('app01', signals.slice(0, 14)),
        store.addSignals('app01', signals.slice(6)),
        store.addSignals('app01', signals),
      ]);
      const reported = results.flat().map((s) => s.evidence.recordId);
      expect(reported.sort()).toEqual(signals.map((s) => s.evidence.recordId).sort());
      expect(await store.signalsOf('app01')).toHaveLength(20);
    });

    it('gives back a long stream whole (more than one page of a paged store)', async () => {
      const store = await makeStore();
      const count = options.manySignals ?? 1500;
      const signals = Array.from({ length: count }, (_, i) =>
        failure({ recordId: 1000 + i, time: at(`+${i}s`), reporter: `ws${i % 50}` }),
      );
      await store.addSignals('app01', signals);
      expect(await store.signalsOf('app01')).toHaveLength(count);
    });
  });
}
