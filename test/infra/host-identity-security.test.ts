/**
 * SECURITY.md, "Which host an object speaks for": how ingest turns the prefix IAM vouched for into a host, where
 * that stops (Firehose objects), and that the CLI's incident commands only read.
 */
import { describe, expect, it } from 'vitest';
import { allIncidents } from '../../functions/alerts/list-incidents.ts';
import { forgedBy, objectOrigin } from '../../functions/ingest/object-origin.ts';
import { DynamoDbIncidentStore } from '../../functions/storage/dynamodb-incident-store.ts';

describe('the host an incoming/ object speaks for', () => {
  it('is the short name of the prefix IAM let its shipper write: identities that differ only in case or domain are one host', () => {
    // So role tags and certificate CNs must differ in their first label, or two servers share one host's state.
    const hosts = [
      'incoming/APP01/x.xml',
      'incoming/app01.corp.example.net/x.xml',
      'incoming/app01.other.example/x.xml',
    ]
      .map(objectOrigin)
      .map((origin) => (origin.success && origin.origin === 'host-prefix' ? origin.host : origin));
    expect(hosts).toEqual(['app01', 'app01', 'app01']);
  });

  it('is the literal first segment: S3 keys (and IAM’s match on them) have no `..`', () => {
    expect(objectOrigin('incoming/web01/../web02/x.xml')).toMatchObject({
      origin: 'host-prefix',
      host: 'web01',
    });
    expect(forgedBy(objectOrigin('incoming/web01/../web02/x.xml'), 'WEB02')).toBe('web01');
  });

  it('makes an event of another host a forgery, and an event of the same host under another domain not', () => {
    const origin = objectOrigin('incoming/web01/2026/11/17/x.xml');
    expect(forgedBy(origin, 'WEB02.corp.example.net')).toBe('web01');
    expect(forgedBy(origin, 'WEB01.elsewhere.example')).toBeUndefined();
  });
});

describe('objects of the Firehose path (agentLogGroup)', () => {
  it('speak for no host: each event names its own, and forgedHost cannot apply', () => {
    const origin = objectOrigin(
      'firehose/2026/11/17/09/hivewatch-agent-events-1-2026-11-17-09-05-07-0e6a5d1c',
    );
    expect(origin).toEqual({ success: true, origin: 'events' });
    for (const computer of ['WEB01', 'APP01.corp.example.net', 'anything']) {
      expect(forgedBy(origin, computer)).toBeUndefined();
    }
  });
});

describe('the CLI’s incident commands (hivewatch incidents list|show)', () => {
  it('only read: GetItem, Query on the indexes and BatchGetItem — a read-only policy is enough', async () => {
    const sent: string[] = [];
    const client = {
      send: async (command: { constructor: { name: string } }) => {
        sent.push(command.constructor.name);
        if (command.constructor.name === 'QueryCommand') return { Items: [{ id: 'i-1' }] };
        return command.constructor.name === 'BatchGetCommand' ? { Responses: { incidents: [] } } : {};
      },
    };
    const store = new DynamoDbIncidentStore({ tableName: 'incidents', client: client as never });
    await store.get('i-1'); // show
    await allIncidents(store, {}); // list
    await allIncidents(store, { statuses: ['open'] }); // list --status open
    await allIncidents(store, { host: 'app01' }); // list --host app01
    expect(new Set(sent)).toEqual(new Set(['GetCommand', 'QueryCommand', 'BatchGetCommand']));
  });
});
