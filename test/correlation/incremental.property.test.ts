import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyContributions, ContributionBuilder } from '../../functions/correlation/contribution.ts';
import { type Correlation, correlateAll } from '../../functions/correlation/correlate.ts';
import { correlationConfig } from '../../functions/correlation/correlation-config.ts';
import type { CoverageRun } from '../../functions/correlation/coverage.ts';
import type { HostState } from '../../functions/correlation/host-state.ts';
import { incidentsOf } from '../../functions/correlation/incidents-of.ts';
import type { Signal } from '../../functions/signals/signal.ts';
import { type Delivery, deliveryArbitrary } from './delivery-arbitrary.ts';

const configs = [
  correlationConfig(),
  correlationConfig({ window: '2d', skew: '90s', quiet: '6h', threshold: 2, settle: '0s' }),
];

/** What the pipeline and the scan do: each object read once in arrival order, de-duplicated by the runs known so far, its part merged into the host states. */
function incrementally(
  delivery: Delivery,
  config: (typeof configs)[number],
  horizon: string | undefined,
): Correlation {
  const known: CoverageRun[] = [];
  const states = new Map<string, HostState>();
  for (const object of delivery.objects) {
    const builder = new ContributionBuilder(config, (computer, channel) =>
      known.filter((run) => run.computer === computer && run.channel === channel),
    );
    for (const signal of object) builder.add(signal);
    const contributions = builder.finish();
    applyContributions(states, contributions, config);
    for (const contribution of contributions) known.push(...contribution.runs);
  }
  const result: Correlation = { incidents: [], unexplained: [] };
  for (const state of states.values()) {
    const { incidents, unexplained } = incidentsOf(state, config, horizon);
    result.incidents.push(...incidents);
    if (unexplained) result.unexplained.push(unexplained);
  }
  return normalised(result);
}

/** Which copy of an event was counted depends on arrival; what was counted does not. */
function normalised(result: Correlation) {
  const order = (a: { id?: string; host: string }, b: { id?: string; host: string }) =>
    `${a.host}${a.id ?? ''}` < `${b.host}${b.id ?? ''}` ? -1 : 1;
  return JSON.parse(
    JSON.stringify(
      { incidents: [...result.incidents].sort(order), unexplained: [...result.unexplained].sort(order) },
      (key, value) => (key === 'source' || key === 'offset' ? undefined : value),
    ),
  );
}

function latest(signals: readonly Signal[]): string | undefined {
  return signals.reduce<string | undefined>(
    (l, s) => (l === undefined || s.time > l ? s.time : l),
    undefined,
  );
}

describe('the incremental merge equals the detection rules on all events at once', () => {
  it.each(configs.map((c, i) => [i, c] as const))(
    'objects as shippers write them, in any order, overlapping, some twice, across a cleared log (config %i)',
    (_, config) => {
      fc.assert(
        fc.property(deliveryArbitrary, (delivery) => {
          const horizon = latest(delivery.signals);
          expect(incrementally(delivery, config, horizon)).toEqual(
            normalised(correlateAll(delivery.signals, config, horizon)),
          );
        }),
        { numRuns: 400 },
      );
    },
  );

  it('contributions merge in any order', () => {
    const config = configs[0] ?? correlationConfig();
    fc.assert(
      fc.property(deliveryArbitrary, fc.array(fc.nat()), (delivery, order) => {
        const builder = (known: CoverageRun[]) =>
          new ContributionBuilder(config, (c, ch) =>
            known.filter((r) => r.computer === c && r.channel === ch),
          );
        const known: CoverageRun[] = [];
        const parts = delivery.objects.flatMap((object) => {
          const b = builder(known);
          for (const s of object) b.add(s);
          const done = b.finish();
          for (const c of done) known.push(...c.runs);
          return done;
        });
        const shuffled = [...parts].sort(
          (a, b) => (order[parts.indexOf(a)] ?? 0) - (order[parts.indexOf(b)] ?? 0),
        );
        const horizon = latest(delivery.signals);
        const one = applyContributions(new Map(), parts, config);
        const other = applyContributions(new Map(), shuffled, config);
        for (const [host, state] of one) {
          const theOther = other.get(host) as HostState;
          expect(
            normalised({ incidents: incidentsOf(theOther, config, horizon).incidents, unexplained: [] }),
          ).toEqual(
            normalised({ incidents: incidentsOf(state, config, horizon).incidents, unexplained: [] }),
          );
        }
      }),
      { numRuns: 200 },
    );
  });
});
