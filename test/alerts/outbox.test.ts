import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDue, reconcileIncident } from '../../functions/alerts/outbox.ts';
import { EvidenceLimit, type StoredIncident } from '../../functions/alerts/stored-incident.ts';
import { at } from '../correlation/signal-builders.ts';
import { incidentsOf, typicalSignals } from './stored-incidents.ts';

const now = new Date('2026-11-17T12:30:00Z');

function only<T>(items: readonly T[]): T {
  const [item] = items;
  if (!item || items.length !== 1) throw new Error(`expected exactly one, got ${items.length}`);
  return item;
}

describe('the alert decision (outbox) when a host is recomputed', () => {
  it('a new incident at the threshold gets its opened alert pending', () => {
    const saved = reconcileIncident(undefined, only(incidentsOf(typicalSignals(1))), 2, now);
    expect(saved?.openedAlert).toEqual({ state: 'pending', attempts: 0 });
    expect(saved?.resolvedAlert).toBeUndefined();
    expect(saved?.version).toBe(1);
  });

  it('a recomputation never replaces the opened alert once decided, whatever its state', () => {
    const first = reconcileIncident(
      undefined,
      only(incidentsOf(typicalSignals(1))),
      2,
      now,
    ) as StoredIncident;
    const sent: StoredIncident = { ...first, openedAlert: { state: 'sent', attempts: 1, messageId: 'm-1' } };
    const later = reconcileIncident(sent, only(incidentsOf(typicalSignals(5))), 6, now);
    expect(later?.openedAlert).toEqual({ state: 'sent', attempts: 1, messageId: 'm-1' });
    expect(later?.failureCount).toBe(5);
    expect(later?.version).toBe(2);
  });

  it('a computation on fewer signals than the stored one is stale and writes nothing', () => {
    const stored = reconcileIncident(
      undefined,
      only(incidentsOf(typicalSignals(5))),
      6,
      now,
    ) as StoredIncident;
    expect(reconcileIncident(stored, only(incidentsOf(typicalSignals(2))), 3, now)).toBeUndefined();
  });

  it('the same computation again writes nothing (a redelivered object changes no state)', () => {
    const incident = only(incidentsOf(typicalSignals(3)));
    const stored = reconcileIncident(undefined, incident, 4, now) as StoredIncident;
    expect(reconcileIncident(stored, incident, 4, new Date('2026-11-18T00:00:00Z'))).toBeUndefined();
  });

  it('resolving an alerted incident queues the resolved notification once', () => {
    const open = reconcileIncident(undefined, only(incidentsOf(typicalSignals(2))), 3, now) as StoredIncident;
    const resolved = reconcileIncident(open, only(incidentsOf(typicalSignals(2), at('+3d'))), 3, now);
    expect(resolved?.status).toBe('resolved');
    expect(resolved?.resolvedAlert).toEqual({ state: 'pending', attempts: 0 });
  });

  it('resolved is final: a recomputation with an event-time horizon does not reopen what the clock resolved', () => {
    const open = reconcileIncident(undefined, only(incidentsOf(typicalSignals(2))), 3, now) as StoredIncident;
    const resolved = reconcileIncident(
      open,
      only(incidentsOf(typicalSignals(2), at('+3d'))),
      3,
      now,
    ) as StoredIncident;
    const again = reconcileIncident(resolved, only(incidentsOf(typicalSignals(2))), 3, now);
    expect(again).toBeUndefined();
  });

  it('keeps every leak and the earliest failures when evidence would overflow the item', () => {
    const saved = reconcileIncident(undefined, only(incidentsOf(typicalSignals(400))), 401, now);
    expect(saved?.evidence).toHaveLength(EvidenceLimit);
    expect(saved?.evidenceCount).toBe(401);
    expect(saved?.evidence[0]?.kind).toBe('leak');
  });

  it('for any order of recomputations, the opened alert is decided exactly once and the last state is the fullest', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 12 }),
        (failureCounts) => {
          let stored: StoredIncident | undefined;
          let decisions = 0;
          for (const failures of failureCounts) {
            const next = reconcileIncident(
              stored,
              only(incidentsOf(typicalSignals(failures))),
              failures + 1,
              now,
            );
            if (!next) continue;
            if (next.openedAlert && !stored?.openedAlert) decisions += 1;
            stored = next;
          }
          expect(decisions).toBe(1);
          expect(stored?.failureCount).toBe(Math.max(...failureCounts));
        },
      ),
    );
  });
});

describe('when an outbox entry is due', () => {
  const expired = '2026-11-17T12:15:00.000Z';
  it('pending is due; sent never is', () => {
    expect(isDue({ state: 'pending', attempts: 0 }, expired)).toBe(true);
    expect(isDue({ state: 'sent', attempts: 1, messageId: 'm' }, expired)).toBe(false);
    expect(isDue(undefined, expired)).toBe(false);
  });
  it('a claim is due again only once its lease has run out (its invocation died)', () => {
    expect(isDue({ state: 'sending', attempts: 1, claimedAt: '2026-11-17T12:20:00.000Z' }, expired)).toBe(
      false,
    );
    expect(isDue({ state: 'sending', attempts: 1, claimedAt: '2026-11-17T12:10:00.000Z' }, expired)).toBe(
      true,
    );
  });
});
