import { describe, expect, it } from 'vitest';
import { CORPORA } from '../../bench/generate-corpus.ts';
import type { EventRecord } from '../../functions/reader/event-record.ts';
import { eventTimeToMs } from '../../functions/reader/event-time.ts';
import { readEvents } from '../../functions/reader/read-events.ts';
import type { CorpusMix } from '../../samples/corpus-mix.ts';
import { POOL_COUNT } from '../../samples/corpus-restart-events.ts';
import { corpusChunks } from '../../samples/corpus-stream.ts';

/**
 * The corpora's mix is what busy servers write (issue 9 §3), so that the bench measures the reader on
 * the share of logons, logoffs and restarts real logs have. Sources: MS Learn event-4624 (logon types)
 * and event-4647 (typical of interactive and RDP logoffs); ../shared/corpus/real (231 of 264 evtxexport
 * 4624s are network logons; windows-export's 6005/6006/Kernel-General 12/13/1531/1532 come only in its
 * four boots); MS Learn periodicRestart (IIS recycles a pool every 29 hours by default) and idleTimeout.
 */
async function firstEvents(mix: CorpusMix, chunks: number): Promise<EventRecord[]> {
  const text: Buffer[] = [];
  for (const chunk of corpusChunks({ mix, seed: CORPORA[mix].seed, targetBytes: 100_000_000 })) {
    text.push(Buffer.from(chunk, 'utf8'));
    if (text.length === chunks) break;
  }
  const events: EventRecord[] = [];
  for await (const item of readEvents(text, { decode: 'all' }))
    if (item.kind === 'event') events.push(item.event);
  return events;
}

const data = (e: EventRecord, name: string) => e.data.find((d) => d.name === name)?.value;
const isSecurity = (e: EventRecord, ...ids: number[]) => e.channel === 'Security' && ids.includes(e.eventId);
/** Logon types whose session loads a profile (MS Learn event-4624: interactive, batch, service, RDP, cached). */
const PROFILE_TYPES = new Set(['2', '4', '5', '10', '11', '12']);
const BUILT_IN = /^S-1-5-(18|19|20|7)$|^S-1-5-(90|96)-/;
const hoursSpanned = (events: EventRecord[]) => {
  const times = events.map((e) => eventTimeToMs(e.timeCreated));
  return (Math.max(...times) - Math.min(...times)) / 3_600_000;
};

describe.each(['general', 'security-heavy'] as const)(
  'the %s corpus logs sessions as busy servers do',
  async (mix) => {
    const events = await firstEvents(mix, 24);
    const logons = events.filter((e) => isSecurity(e, 4624));
    const logoffs = events.filter((e) => isSecurity(e, 4634, 4647));

    it('nearly all logons are network logons or built-in identities; a few in a hundred load a real profile', () => {
      const network = logons.filter((e) => data(e, 'LogonType') === '3');
      const profile = logons.filter(
        (e) =>
          PROFILE_TYPES.has(data(e, 'LogonType') ?? '') && !BUILT_IN.test(data(e, 'TargetUserSid') ?? ''),
      );
      expect(network.length / logons.length).toBeGreaterThan(0.8);
      expect(profile.length / logons.length).toBeLessThan(0.03);
      expect(profile.length).toBeGreaterThan(0);
    });

    it('4647 ends only interactive sessions: a small share of logoffs, each followed by its 4634', () => {
      const userInitiated = logoffs.filter((e) => e.eventId === 4647);
      expect(userInitiated.length / logoffs.length).toBeLessThan(0.02);
      for (const e of userInitiated) {
        const id = data(e, 'TargetLogonId');
        const after = logoffs.find(
          (o) => o.eventId === 4634 && o.computer === e.computer && data(o, 'TargetLogonId') === id,
        );
        expect(after?.recordId, `4634 after ${e.computer} ${e.recordId}`).toBe(e.recordId + 1);
      }
    });

    it('a logoff ends a session that logged on with the same type and logon id (once the corpus has run a while)', () => {
      const started = new Map(logons.map((e) => [`${e.computer}|${data(e, 'TargetLogonId')}`, e] as const));
      const later = logoffs.filter((e) => e.eventId === 4634).slice(-500);
      const matched = later.filter((e) => {
        const logon = started.get(`${e.computer}|${data(e, 'TargetLogonId')}`);
        return (
          logon &&
          data(logon, 'LogonType') === data(e, 'LogonType') &&
          data(logon, 'TargetUserSid') === data(e, 'TargetUserSid')
        );
      });
      expect(matched.length / later.length).toBeGreaterThan(0.5);
    });
  },
);

describe('restart evidence comes at its real rate', async () => {
  const events = await firstEvents('general', 24);
  const hours = hoursSpanned(events);

  it('host start and stop events (6005/6006/6008, Kernel-General 12/13, 1531/1532) come only within a reboot', () => {
    const isBootEvent = (e: EventRecord) =>
      (e.provider.name === 'EventLog' && [6005, 6006, 6008].includes(e.eventId)) ||
      (e.provider.name === 'Microsoft-Windows-Kernel-General' && [12, 13].includes(e.eventId)) ||
      (e.provider.name === 'Microsoft-Windows-User Profiles Service' && [1531, 1532].includes(e.eventId));
    const boots = events.filter((e) => e.provider.name === 'EventLog' && e.eventId === 6005);
    const evidence = events.filter(isBootEvent);
    expect(boots.length).toBeGreaterThan(0);
    // servers monthly, workstations every third day: ~11 reboots a day across the forest
    expect(boots.length / (hours / 24)).toBeLessThan(30);
    for (const e of evidence) {
      const near = boots.some(
        (b) =>
          b.computer === e.computer &&
          Math.abs(eventTimeToMs(b.timeCreated) - eventTimeToMs(e.timeCreated)) < 300_000,
      );
      expect(near, `${e.provider.name} ${e.eventId} on ${e.computer} at ${e.timeCreated}`).toBe(true);
    }
  });

  it('IIS recycles each app pool a few times a day', () => {
    const recycles = events.filter(
      (e) => e.provider.name === 'Microsoft-Windows-WAS' && e.eventId !== 5011 && e.eventId !== 5002,
    );
    const perPoolPerDay = recycles.length / POOL_COUNT / (hours / 24);
    expect(perPoolPerDay).toBeGreaterThan(1);
    expect(perPoolPerDay).toBeLessThan(6);
  });
});

describe('the Security-heavy corpus (issue 9 §3: logons and logoffs by the thousand)', async () => {
  const events = await firstEvents('security-heavy', 8);

  it('is mostly logons, logoffs, special logons and process starts and exits, as the Security log writes them', () => {
    const ids = new Map<number, number>();
    const security = events.filter((e) => e.channel === 'Security');
    for (const e of security) ids.set(e.eventId, (ids.get(e.eventId) ?? 0) + 1);
    expect(security.length / events.length).toBeGreaterThan(0.85);
    const audit = [4624, 4625, 4634, 4647, 4672, 4688, 4689].reduce((n, id) => n + (ids.get(id) ?? 0), 0);
    expect(audit / events.length).toBeGreaterThan(0.85);
    for (const id of [4624, 4634, 4672, 4688, 4689]) expect(ids.get(id)).toBeGreaterThan(100);
    expect(ids.get(4647)).toBeGreaterThan(0);
  });

  it('holds thousands of logons an hour', () => {
    const logons = events.filter((e) => isSecurity(e, 4624)).length;
    expect(logons / hoursSpanned(events)).toBeGreaterThan(2000);
  });
});
