import { describe, expect, it } from 'vitest';
import { CoverageConflictError } from '../../functions/hosts/errors.ts';
import { DynamoDbIncidentStore } from '../../functions/storage/dynamodb-incident-store.ts';
import { at, failure, leak } from '../correlation/signal-builders.ts';
import { useLocalServices } from '../local/services.ts';
import { ingestSignals, ledgerOn } from './ledger-fixtures.ts';

const local = useLocalServices();
const clock = () => new Date('2026-11-17T12:30:00Z');

async function fresh() {
  const resources = await local.fresh();
  const ledger = ledgerOn(resources, local.services().documents, clock);
  const store = new DynamoDbIncidentStore({
    tableName: resources.names.tables.INCIDENTS_TABLE,
    client: local.services().documents,
  });
  return { resources, ledger, store };
}

describe('the host ledger on DynamoDB Local: concurrent invocations on one host', () => {
  it('twenty invocations adding failures to one host at once lose no update and decide one alert', async () => {
    const { ledger, store } = await fresh();
    await ingestSignals(ledger, [leak({ recordId: 1 })], { now: clock });
    // twenty clients' objects, each one failure, committed at the same moment
    const objects = Array.from({ length: 20 }, (_, i) => [
      failure({ recordId: 100, reporter: `ws${String(i).padStart(2, '0')}`, time: at(`+${10 + i}m`) }),
    ]);
    await Promise.all(objects.map((signals) => ingestSignals(ledger, signals, { now: clock })));
    const [incident] = (await store.listByHost('app01')).incidents;
    expect(incident?.failureCount).toBe(20);
    expect(incident?.clients).toHaveLength(20);
    expect(Object.keys(incident?.alerts ?? {})).toEqual(['opened']);
    const [host] = (await ledger.readHosts(['app01'])).values();
    expect(host?.state.sessions[0]?.count).toBe(20);
  });

  it('the same object committed by several invocations at once counts once', async () => {
    const { ledger, store } = await fresh();
    const object = [
      leak({ recordId: 1 }),
      ...[1, 2, 3, 4, 5].map((n) => failure({ recordId: 100 + n, time: at(`+${n}m`) })),
    ];
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, () => ingestSignals(ledger, object, { now: clock })),
    );
    // a loser either sees the events claimed at once (nothing to write), or learns it at commit and must read again
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(CoverageConflictError);
    }
    expect(outcomes.some((o) => o.status === 'fulfilled')).toBe(true);
    const [incident] = (await store.listByHost('app01')).incidents;
    expect(incident?.failureCount).toBe(5);
    // read again (as ingest does after CoverageConflictError): still counted once
    await ingestSignals(ledger, object, { now: clock });
    expect((await store.get(incident?.id ?? ''))?.failureCount).toBe(5);
  });

  it('overlapping objects (a shipper re-sending after a restart) count the shared events once', async () => {
    const { ledger, store } = await fresh();
    const stream = Array.from({ length: 10 }, (_, i) =>
      failure({ recordId: 100 + i, time: at(`+${i + 1}m`) }),
    );
    await ingestSignals(ledger, [leak({ recordId: 1 })], { now: clock });
    await Promise.allSettled([
      ingestSignals(ledger, stream.slice(0, 7), { now: clock }),
      ingestSignals(ledger, stream.slice(4), { now: clock }),
    ]).then(async (outcomes) => {
      // the loser of a true overlap reads its object again
      for (const [i, o] of outcomes.entries()) {
        if (o.status === 'rejected')
          await ingestSignals(ledger, i === 0 ? stream.slice(0, 7) : stream.slice(4), { now: clock });
      }
    });
    expect((await store.listByHost('app01')).incidents[0]?.failureCount).toBe(10);
  });

  it('a log cleared between two objects: the same record ids, later times, count again', async () => {
    const { ledger, store } = await fresh();
    await ingestSignals(ledger, [leak({ recordId: 1 })], { now: clock });
    const before = [1, 2, 3].map((n) => failure({ recordId: 100 + n, time: at(`+${n}m`) }));
    const after = [1, 2, 3].map((n) => failure({ recordId: 100 + n, time: at(`+${60 + n}m`) }));
    await ingestSignals(ledger, before, { now: clock });
    await ingestSignals(ledger, after, { now: clock });
    await ingestSignals(ledger, before, { now: clock }); // and the first object again: nothing new
    expect((await store.listByHost('app01')).incidents[0]?.failureCount).toBe(6);
  });
});
