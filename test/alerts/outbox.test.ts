import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dueAlert, inheritedAlerts, reconcileIncident } from '../../functions/alerts/outbox.ts';
import type { StoredIncident } from '../../functions/alerts/stored-incident.ts';
import { at, failure, restart } from '../correlation/signal-builders.ts';
import { incidentsOf, storedIncident, typicalSignals } from './stored-incidents.ts';

const now = new Date('2026-11-17T12:30:00Z');
const options = { now, notifyAtRisk: false };
const first = <T>(items: readonly T[]): T => {
  if (items[0] === undefined) throw new Error('nothing computed');
  return items[0];
};
const sent = (key: string, kind: 'opened' | 'resolved' | 'reopened', seq: number) => ({
  [key]: {
    kind,
    seq,
    state: 'sent' as const,
    attempts: 1,
    decidedAt: now.toISOString(),
    messageId: `m-${key}`,
  },
});

describe('the notification decisions (outbox) when a host is recomputed', () => {
  it('a new incident at the threshold gets its `opened` notification pending, and nothing else', () => {
    const next = reconcileIncident(undefined, first(incidentsOf(typicalSignals())), 1, options);
    expect(Object.keys(next?.alerts ?? {})).toEqual(['opened']);
    expect(next?.alerts.opened).toMatchObject({ kind: 'opened', seq: 1, state: 'pending', attempts: 0 });
  });

  it('below the threshold nothing is decided; an at-risk leak gets a notice only when the stack asks for one', () => {
    const below = { ...first(incidentsOf(typicalSignals(1))), alertable: false };
    expect(reconcileIncident(undefined, below, 1, options)?.alerts).toEqual({});
    const risk = first(incidentsOf(typicalSignals(0)));
    expect(risk.status).toBe('at-risk');
    expect(reconcileIncident(undefined, risk, 1, options)?.alerts).toEqual({});
    expect(
      Object.keys(reconcileIncident(undefined, risk, 1, { now, notifyAtRisk: true })?.alerts ?? {}),
    ).toEqual(['at-risk']);
  });

  it('a recomputation never replaces a decided notification, whatever its state', () => {
    const computed = first(incidentsOf(typicalSignals(5)));
    for (const state of ['pending', 'sending', 'sent'] as const) {
      const stored = storedIncident(first(incidentsOf(typicalSignals(3))), {
        alerts: { opened: { kind: 'opened', seq: 1, state, attempts: 2, decidedAt: 'x', claim: 't' } },
      });
      const next = reconcileIncident(stored, computed, 2, options);
      expect(next?.failureCount).toBe(5);
      expect(next?.alerts).toEqual(stored.alerts);
    }
  });

  it('a computation on an older host state than the stored one writes nothing; the same one again writes nothing', () => {
    const computed = first(incidentsOf(typicalSignals(4)));
    const stored = storedIncident(computed, { basis: 7 });
    expect(reconcileIncident(stored, computed, 6, options)).toBeUndefined();
    expect(reconcileIncident(stored, computed, 7, options)).toBeUndefined();
  });

  it('an alerted incident that ends queues `resolved#1` once; failing again queues `reopened#1`, then `resolved#2`', () => {
    const signals = typicalSignals(3);
    const open = storedIncident(first(incidentsOf(signals)), { alerts: sent('opened', 'opened', 1) });
    const ended = first(incidentsOf(signals, at('+2d')));
    const resolved = reconcileIncident(open, ended, 2, options) as StoredIncident;
    expect(resolved.status).toBe('resolved');
    expect(Object.keys(resolved.alerts)).toEqual(['opened', 'resolved#1']);
    expect(reconcileIncident(resolved, ended, 3, options)).toBeUndefined();
    // a failure arriving late, within quiet of the last one: the application was not fixed
    const again = first(incidentsOf([...signals, failure({ recordId: 900, time: at('+20h') })], at('+21h')));
    const reopened = reconcileIncident(resolved, again, 4, options) as StoredIncident;
    expect(reopened.status).toBe('open');
    expect(Object.keys(reopened.alerts)).toEqual(['opened', 'resolved#1', 'reopened#1']);
    const endedAgain = first(
      incidentsOf([...signals, failure({ recordId: 900, time: at('+20h') })], at('+3d')),
    );
    expect(Object.keys(reconcileIncident(reopened, endedAgain, 5, options)?.alerts ?? {})).toEqual([
      'opened',
      'resolved#1',
      'reopened#1',
      'resolved#2',
    ]);
  });

  it('an incident resolved by a restart carries the evidence', () => {
    const signals = [...typicalSignals(3), restart({ recordId: 70, time: at('+2h') })];
    const computed = first(incidentsOf(signals, at('+3h')));
    const next = reconcileIncident(
      storedIncident(first(incidentsOf(signals, at('+90m')))),
      computed,
      2,
      options,
    );
    expect(next?.resolution).toMatchObject({ by: 'restart', at: at('+2h') });
    expect(Object.keys(next?.alerts ?? {})).toEqual(['opened', 'resolved#1']);
  });

  it('a successor takes over the most advanced notifications of the incidents it supersedes', () => {
    const computed = first(incidentsOf(typicalSignals(3)));
    const pending = storedIncident(computed);
    const gone = storedIncident(computed, { id: 'old', alerts: sent('opened', 'opened', 1) });
    const inherited = inheritedAlerts([pending, gone]);
    expect(inherited.opened?.state).toBe('sent');
    const next = reconcileIncident(undefined, computed, 3, { ...options, inherited });
    expect(next?.alerts.opened?.state).toBe('sent');
  });

  it('for any order of recomputations, `opened` is decided once and each ending once', () => {
    const signals = typicalSignals(6);
    const horizons = [undefined, at('+2d'), at('+3d')];
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 5 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat({ max: 2 })),
        (sizes, hs) => {
          let stored: StoredIncident | undefined;
          let basis = 0;
          for (const [i, size] of sizes.entries()) {
            const computed = incidentsOf(signals.slice(0, size + 2), horizons[hs[i] ?? 0]);
            const incident = computed[0];
            if (!incident) continue;
            basis += 1;
            stored = reconcileIncident(stored, incident, basis, options) ?? stored;
          }
          const keys = Object.keys(stored?.alerts ?? {});
          expect(new Set(keys).size).toBe(keys.length);
          expect(keys.filter((k) => k === 'opened').length).toBeLessThanOrEqual(1);
          const resolutions = keys.filter((k) => k.startsWith('resolved#')).length;
          const reopenings = keys.filter((k) => k.startsWith('reopened#')).length;
          expect(resolutions - reopenings).toBeGreaterThanOrEqual(0);
          expect(resolutions - reopenings).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});

describe('which notification is due', () => {
  const incident = storedIncident(first(incidentsOf(typicalSignals())));

  it('the first unsent one in decision order, only once every earlier one was sent', () => {
    const alerts: StoredIncident['alerts'] = {
      ...sent('opened', 'opened', 1),
      'resolved#1': {
        kind: 'resolved' as const,
        seq: 2,
        state: 'pending' as const,
        attempts: 0,
        decidedAt: 'x',
      },
    };
    expect(dueAlert({ ...incident, alerts }, now.toISOString())?.[0]).toBe('resolved#1');
    const blocked = {
      ...alerts,
      opened: { ...(alerts.opened as StoredIncident['alerts'][string]), state: 'pending' as const },
    };
    expect(dueAlert({ ...incident, alerts: blocked }, now.toISOString())?.[0]).toBe('opened');
  });

  it('a claim is due again only once its lease has run out (its invocation died); a superseded incident never', () => {
    const claimed = {
      ...incident,
      alerts: {
        opened: {
          kind: 'opened' as const,
          seq: 1,
          state: 'sending' as const,
          attempts: 1,
          decidedAt: 'x',
          claimedAt: '2026-11-17T12:10:00.000Z',
        },
      },
    };
    expect(dueAlert(claimed, '2026-11-17T12:00:00.000Z')).toBeUndefined();
    expect(dueAlert(claimed, '2026-11-17T12:20:00.000Z')?.[0]).toBe('opened');
    expect(dueAlert({ ...incident, status: 'superseded' }, now.toISOString())).toBeUndefined();
  });
});
