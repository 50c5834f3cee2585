import { describe, expect, it } from 'vitest';
import { correlate } from '../../functions/correlation/correlate.ts';
import { correlationConfig } from '../../functions/correlation/correlation-config.ts';
import type { Incident } from '../../functions/correlation/incident.ts';
import { at, failure, leak, T0 } from './signal-builders.ts';

/** The incidents with failures (the at-risk leaks have their own tests). */
const failing = (...args: Parameters<typeof correlate>): Incident[] =>
  correlate(...args).filter((incident) => incident.failureCount > 0);

const config = correlationConfig();

describe('detection contract: precedes (skew 5 min, window 7 days)', () => {
  it('a failure 90 s before the leak still counts (client clock skew)', () => {
    const incidents = failing([leak({ recordId: 1 }), failure({ recordId: 2, time: at('-90s') })], config);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]?.firstFailureAt).toBe(at('-90s'));
  });

  it('a failure 20 min before the leak does not count', () => {
    expect(failing([leak({ recordId: 1 }), failure({ recordId: 2, time: at('-20m') })], config)).toEqual([]);
  });

  it('failures only before the leak (beyond the skew) raise nothing', () => {
    const failures = [1, 2, 3].map((n) => failure({ recordId: 10 + n, time: at(`-${n}h`) }));
    expect(failing([leak({ recordId: 1 }), ...failures], config)).toEqual([]);
  });

  it('a first failure 3 days after the leak counts', () => {
    const [incident] = failing([leak({ recordId: 1 }), failure({ recordId: 2, time: at('+3d') })], config);
    expect(incident?.leakAt).toBe(T0);
    expect(incident?.firstFailureAt).toBe(at('+3d'));
  });

  it('a first failure 10 days after the leak does not count', () => {
    expect(failing([leak({ recordId: 1 }), failure({ recordId: 2, time: at('+10d') })], config)).toEqual([]);
  });

  it('a failure exactly at leak + window counts and one nanosecond later does not', () => {
    const edge = at('+7d');
    expect(failing([leak({ recordId: 1 }), failure({ recordId: 2, time: edge })], config)).toHaveLength(1);
    const late = `${edge.slice(0, 28)}${Number(edge[28]) + 1}Z`;
    expect(failing([leak({ recordId: 1 }), failure({ recordId: 2, time: late })], config)).toEqual([]);
  });

  it('window and skew are configurable', () => {
    const narrow = correlationConfig({ window: '1d', skew: '30s' });
    expect(failing([leak({ recordId: 1 }), failure({ recordId: 2, time: at('+3d') })], narrow)).toEqual([]);
    expect(failing([leak({ recordId: 1 }), failure({ recordId: 2, time: at('-90s') })], narrow)).toEqual([]);
  });
});

describe('detection contract: hosts', () => {
  it('a leak on one host and failures naming another raise nothing', () => {
    const signals = [leak({ host: 'app01', recordId: 1 }), failure({ host: 'app02', recordId: 2 })];
    expect(failing(signals, config)).toEqual([]);
  });

  it('several hosts are correlated independently', () => {
    const signals = [
      leak({ host: 'app01', recordId: 1 }),
      leak({ host: 'web01', recordId: 1, time: at('+1h') }),
      failure({ host: 'web01', reporter: 'ws02', recordId: 5, time: at('+2h') }),
      failure({ host: 'app01', reporter: 'ws01', recordId: 6, time: at('+3h') }),
    ];
    expect(failing(signals, config).map((i) => [i.host, i.clients])).toEqual([
      ['app01', ['ws01']],
      ['web01', ['ws02']],
    ]);
  });
});

describe('detection contract: duplicates', () => {
  it('the same event in two files counts once', () => {
    const first = failure({ recordId: 2, source: 'b/ws01.xml', offset: 900 });
    const again = failure({ recordId: 2, source: 'a/ws01-overlap.xml', offset: 40 });
    const [incident] = failing(
      [leak({ recordId: 1 }), first, again, leak({ recordId: 1, source: 'x.xml' })],
      config,
    );
    expect(incident?.failureCount).toBe(1);
    expect(incident?.evidence).toHaveLength(2);
    // the copy kept does not depend on order: the smallest (source, offset)
    expect(incident?.evidence.find((e) => e.kind === 'failure')?.source).toBe('a/ws01-overlap.xml');
  });
});

describe('detection contract: the incident', () => {
  const signals = [
    leak({ recordId: 1, hive: 'user', time: at('-2s') }),
    leak({
      recordId: 2,
      processes: [
        { name: 'dllhost.exe', pid: 2428, path: '\\Device\\HarddiskVolume1\\Windows\\System32\\dllhost.exe' },
        {
          name: 'w3wp.exe',
          pid: 5120,
          path: '\\Device\\HarddiskVolume1\\Windows\\System32\\inetsrv\\w3wp.exe',
        },
      ],
    }),
    failure({
      recordId: 10,
      reporter: 'ws03',
      time: at('+1h'),
      clsid: '{4e14fba2-2e22-11d1-9964-00c04fbbb345}',
    }),
    failure({
      recordId: 11,
      reporter: 'ws01',
      time: at('+2h'),
      clsid: '{4E14FBA2-2E22-11D1-9964-00C04FBBB345}',
    }),
    failure({ recordId: 12, reporter: 'app01', time: at('+3h') }),
    failure({ recordId: 13, reporter: 'ws03', time: at('+4h') }),
  ];
  const [incident] = failing(signals, config);

  it('names the host, its FQDN as seen, the leaking processes, the SID and the hive of the anchoring leak (the first of the user/_Classes pair)', () => {
    expect(incident).toMatchObject({
      host: 'app01',
      hostFqdn: 'APP01.corp.example.net',
      process: 'dllhost.exe',
      pid: 2428,
      sid: 'S-1-5-21-1111-2222-3333-1004',
      hive: 'user',
      leakAt: at('-2s'),
    });
    expect(incident?.processes.map((p) => `${p.name}:${p.pid}`)).toEqual([
      'dllhost.exe:2428',
      'w3wp.exe:5120',
    ]);
  });

  it('counts distinct failure events, first and last', () => {
    expect(incident).toMatchObject({ failureCount: 4, firstFailureAt: at('+1h'), lastFailureAt: at('+4h') });
  });

  it('lists clients as short names, sorted, excluding the server itself', () => {
    expect(incident?.clients).toEqual(['ws01', 'ws03']);
  });

  it('lists each CLSID once, in one spelling', () => {
    expect(incident?.clsids).toEqual(['{4E14FBA2-2E22-11D1-9964-00C04FBBB345}']);
  });

  it('keeps the evidence of every signal (both hives’ leaks and every failure) in time order', () => {
    expect(incident?.evidence.map((e) => `${e.kind}:${e.recordId}`)).toEqual([
      'leak:1',
      'leak:2',
      'failure:10',
      'failure:11',
      'failure:12',
      'failure:13',
    ]);
    expect(incident?.evidence[0]).toEqual({
      kind: 'leak',
      source: 'app01.xml',
      offset: 1000,
      computer: 'APP01.corp.example.net',
      channel: 'Application',
      recordId: 1,
      provider: 'Microsoft-Windows-User Profiles Service',
      eventId: 1530,
      time: at('-2s'),
    });
  });

  it('has an id that depends only on the host and the anchoring leak', () => {
    const again = failing(
      [leak({ recordId: 1, time: at('-2s') }), failure({ recordId: 99, time: at('+5d') })],
      config,
    );
    expect(again[0]?.id).toBe(incident?.id);
    expect(incident?.id).toMatch(/^[0-9a-f]{16}$/);
    const other = failing([leak({ recordId: 3 }), failure({ recordId: 99 })], config);
    expect(other[0]?.id).not.toBe(incident?.id);
  });

  it('is alertable once it has `threshold` failures', () => {
    expect(incident?.alertable).toBe(true);
    const strict = correlationConfig({ threshold: 5 });
    expect(failing(signals, strict)[0]?.alertable).toBe(false);
    expect(failing(signals, correlationConfig({ threshold: 4 }))[0]?.alertable).toBe(true);
  });
});
