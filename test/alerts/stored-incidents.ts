import type { StoredIncident } from '../../functions/alerts/stored-incident.ts';
import { correlate } from '../../functions/correlation/correlate.ts';
import { correlationConfig } from '../../functions/correlation/correlation-config.ts';
import type { Incident } from '../../functions/correlation/incident.ts';
import type { Signal } from '../../functions/signals/signal.ts';
import { at, failure, leak } from '../correlation/signal-builders.ts';

export const config = correlationConfig();

/** The incidents the core computes from signals (one host's stream). */
export function incidentsOf(signals: readonly Signal[], horizon?: string): Incident[] {
  return correlate(signals, config, horizon);
}

/** A leak on app01 and `failures` DCOM failures from three clients, one minute apart after an hour. */
export function typicalSignals(failures = 3): Signal[] {
  return [
    leak({ recordId: 1 }),
    ...Array.from({ length: failures }, (_, i) =>
      failure({
        recordId: 100 + i,
        reporter: `ws0${(i % 3) + 1}`,
        time: at(`+${60 + i}m`),
        clsid: '{4E14FBA2-2E22-11D1-9964-00C04FBBB345}',
      }),
    ),
  ];
}

/** An incident as stored right after the alert decision (opened alert pending). */
export function storedIncident(incident: Incident, extra: Partial<StoredIncident> = {}): StoredIncident {
  return {
    ...incident,
    basis: 1,
    version: 1,
    updatedAt: '2026-11-17T12:00:00.000Z',
    alerts: {
      opened: {
        kind: 'opened',
        seq: 1,
        state: 'pending',
        attempts: 0,
        decidedAt: '2026-11-17T12:00:00.000Z',
      },
    },
    audit: [],
    ...extra,
  };
}
