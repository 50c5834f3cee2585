import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { StoredIncident } from '../../functions/alerts/stored-incident.ts';
import { DynamoDbIncidentStore } from '../../functions/storage/dynamodb-incident-store.ts';
import { incidentsOf, typicalSignals } from '../alerts/stored-incidents.ts';
import { at } from '../correlation/signal-builders.ts';
import { useLocalServices } from '../local/services.ts';

const local = useLocalServices();
const now = new Date('2026-11-17T12:30:00Z');
const claim = (token: string, leaseExpiredBefore = '2026-11-17T12:00:00.000Z') => ({
  token,
  now,
  leaseExpiredBefore,
});

async function freshStore(client?: DynamoDBDocumentClient) {
  const resources = await local.fresh();
  return new DynamoDbIncidentStore({
    tableName: resources.names.tables.INCIDENTS_TABLE,
    client: client ?? local.services().documents,
  });
}

async function savedIncident(store: DynamoDbIncidentStore, failures = 2): Promise<StoredIncident> {
  const [saved] = await store.saveComputed('app01', incidentsOf(typicalSignals(failures)), failures + 1, now);
  if (!saved) throw new Error('nothing saved');
  return saved.incident;
}

describe('DynamoDbIncidentStore: the alert outbox on DynamoDB Local', () => {
  it('of ten invocations claiming the same pending alert at once, exactly one wins', async () => {
    const store = await freshStore();
    const incident = await savedIncident(store);
    const claims = await Promise.all(
      Array.from({ length: 10 }, (_, i) => store.claimAlert(incident.id, 'opened', claim(`token-${i}`))),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('a claim whose lease ran out is taken over, and the late owner can no longer record its publish', async () => {
    const store = await freshStore();
    const incident = await savedIncident(store);
    expect(await store.claimAlert(incident.id, 'opened', claim('a'))).toBeDefined();
    expect(await store.claimAlert(incident.id, 'opened', claim('b'))).toBeUndefined();
    const takeover = await store.claimAlert(incident.id, 'opened', claim('b', '2026-11-17T12:45:00.000Z'));
    expect(takeover?.openedAlert).toMatchObject({ state: 'sending', claim: 'b', attempts: 2 });
    expect(await store.completeAlert(incident.id, 'opened', 'a', 'late', now)).toBe(false);
    expect(await store.completeAlert(incident.id, 'opened', 'b', 'm-b', now)).toBe(true);
    expect((await store.get(incident.id))?.openedAlert).toMatchObject({ state: 'sent', messageId: 'm-b' });
  });

  it('a failed publish goes back to pending with its reason; a sent alert is never claimed again', async () => {
    const store = await freshStore();
    const incident = await savedIncident(store);
    await store.claimAlert(incident.id, 'opened', claim('a'));
    await store.releaseAlert(incident.id, 'opened', 'a', 'SNS throttled');
    expect((await store.get(incident.id))?.openedAlert).toEqual({
      state: 'pending',
      attempts: 1,
      lastError: 'SNS throttled',
    });
    await store.claimAlert(incident.id, 'opened', claim('b'));
    await store.completeAlert(incident.id, 'opened', 'b', 'm-1', now);
    const late = '2099-01-01T00:00:00.000Z';
    expect(await store.claimAlert(incident.id, 'opened', claim('c', late))).toBeUndefined();
  });

  it('a recomputation that read the incident before a concurrent claim cannot write the old outbox back', async () => {
    const resources = await local.fresh();
    const table = resources.names.tables.INCIDENTS_TABLE;
    const racing = DynamoDBDocumentClient.from(local.services().dynamodb, {
      marshallOptions: { removeUndefinedValues: true },
    });
    const store = new DynamoDbIncidentStore({ tableName: table, client: racing });
    const other = new DynamoDbIncidentStore({ tableName: table, client: local.services().documents });
    const incident = await savedIncident(store);
    let interleaved = false;
    // Between this store's read and its conditional put, another invocation claims and sends the alert.
    racing.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'PutItemCommand' && !interleaved) {
          interleaved = true;
          await other.claimAlert(incident.id, 'opened', claim('other'));
          await other.completeAlert(incident.id, 'opened', 'other', 'm-other', now);
        }
        return next(args);
      },
      { step: 'initialize', name: 'interleaveClaim' },
    );
    await store.saveComputed('app01', incidentsOf(typicalSignals(5)), 6, now);
    expect(interleaved).toBe(true);
    const after = await store.get(incident.id);
    expect(after?.openedAlert).toMatchObject({ state: 'sent', messageId: 'm-other' });
    expect(after?.failureCount).toBe(5);
  });

  it('lists incidents by status (from a leak time) and by host', async () => {
    const store = await freshStore();
    const open = await savedIncident(store);
    expect((await store.listByStatus('open')).map((i) => i.id)).toEqual([open.id]);
    expect(await store.listByStatus('open', at('+1d'))).toEqual([]);
    expect(await store.listByStatus('resolved')).toEqual([]);
    expect((await store.listByHost('app01')).map((i) => i.id)).toEqual([open.id]);
    await store.saveComputed('app01', incidentsOf(typicalSignals(2), at('+3d')), 3, now);
    expect((await store.listByStatus('resolved')).map((i) => [i.id, i.resolvedAlert?.state])).toEqual([
      [open.id, 'pending'],
    ]);
  });
});
