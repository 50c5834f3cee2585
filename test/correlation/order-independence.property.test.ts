import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { correlate } from '../../functions/correlation/correlate.ts';
import { correlateHost } from '../../functions/correlation/correlate-host.ts';
import { correlationConfig } from '../../functions/correlation/correlation-config.ts';
import { InMemorySignalStore } from '../../functions/correlation/in-memory-signal-store.ts';
import type { Incident } from '../../functions/correlation/incident.ts';
import { eventKey, type Signal } from '../../functions/signals/signal.ts';
import { horizonOf, scenarioArbitrary } from './scenario-arbitrary.ts';

const configs = [
  correlationConfig(),
  correlationConfig({ window: '2d', skew: '90s', quiet: '6h', threshold: 2 }),
];
const RUNS = { numRuns: 300 };

const permuted = scenarioArbitrary.chain((signals) =>
  fc.tuple(
    fc.constant(signals),
    fc.shuffledSubarray(signals, { minLength: signals.length, maxLength: signals.length }),
  ),
);

/** Feeds signals to the incremental use case batch by batch, host by host, as the Lambda does. */
async function incrementally(
  batches: readonly Signal[][],
  config: (typeof configs)[number],
  horizon: string | undefined,
) {
  const store = new InMemorySignalStore();
  const latest = new Map<string, Incident[]>();
  for (const batch of batches) {
    for (const host of new Set(batch.map((s) => s.host))) {
      const { incidents } = await correlateHost(host, batch, {
        store,
        config,
        ...(horizon ? { horizon } : {}),
      });
      latest.set(host, incidents);
    }
  }
  return [...latest.values()].flat();
}

const byId = (a: Incident, b: Incident) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

describe('order of arrival does not matter', () => {
  it.each(configs.map((c, i) => [i, c] as const))(
    'any permutation yields the same incidents (config %i)',
    (_, config) => {
      fc.assert(
        fc.property(permuted, ([signals, shuffled]) => {
          expect(correlate(shuffled, config)).toEqual(correlate(signals, config));
        }),
        RUNS,
      );
    },
  );

  it('duplicating any events yields the same incidents', () => {
    const withCopies = scenarioArbitrary.chain((signals) =>
      fc.tuple(
        fc.constant(signals),
        fc.array(fc.constantFrom(...(signals.length ? signals : [undefined])), { maxLength: 10 }),
      ),
    );
    fc.assert(
      fc.property(withCopies, ([signals, copies]) => {
        const extra = copies.filter((s): s is Signal => s !== undefined);
        expect(correlate([...extra, ...signals, ...extra], configs[0] ?? correlationConfig())).toEqual(
          correlate(signals, configs[0] ?? correlationConfig()),
        );
      }),
      RUNS,
    );
  });

  it.each(configs.map((c, i) => [i, c] as const))(
    'any split into batches, delivered in any order and some twice, through the incremental use case yields the same incidents (config %i)',
    async (_, config) => {
      const delivery = scenarioArbitrary.chain((signals) =>
        fc.tuple(
          fc.constant(signals),
          fc.shuffledSubarray(signals, { minLength: signals.length, maxLength: signals.length }),
          fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 6 }),
          fc.array(fc.nat(), { maxLength: 3 }),
        ),
      );
      await fc.assert(
        fc.asyncProperty(delivery, async ([signals, shuffled, cuts, redeliveries]) => {
          const horizon = horizonOf(signals);
          const batches = splitAt(shuffled, cuts);
          for (const n of redeliveries) if (batches.length) batches.push(batches[n % batches.length] ?? []);
          const got = (await incrementally(batches, config, horizon)).sort(byId);
          const expected = correlate(signals, config, horizon).sort(byId);
          if (uniqueByEvent(signals).length === signals.length) expect(got).toEqual(expected);
          // The store keeps the copy of an event it saw first, so evidence may name another place it was read.
          else expect(got.map(withoutPlaces)).toEqual(expected.map(withoutPlaces));
        }),
        { numRuns: 150 },
      );
    },
  );
});

describe('what every incident satisfies', () => {
  it('no event belongs to two incidents, one incident per host is open, and the first failure follows the anchoring leak', () => {
    const config = configs[0] ?? correlationConfig();
    fc.assert(
      fc.property(scenarioArbitrary, (signals) => {
        const incidents = correlate(signals, config);
        const openHosts = incidents.filter((i) => i.status === 'open').map((i) => i.host);
        expect(new Set(openHosts).size).toBe(openHosts.length); // one open incident per host
        const seen = new Set<string>();
        for (const incident of incidents) {
          for (const e of incident.evidence) {
            const key = eventKey(e);
            expect(seen.has(key)).toBe(false);
            seen.add(key);
          }
          const leakMs = Date.parse(incident.leakAt);
          const firstMs = Date.parse(incident.firstFailureAt);
          expect(firstMs).toBeGreaterThanOrEqual(leakMs - config.skew - 1);
          expect(firstMs).toBeLessThanOrEqual(leakMs + config.window + 1);
          expect(incident.failureCount).toBe(incident.evidence.filter((e) => e.kind === 'failure').length);
          expect(incident.clients).not.toContain(incident.host);
        }
      }),
      RUNS,
    );
  });
});

function withoutPlaces(incident: Incident) {
  return { ...incident, evidence: incident.evidence.map(({ source: _s, offset: _o, ...rest }) => rest) };
}

/** The first copy of each event, in the given order. */
function uniqueByEvent(signals: readonly Signal[]): Signal[] {
  const seen = new Set<string>();
  return signals.filter((s) => {
    const key = eventKey(s.evidence);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function splitAt<T>(items: readonly T[], cuts: readonly number[]): T[][] {
  const points = [...new Set(cuts.map((c) => Math.min(c, items.length)))].sort((a, b) => a - b);
  const batches: T[][] = [];
  let from = 0;
  for (const p of [...points, items.length]) {
    if (p > from) batches.push(items.slice(from, p));
    from = Math.max(from, p);
  }
  return batches;
}
