import type { SignalStore } from '../correlation/signal-store.port.ts';

/** A SignalStore that remembers how many signals the host had when last read: the basis of the incidents computed. */
export function countingSignalStore(store: SignalStore): SignalStore & { lastCount(): number } {
  let count = 0;
  return {
    addSignals: (host, signals) => store.addSignals(host, signals),
    async signalsOf(host) {
      const signals = await store.signalsOf(host);
      count = signals.length;
      return signals;
    },
    lastCount: () => count,
  };
}
