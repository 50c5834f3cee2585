import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertMessage, Notifier } from '../../functions/alerts/notifier.port.ts';
import type { Shipment } from '../../functions/fleet/fleet-host.ts';
import { notifySilentHosts } from '../../functions/fleet/notify-silent-hosts.ts';
import { DynamoDbFleet } from '../../functions/storage/dynamodb-fleet.ts';
import { useLocalServices } from '../local/services.ts';

const local = useLocalServices();
const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-17T09:00:00.000Z');
const iso = (hours: number) => new Date(T0 + hours * HOUR).toISOString();
const fleetText = { showHosts: 'npx hivewatch hosts --local', silentAfter: '2h' };

/** Records what was published; `failFor` hosts' publishes throw (SNS refusing). */
class RecordingNotifier implements Notifier {
  readonly sent: AlertMessage[] = [];
  failFor = new Set<string>();
  async publish(message: AlertMessage) {
    if (this.failFor.has(message.attributes.host)) throw new Error('SNS is down');
    this.sent.push(message);
    return { messageId: `m-${this.sent.length}` };
  }
}

async function fleetOnLocal(pageSize?: number) {
  const resources = await local.fresh();
  return new DynamoDbFleet({
    tableName: resources.names.tables.STATE_TABLE,
    client: local.services().documents,
    ...(pageSize ? { pageSize } : {}),
  });
}

function shipment(host: string, hours: number, extra: Partial<Shipment> = {}): Shipment {
  return {
    host,
    objectKey: `incoming/${host}/obj-${hours}.xml.gz`,
    ingestedAt: iso(hours),
    events: 10,
    errors: 0,
    ...extra,
  };
}

describe('the fleet on DynamoDB Local', () => {
  it('a shipment only moves a host forward: an older object ingested late changes neither its last object nor its last event', async () => {
    const fleet = await fleetOnLocal();
    await fleet.recordShipment(shipment('app01', 1, { latestEventAt: '2026-11-17T09:59:00.000000000Z' }));
    await fleet.recordShipment(shipment('app01', 0.5, { latestEventAt: '2026-11-17T09:30:00.000000000Z' }));
    expect(await fleet.get('app01')).toMatchObject({
      firstSeenAt: iso(1),
      lastSeenAt: iso(1),
      lastObjectKey: 'incoming/app01/obj-1.xml.gz',
      lastEventAt: '2026-11-17T09:59:00.000000000Z',
    });
    // a newer object holding older events (a backfill): last seen moves, last event stays
    await fleet.recordShipment(shipment('app01', 2, { latestEventAt: '2026-11-16T00:00:00.000000000Z' }));
    // an older object holding newer events: last event moves, last seen stays
    await fleet.recordShipment(shipment('app01', 1.5, { latestEventAt: '2026-11-17T10:30:00.000000000Z' }));
    expect(await fleet.get('app01')).toMatchObject({
      firstSeenAt: iso(1),
      lastSeenAt: iso(2),
      lastObjectKey: 'incoming/app01/obj-2.xml.gz',
      lastEventAt: '2026-11-17T10:30:00.000000000Z',
      silences: 0,
      notices: {},
    });
  });

  it('lists the whole fleet a page at a time, by host name', async () => {
    const fleet = await fleetOnLocal(2);
    for (const host of ['web02', 'app01', 'web01', 'batch01', 'app02'])
      await fleet.recordShipment(shipment(host, 0));
    const names: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await fleet.list(after);
      names.push(...page.hosts.map((h) => h.host));
      after = page.next;
      pages += 1;
    } while (after);
    expect(names).toEqual(['app01', 'app02', 'batch01', 'web01', 'web02']);
    expect(pages).toBeGreaterThanOrEqual(3);
  });
});

describe('silent hosts: one notice per silence, one on return', () => {
  async function setUp() {
    const fleet = await fleetOnLocal(2);
    const notifier = new RecordingNotifier();
    let now = new Date(T0);
    const sweep = (extra: { noticesPerSweep?: number } = {}) =>
      notifySilentHosts({ fleet, notifier, clock: () => now, silentAfterMs: 2 * HOUR, fleetText, ...extra });
    return { fleet, notifier, sweep, setNow: (hours: number) => (now = new Date(T0 + hours * HOUR)) };
  }

  it('silent after 2 h: one notice each, none on the next sweeps; back: one notice, once', async () => {
    const { fleet, notifier, sweep, setNow } = await setUp();
    for (const host of ['app01', 'web01', 'web02']) await fleet.recordShipment(shipment(host, 0));
    await fleet.recordShipment(shipment('web02', 1));
    setNow(1.9);
    expect((await sweep()).silent).toEqual([]);
    setNow(2.1);
    expect(await sweep()).toMatchObject({ hosts: 3, silent: ['app01', 'web01'], back: [], failures: [] });
    setNow(2.5);
    expect((await sweep()).silent).toEqual([]);
    setNow(3.5);
    expect((await sweep()).silent).toEqual(['web02']);
    await fleet.recordShipment(shipment('app01', 4));
    setNow(4.1);
    expect(await sweep()).toMatchObject({ silent: [], back: ['app01'] });
    setNow(4.2);
    expect(await sweep()).toMatchObject({ silent: [], back: [] });
    expect(notifier.sent.map((m) => [m.attributes.kind, m.attributes.noticeId])).toEqual([
      ['host-silent', 'app01#silent#1'],
      ['host-silent', 'web01#silent#1'],
      ['host-silent', 'web02#silent#1'],
      ['host-back', 'app01#back#1'],
    ]);
    // silent again, later: a second silence, a second notice
    setNow(6.5);
    expect((await sweep()).silent).toEqual(['app01']);
    expect(notifier.sent.at(-1)?.attributes.noticeId).toBe('app01#silent#2');
    expect(Object.keys((await fleet.get('app01'))?.notices ?? {})).toEqual(['silent#2']);
  });

  it('the notices read as written for a person', async () => {
    const { fleet, notifier, sweep, setNow } = await setUp();
    await fleet.recordShipment(shipment('app01', 0, { latestEventAt: '2026-11-17T08:58:41.123456700Z' }));
    setNow(2.25);
    await sweep();
    await fleet.recordShipment(shipment('app01', 3));
    setNow(3.05);
    await sweep();
    const [silent, back] = notifier.sent;
    expect(silent?.subject).toBe('hivewatch: host app01 stopped shipping - nothing for 2 h 15 min');
    expect(silent?.attributes).toEqual({
      host: 'app01',
      severity: 'info',
      kind: 'host-silent',
      noticeId: 'app01#silent#1',
    });
    expect(silent?.body).toBe(
      [
        'app01 has shipped nothing for 2 h 15 min (silent after 2h): its last object arrived at 2026-11-17 09:00:00 UTC, with events up to 2026-11-17 08:58:41 UTC.',
        'Last object: incoming/app01/obj-0.xml.gz',
        '',
        'While it is silent hivewatch is blind there: a COM+ or IIS application broken on app01 now would not be alerted on.',
        '',
        'Check on app01:',
        '  - the shipper runs (Get-Service fluent-bit, or AmazonCloudWatchAgent for the CloudWatch agent);',
        "  - it can reach S3 and its credentials are valid (the shipper's own log; with Roles Anywhere, the signing",
        "    helper's credentials file);",
        '  - the server itself is up.',
        '',
        'Another notice follows when it ships again. A host retired on purpose leaves the fleet when its entry expires.',
        '',
        'Show the fleet:',
        '  npx hivewatch hosts --local',
      ].join('\n'),
    );
    expect(back?.subject).toBe('hivewatch: host app01 is shipping again - silent for 3 h');
    expect(back?.body.split('\n').slice(0, 2)).toEqual([
      'app01 is shipping again: an object arrived at 2026-11-17 12:00:00 UTC after 3 h of silence (its previous object at 2026-11-17 09:00:00 UTC).',
      'Last object: incoming/app01/obj-3.xml.gz, with events up to 2026-11-17 08:58:41 UTC',
    ]);
    expect(back?.chat?.metadata?.threadId).toBe(silent?.chat?.metadata?.threadId);
  });

  it('two sweeps at once decide and send each silence once', async () => {
    const { fleet, notifier, sweep, setNow } = await setUp();
    for (const host of ['app01', 'app02', 'app03', 'app04']) await fleet.recordShipment(shipment(host, 0));
    setNow(3);
    const reports = await Promise.all([sweep(), sweep(), sweep()]);
    expect(reports.flatMap((r) => r.silent).sort()).toEqual(['app01', 'app02', 'app03', 'app04']);
    expect(notifier.sent.map((m) => m.attributes.noticeId).sort()).toEqual([
      'app01#silent#1',
      'app02#silent#1',
      'app03#silent#1',
      'app04#silent#1',
    ]);
  });

  it('one host whose notice fails does not stop the others; its notice goes out on a later sweep, once', async () => {
    const { fleet, notifier, sweep, setNow } = await setUp();
    for (const host of ['app01', 'app02', 'app03']) await fleet.recordShipment(shipment(host, 0));
    notifier.failFor.add('app02');
    setNow(3);
    const first = await sweep();
    expect(first.silent).toEqual(['app01', 'app02', 'app03']);
    expect(first.deliveries.map((d) => [d.host, d.outcome])).toEqual([
      ['app01', 'sent'],
      ['app02', 'failed'],
      ['app03', 'sent'],
    ]);
    notifier.failFor.clear();
    setNow(3.1);
    expect((await sweep()).deliveries.map((d) => [d.host, d.outcome, d.attempt])).toEqual([
      ['app02', 'sent', 2],
    ]);
    setNow(3.2);
    expect((await sweep()).deliveries).toEqual([]);
    expect(notifier.sent.map((m) => m.attributes.noticeId)).toEqual([
      'app01#silent#1',
      'app03#silent#1',
      'app02#silent#1',
    ]);
  });

  it('a host back before its silent notice ever left: neither notice is sent', async () => {
    const { fleet, notifier, sweep, setNow } = await setUp();
    await fleet.recordShipment(shipment('app01', 0));
    setNow(3);
    expect((await sweep({ noticesPerSweep: 0 })).silent).toEqual(['app01']);
    await fleet.recordShipment(shipment('app01', 3.1));
    setNow(3.2);
    expect(await sweep()).toMatchObject({ silent: [], back: ['app01'], deliveries: [] });
    expect(notifier.sent).toEqual([]);
    expect(await fleet.get('app01')).toMatchObject({ silences: 1, notices: {} });
    expect((await fleet.get('app01'))?.silentSince).toBeUndefined();
  });

  it('whatever the shipments, sweeps and failed publishes, the notices sent alternate silent, back, silent… each once', async () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('ship' as const), hours: fc.double({ min: 0.1, max: 4, noNaN: true }) }),
      fc.record({
        kind: fc.constant('sweep' as const),
        hours: fc.double({ min: 0.1, max: 4, noNaN: true }),
        fail: fc.boolean(),
      }),
    );
    const fleet = await fleetOnLocal(3);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        run += 1;
        const name = `host${run}`;
        const notifier = new RecordingNotifier();
        let hours = 0;
        const sweep = () =>
          notifySilentHosts({
            fleet,
            notifier,
            clock: () => new Date(T0 + hours * HOUR),
            silentAfterMs: 2 * HOUR,
            fleetText,
          });
        await fleet.recordShipment(shipment(name, 0));
        for (const s of steps) {
          hours += s.hours;
          if (s.kind === 'ship') await fleet.recordShipment(shipment(name, hours));
          else {
            if (s.fail) notifier.failFor.add(name);
            await sweep();
            notifier.failFor.clear();
          }
        }
        hours += 0.01;
        await sweep(); // a last sweep with SNS working: nothing stays unsent
        const mine = notifier.sent.filter((m) => m.attributes.host === name);
        const kinds = mine.map((m) => m.attributes.kind);
        kinds.forEach((kind, i) => {
          expect(kind).toBe(i % 2 === 0 ? 'host-silent' : 'host-back');
        });
        expect(new Set(mine.map((m) => m.attributes.noticeId)).size).toBe(mine.length);
        const item = await fleet.get(name);
        expect(Object.values(item?.notices ?? {}).every((n) => n.state === 'sent')).toBe(true);
        // silent now exactly when the last notice says so
        expect(item?.silentSince !== undefined).toBe(kinds.at(-1) === 'host-silent');
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
