import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { StoredIncident } from '../../functions/alerts/stored-incident.ts';
import { DynamoDbIncidentStore } from '../../functions/storage/dynamodb-incident-store.ts';
import { typicalSignals } from '../alerts/stored-incidents.ts';
import { at, failure } from '../correlation/signal-builders.ts';
import { useLocalServices } from '../local/services.ts';
import { ingestSignals, ledgerOn } from './ledger-fixtures.ts';

const local = useLocalServices();
const now = new Date('2026-11-17T12:30:00Z');
const clock = () => now;
const claim = (token: string, leaseExpiredBefore = '2026-11-17T12:00:00.000Z') => ({
  token,
  now,
  leaseExpiredBefore,
});

async function withIncident(failures = 2) {
  const resources = await local.fresh();
  const store = new DynamoDbIncidentStore({
    tableName: resources.names.tables.INCIDENTS_TABLE,
    client: local.services().documents,
  });
  const ledger = ledgerOn(resources, local.services().documents, clock);
  const [saved] = await ingestSignals(ledger, typicalSignals(failures), { now: clock });
  if (!saved) throw new Error('nothing saved');
  return { resources, store, ledger, incident: saved.incident as StoredIncident };
}

describe('DynamoDbIncidentStore: the alert outbox on DynamoDB Local', () => {
  it('of ten invocations claiming the same pending alert at once, exactly one wins', async () => {
    const { store, incident } = await withIncident();
    const claims = await Promise.all(
      Array.from({ length: 10 }, (_, i) => store.claimAlert(incident.id, 'opened', claim(`token-${i}`))),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('a claim whose lease ran out is taken over, and the late owner can no longer record its publish', async () => {
    const { store, incident } = await withIncident();
    expect(await store.claimAlert(incident.id, 'opened', claim('a'))).toBeDefined();
    expect(await store.claimAlert(incident.id, 'opened', claim('b'))).toBeUndefined();
    const takeover = await store.claimAlert(incident.id, 'opened', claim('b', '2026-11-17T12:45:00.000Z'));
    expect(takeover?.alerts.opened).toMatchObject({ state: 'sending', claim: 'b', attempts: 2 });
    expect(await store.completeAlert(incident.id, 'opened', 'a', 'late', now)).toBe(false);
    expect(await store.completeAlert(incident.id, 'opened', 'b', 'm-b', now)).toBe(true);
    expect((await store.get(incident.id))?.alerts.opened).toMatchObject({ state: 'sent', messageId: 'm-b' });
  });

  it('a failed publish goes back to pending with its reason; a sent alert is never claimed again', async () => {
    const { store, incident } = await withIncident();
    await store.claimAlert(incident.id, 'opened', claim('a'));
    await store.releaseAlert(incident.id, 'opened', 'a', 'SNS throttled');
    expect((await store.get(incident.id))?.alerts.opened).toMatchObject({
      kind: 'opened',
      state: 'pending',
      attempts: 1,
      lastError: 'SNS throttled',
    });
    await store.claimAlert(incident.id, 'opened', claim('b'));
    await store.completeAlert(incident.id, 'opened', 'b', 'm-1', now);
    const late = '2099-01-01T00:00:00.000Z';
    expect(await store.claimAlert(incident.id, 'opened', claim('c', late))).toBeUndefined();
  });

  it('a computation that read the incident before a concurrent claim cannot write the old outbox back', async () => {
    const { resources, store, incident } = await withIncident();
    const racing = DynamoDBDocumentClient.from(local.services().dynamodb, {
      marshallOptions: { removeUndefinedValues: true },
    });
    let interleaved = false;
    // Between this invocation's reads and its transaction, another invocation claims and sends the alert.
    racing.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand' && !interleaved) {
          interleaved = true;
          await store.claimAlert(incident.id, 'opened', claim('other'));
          await store.completeAlert(incident.id, 'opened', 'other', 'm-other', now);
        }
        return next(args);
      },
      { step: 'initialize', name: 'interleaveClaim' },
    );
    const more = [3, 4, 5].map((n) =>
      failure({ recordId: 200 + n, reporter: 'ws04', time: at(`+${2 * 60 + n}m`) }),
    );
    await ingestSignals(ledgerOn(resources, racing, clock), more, { now: clock });
    expect(interleaved).toBe(true);
    const after = await store.get(incident.id);
    expect(after?.alerts.opened).toMatchObject({ state: 'sent', messageId: 'm-other' });
    expect(after?.failureCount).toBe(5);
  });

  it('lists incidents by status and by host through the indexes, a page at a time, newest first', async () => {
    const { store, ledger, incident } = await withIncident();
    expect((await store.listByStatus('open')).incidents.map((i) => i.id)).toEqual([incident.id]);
    expect((await store.listByStatus('open', { since: at('+1d') })).incidents).toEqual([]);
    expect((await store.listByStatus('resolved')).incidents).toEqual([]);
    expect((await store.listByHost('app01')).incidents.map((i) => i.id)).toEqual([incident.id]);
    // two more incidents on other hosts, days apart
    for (const [host, days] of [
      ['app02', 2],
      ['app03', 4],
    ] as const) {
      const signals = typicalSignals(1).map((s) => ({
        ...s,
        host,
        time: at(`+${days}d`, s.time),
        evidence: { ...s.evidence, computer: `${host}.corp`, source: host },
      }));
      await ingestSignals(ledger, signals, { now: clock });
    }
    const first = await store.listByStatus('open', { newestFirst: true, limit: 2 });
    expect(first.incidents.map((i) => i.host)).toEqual(['app03', 'app02']);
    expect(first.next).toBeDefined();
    const second = await store.listByStatus('open', {
      newestFirst: true,
      limit: 2,
      after: first.next as string,
    });
    expect(second.incidents.map((i) => i.host)).toEqual(['app01']);
  });
});
