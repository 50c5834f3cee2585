import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FleetHost, FleetNotice } from '../../functions/fleet/fleet-host.ts';
import { fleetNoticeMessage } from '../../functions/fleet/fleet-notice-text.ts';
import { dueNotice, fleetDecision } from '../../functions/fleet/silent-hosts.ts';
import { hostileText } from '../alerts/hostile-text.ts';

const HOUR = 3_600_000;
const after = 2 * HOUR;
const seen = '2026-11-17T09:00:00.000Z';
const at = (hours: number) => new Date(Date.parse(seen) + hours * HOUR);

function host(extra: Partial<FleetHost> = {}): FleetHost {
  return {
    host: 'app01',
    firstSeenAt: '2026-11-01T00:00:00.000Z',
    lastSeenAt: seen,
    lastObjectKey: 'incoming/app01/2026/11/17/a.xml.gz',
    silences: 0,
    notices: {},
    ...extra,
  };
}

function notice(
  kind: FleetNotice['kind'],
  seq: number,
  state: FleetNotice['state'],
  attempts = 1,
): FleetNotice {
  return { kind, seq, state, attempts, decidedAt: seen, lastSeenAt: seen };
}

describe('which hosts are silent, decided once per silence', () => {
  it('a host that shipped less than `silentAfter` ago is not silent; at `silentAfter` it is, as silence n+1', () => {
    expect(fleetDecision(host(), at(1.99), after)).toBeUndefined();
    expect(fleetDecision(host({ silences: 3 }), at(2), after)).toMatchObject({
      kind: 'silent',
      n: 4,
      seen,
      notice: { kind: 'host-silent', state: 'pending', attempts: 0, lastSeenAt: seen, seq: 1 },
    });
  });

  it('a silent host is not decided silent again, however long it stays silent', () => {
    const silent = host({
      silentSince: seen,
      silences: 1,
      notices: { 'silent#1': notice('host-silent', 1, 'sent') },
    });
    expect(fleetDecision(silent, at(2), after)).toBeUndefined();
    expect(fleetDecision(silent, at(200), after)).toBeUndefined();
  });

  it('an object after the silence began brings it back: notice back#n after the silent#n that went out', () => {
    const back = host({
      lastSeenAt: '2026-11-17T12:00:00.000Z',
      silentSince: seen,
      silences: 1,
      notices: { 'silent#1': notice('host-silent', 1, 'sent') },
    });
    expect(fleetDecision(back, at(3), after)).toMatchObject({
      kind: 'back',
      n: 1,
      since: seen,
      notice: { kind: 'host-back', seq: 2, silentSince: seen, lastSeenAt: '2026-11-17T12:00:00.000Z' },
    });
  });

  it('back before the silent notice ever left (pending, never tried): both are dropped, nobody needs either', () => {
    const quick = host({
      lastSeenAt: '2026-11-17T12:00:00.000Z',
      silentSince: seen,
      silences: 1,
      notices: { 'silent#1': notice('host-silent', 1, 'pending', 0) },
    });
    expect(fleetDecision(quick, at(3), after)).toMatchObject({ kind: 'cancel', n: 1, since: seen });
    // a publish was tried (it may have reached SNS): the return is told too
    const tried = { ...quick, notices: { 'silent#1': notice('host-silent', 1, 'pending', 1) } };
    expect(fleetDecision(tried, at(3), after)?.kind).toBe('back');
  });

  it('a new silence waits until every notice of the last one was sent, then forgets them', () => {
    const unsent = host({
      silences: 1,
      notices: { 'silent#1': notice('host-silent', 1, 'sent'), 'back#1': notice('host-back', 2, 'pending') },
    });
    expect(fleetDecision(unsent, at(5), after)).toBeUndefined();
    const sent = { ...unsent, notices: { ...unsent.notices, 'back#1': notice('host-back', 2, 'sent') } };
    expect(fleetDecision(sent, at(5), after)).toMatchObject({
      kind: 'silent',
      n: 2,
      forget: ['silent#1', 'back#1'],
      notice: { seq: 3 },
    });
  });
});

describe('the notice due', () => {
  it('goes in decision order: the first unsent one, and nothing while an earlier one is in flight', () => {
    const h = host({
      notices: {
        'back#1': notice('host-back', 2, 'pending'),
        'silent#1': { ...notice('host-silent', 1, 'sending'), claimedAt: '2026-11-17T10:00:00.000Z' },
      },
    });
    expect(dueNotice(h, '2026-11-17T09:59:00.000Z')).toBeUndefined();
    expect(dueNotice(h, '2026-11-17T10:01:00.000Z')?.[0]).toBe('silent#1');
    const first = { ...h, notices: { ...h.notices, 'silent#1': notice('host-silent', 1, 'sent') } };
    expect(dueNotice(first, '2026-11-17T10:01:00.000Z')?.[0]).toBe('back#1');
  });
});

describe('the host notices, whatever the shipper named', () => {
  it('subjects stay under 100 printable ASCII characters; bodies carry no control or markup characters from keys', () => {
    const markup = /[<>&*`|[\]]/g;
    const count = (s: string) => (s.match(markup) ?? []).length;
    const context = { showHosts: 'npx hivewatch hosts', silentAfter: '2h' };
    const silent = notice('host-silent', 1, 'pending', 0);
    const back = {
      ...notice('host-back', 2, 'pending', 0),
      silentSince: seen,
      lastSeenAt: '2026-11-17T12:00:00.000Z',
    };
    const benign = host();
    fc.assert(
      fc.property(fc.oneof(hostileText, fc.string({ unit: 'binary', maxLength: 300 })), (s) => {
        const hostile = { ...benign, host: `h${s}`, lastObjectKey: `incoming/h/${s}` };
        for (const [key, n] of [
          ['silent#1', silent],
          ['back#1', back],
        ] as const) {
          const good = fleetNoticeMessage(benign, key, n, context);
          const bad = fleetNoticeMessage(hostile, key, n, context);
          expect(bad.subject.length).toBeLessThan(100);
          expect(bad.subject).toMatch(/^[\x20-\x7e]+$/);
          expect(bad.body.replace(/\n/g, '')).not.toMatch(/[\p{Cc}\p{Cf}]/u);
          expect(count(bad.body)).toBe(count(good.body));
          expect(bad.body.split('\n').length).toBe(good.body.split('\n').length);
        }
      }),
    );
  });
});
