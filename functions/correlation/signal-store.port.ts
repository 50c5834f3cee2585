import type { Signal } from '../signals/signal.ts';

/**
 * Where the correlation core keeps each host's signals. Incidents are a pure function of a host's
 * deduplicated signals, so the store only has to add idempotently and give them all back.
 * Implemented in memory (offline scan, unit tests) and on DynamoDB (pipeline); both pass the same contract tests.
 */
export interface SignalStore {
  /** Adds signals of one host; a signal whose event (eventKey of its evidence) is already stored is not added again. Returns those that were new. */
  addSignals(host: string, signals: readonly Signal[]): Promise<Signal[]>;
  /** Every stored signal of the host, in any order. */
  signalsOf(host: string): Promise<Signal[]>;
}
