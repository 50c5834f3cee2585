import { eventKey, type Signal } from '../signals/signal.ts';
import type { SignalStore } from './signal-store.port.ts';

/** SignalStore in a Map: the offline scan and the unit tests. */
export class InMemorySignalStore implements SignalStore {
  private readonly hosts = new Map<string, Map<string, Signal>>();

  async addSignals(host: string, signals: readonly Signal[]): Promise<Signal[]> {
    let stored = this.hosts.get(host);
    if (!stored) {
      stored = new Map();
      this.hosts.set(host, stored);
    }
    const added: Signal[] = [];
    for (const signal of signals) {
      const key = eventKey(signal.evidence);
      if (stored.has(key)) continue;
      stored.set(key, signal);
      added.push(signal);
    }
    return added;
  }

  async signalsOf(host: string): Promise<Signal[]> {
    return [...(this.hosts.get(host)?.values() ?? [])];
  }
}
