import { describe, expect, it } from 'vitest';
import { correlate, correlateAll } from '../../functions/correlation/correlate.ts';
import { correlationConfig } from '../../functions/correlation/correlation-config.ts';
import { at, failure, leak, restart, session, T0 } from './signal-builders.ts';

const config = correlationConfig();
const dllhost = {
  name: 'dllhost.exe',
  pid: 2428,
  path: '\\Device\\HarddiskVolume1\\Windows\\System32\\dllhost.exe',
};

describe('restarts end incidents', () => {
  const storm = [
    leak({ recordId: 1 }),
    ...[1, 2, 3].map((n) => failure({ recordId: 10 + n, time: at(`+${n}m`) })),
  ];

  it('a recycle of the leaking process after the last failure resolves the incident at the recycle, once settled', () => {
    const recycle = restart({
      recordId: 50,
      time: at('+10m'),
      scope: 'process',
      pid: 2428,
      image: 'dllhost.exe',
    });
    const [incident] = correlate([...storm, recycle], config, at('+30m'));
    expect(incident?.status).toBe('resolved');
    expect(incident?.resolution).toMatchObject({ by: 'restart', at: at('+10m') });
    expect(incident?.resolvedAt).toBe(at('+10m'));
  });

  it('a restart seen but not yet `settle` old leaves the incident open, naming the restart', () => {
    const recycle = restart({
      recordId: 50,
      time: at('+10m'),
      scope: 'process',
      pid: 2428,
      image: 'dllhost.exe',
    });
    const [incident] = correlate([...storm, recycle], config, at('+20m'));
    expect(incident?.status).toBe('open');
    expect(incident?.restartSeen?.time).toBe(at('+10m'));
  });

  it('a host restart resolves it; an exit of another process does not', () => {
    const reboot = restart({ recordId: 50, time: at('+10m') });
    expect(correlate([...storm, reboot], config, at('+1h'))[0]?.resolution?.by).toBe('restart');
    const other = restart({
      recordId: 50,
      time: at('+10m'),
      scope: 'process',
      pid: 999,
      image: 'dllhost.exe',
    });
    const [incident] = correlate([...storm, other], config, at('+1h'));
    expect(incident?.status).toBe('open');
  });

  it('a failure after the restart, within quiet, reopens it: the restart did not fix it', () => {
    const reboot = restart({ recordId: 50, time: at('+10m') });
    const again = failure({ recordId: 60, time: at('+2h') });
    const [incident] = correlate([...storm, reboot, again], config, at('+3h'));
    expect(incident?.status).toBe('open');
    expect(incident?.failureCount).toBe(4);
    expect(incident?.ineffectiveRestarts?.map((r) => r.time)).toEqual([at('+10m')]);
  });

  it('without a restart, quiet still resolves, and says so', () => {
    const [incident] = correlate(storm, config, at('+2d'));
    expect(incident?.resolution).toEqual({ by: 'quiet', at: at('+1443m') });
  });

  it('a restart between the leak and the first failure means the leak does not explain it', () => {
    const recycle = restart({
      recordId: 50,
      time: at('+30s'),
      scope: 'process',
      pid: 2428,
      image: 'dllhost.exe',
    });
    const { incidents, unexplained } = correlateAll([...storm, recycle], config);
    expect(incidents.map((i) => i.status)).toEqual(['cleared']);
    expect(incidents[0]?.resolution).toMatchObject({ by: 'restart', at: at('+30s') });
    expect(unexplained).toMatchObject([{ host: 'app01', failureCount: 3 }]);
  });

  it('a restart before the leak changes nothing', () => {
    const early = restart({ recordId: 0, time: at('-1h') });
    expect(correlate([...storm, early], config, at('+30m'))[0]?.status).toBe('open');
  });
});

describe('at risk: a leak by dllhost/w3wp and no failure yet', () => {
  it('is an at-risk incident until `window` after the leak, then cleared', () => {
    const alone = [leak({ recordId: 1 }), leak({ recordId: 2, time: at('+2s'), hive: 'user' })];
    const [risk] = correlate(alone, config, at('+1d'));
    expect(risk).toMatchObject({
      status: 'at-risk',
      failureCount: 0,
      atRiskUntil: at('+7d'),
      alertable: false,
    });
    expect(risk?.evidence.filter((e) => e.kind === 'leak')).toHaveLength(2);
    expect(correlate(alone, config, at('+8d'))[0]?.resolution).toEqual({ by: 'window', at: at('+7d') });
  });

  it('becomes the incident, with the same id, when the first failure follows', () => {
    const [risk] = correlate([leak({ recordId: 1 })], config);
    const [incident] = correlate([leak({ recordId: 1 }), failure({ recordId: 2, time: at('+3h') })], config);
    expect(incident?.id).toBe(risk?.id);
    expect(incident?.status).toBe('open');
  });

  it('is cleared by a restart of the leaking process', () => {
    const exit = restart({ recordId: 9, time: at('+1h'), scope: 'process', pid: 2428 });
    const [risk] = correlate([leak({ recordId: 1, processes: [dllhost] }), exit], config, at('+2h'));
    expect(risk).toMatchObject({ status: 'cleared', resolution: { by: 'restart', at: at('+1h') } });
  });
});

describe('the logoff that caused it', () => {
  it('names the last logoff of the leaking SID within skew before the leak, with its logon', () => {
    const signals = [
      session({
        kind: 'logon',
        recordId: 1,
        time: at('-70m'),
        logonId: '0xabc',
        logonType: 10,
        ip: '10.1.2.3',
      }),
      session({ kind: 'logoff', recordId: 2, time: at('-30s'), logonId: '0xabc', logonType: 10 }),
      session({ kind: 'logoff', recordId: 3, time: at('+1h'), logonId: '0xdef' }),
      leak({ recordId: 9 }),
      failure({ recordId: 10, time: at('+5m') }),
    ];
    const [incident] = correlate(signals, config);
    expect(incident?.cause?.logoff.time).toBe(at('-30s'));
    expect(incident?.cause?.logon).toMatchObject({ ip: '10.1.2.3', logonType: 10, time: at('-70m') });
  });

  it('names none when the last logoff is long before the leak', () => {
    const signals = [session({ kind: 'logoff', recordId: 2, time: at('-2h') }), leak({ recordId: 9 })];
    expect(correlate(signals, config)[0]?.cause).toBeUndefined();
  });
});

describe('sessions', () => {
  it('a late failure in the quiet gap between two incidents merges them into one', () => {
    const first = [leak({ recordId: 1 }), failure({ recordId: 2, time: at('+1h') })];
    const second = [leak({ recordId: 3, time: at('+30h') }), failure({ recordId: 4, time: at('+31h') })];
    expect(correlate([...first, ...second], config).filter((i) => i.failureCount > 0)).toHaveLength(2);
    const bridge = failure({ recordId: 5, time: at('+16h') });
    const merged = correlate([...first, ...second, bridge], config).filter((i) => i.failureCount > 0);
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ leakAt: T0, failureCount: 3, lastFailureAt: at('+31h') });
  });

  it('a stray failure before the leak, in the same session, is left out exactly: count, client, CLSID', () => {
    const stray = failure({
      recordId: 2,
      reporter: 'pc07',
      time: at('-20m'),
      clsid: '{0000031A-0000-0000-C000-000000000046}',
    });
    const after = failure({ recordId: 3, time: at('+1h'), clsid: '{4E14FBA2-2E22-11D1-9964-00C04FBBB345}' });
    const [incident] = correlate([stray, leak({ recordId: 1 }), after], config);
    expect(incident).toMatchObject({
      failureCount: 1,
      firstFailureAt: at('+1h'),
      clients: ['ws01'],
      clsids: ['{4E14FBA2-2E22-11D1-9964-00C04FBBB345}'],
      failuresBeforeLeak: 1,
    });
    expect(incident?.failingBeforeLeak).toBeUndefined();
  });

  it('a computer with a failure left out before the leak: its tally starts at its first failure after', () => {
    const stray = failure({ recordId: 2, reporter: 'pc07', time: at('-8h') });
    const later = [1, 2].map((n) => failure({ recordId: 2 + n, reporter: 'pc07', time: at(`+${n}h`) }));
    const [incident] = correlate([stray, leak({ recordId: 1 }), ...later], config);
    expect(incident).toMatchObject({ failureCount: 2, failuresBeforeLeak: 1 });
    expect(incident?.perClient).toEqual([
      expect.objectContaining({ name: 'pc07', count: 2, first: at('+1h'), last: at('+2h') }),
    ]);
  });

  it("a computer whose first failure after the leak lies past the sample: counted whole and flagged, never a wrong 'first'", () => {
    const stray = failure({ recordId: 2, reporter: 'pc07', time: at('-8h') });
    // 20 failures of ws01 fill the sample before pc07 fails again, twice
    const others = Array.from({ length: 20 }, (_, i) =>
      failure({ recordId: 10 + i, time: at(`+${i + 1}m`) }),
    );
    const pc07 = [1, 2].map((n) => failure({ recordId: 40 + n, reporter: 'pc07', time: at(`+${n}h`) }));
    const [incident] = correlate([stray, leak({ recordId: 1 }), ...others, ...pc07], config);
    expect(incident).toMatchObject({ failureCount: 23, failingBeforeLeak: true });
    expect(incident?.perClient.find((c) => c.name === 'pc07')).toMatchObject({ count: 3, first: at('-8h') });
    // one failure after: its first is its last
    const [one] = correlate([stray, leak({ recordId: 1 }), ...others, ...pc07.slice(0, 1)], config);
    expect(one).toMatchObject({ failureCount: 21, failuresBeforeLeak: 1 });
    expect(one?.perClient.find((c) => c.name === 'pc07')).toMatchObject({ count: 1, first: at('+1h') });
  });

  it('an application failing long before the leak (more than the sample holds) is counted whole and flagged', () => {
    const storm = Array.from({ length: 25 }, (_, i) =>
      failure({ recordId: 10 + i, time: at(`-${60 - i}m`) }),
    );
    const signals = [...storm, leak({ recordId: 1 }), failure({ recordId: 50, time: at('+1h') })];
    const [incident] = correlate(signals, config);
    expect(incident).toMatchObject({ failureCount: 26, firstFailureAt: at('-60m'), failingBeforeLeak: true });
  });
});
