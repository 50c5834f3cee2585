import type { Signal } from '../signals/signal.ts';
import { correlate } from './correlate.ts';
import type { CorrelationConfig } from './correlation-config.ts';
import type { Incident } from './incident.ts';
import type { SignalStore } from './signal-store.port.ts';

export interface CorrelateHostPorts {
  store: SignalStore;
  config: CorrelationConfig;
  /** Event time up to which silence is known (the sweeper passes the clock); default: the host's latest signal. */
  horizon?: string;
}

export interface HostCorrelation {
  /** Signals whose events the store had not seen before. */
  added: Signal[];
  /** Every incident of the host, recomputed from all its stored signals. */
  incidents: Incident[];
}

/**
 * The incremental use case: new signals of one host arrive (one S3 object's worth, in any order, maybe again).
 * 1. add them to the host's stream (idempotent: an event already stored is not added again)
 * 2. read back every stored signal of the host
 * 3. recompute the host's incidents from them, so arrival order cannot matter
 */
export async function correlateHost(
  host: string,
  newSignals: readonly Signal[],
  { store, config, horizon }: CorrelateHostPorts,
): Promise<HostCorrelation> {
  const added = await store.addSignals(
    host,
    newSignals.filter((signal) => signal.host === host),
  );
  const all = await store.signalsOf(host);
  return { added, incidents: correlate(all, config, horizon) };
}
