import { describe, expect, it } from 'vitest';
import { fixAdvice, logonTypeName } from '../../functions/cli/fix-advice.ts';
import { fleetReport } from '../../functions/cli/fleet-report.ts';
import { incidentDocument } from '../../functions/cli/incident-document.ts';
import { incidentText } from '../../functions/cli/incident-text.ts';
import { timeDisplay } from '../../functions/cli/time-display.ts';
import { correlate } from '../../functions/correlation/correlate.ts';
import type { Signal } from '../../functions/signals/signal.ts';
import { config, storedIncident } from '../alerts/stored-incidents.ts';
import { at, failure, leak, restart, session } from '../correlation/signal-builders.ts';

const utc = timeDisplay({ utc: true });
const now = new Date('2026-11-20T00:00:00Z');

/** The incident of a leak on app01 caused by a logoff of `logonType` (none: no Security log), three failures. */
function causedBy(logonType: number | undefined, extra: Signal[] = []) {
  const cause: Signal[] =
    logonType === undefined
      ? []
      : [
          session({
            kind: 'logon',
            recordId: 1,
            time: at('-1h'),
            logonId: '0xabc',
            logonType,
            ip: '10.1.2.3',
          }),
          session({ kind: 'logoff', recordId: 2, time: at('-20s'), logonId: '0xabc', logonType }),
        ];
  const signals = [
    ...cause,
    leak({ recordId: 9 }),
    ...[1, 2, 3].map((n) => failure({ recordId: 10 + n, reporter: `ws0${n}`, time: at(`+${n * 10}m`) })),
    ...extra,
  ];
  const [incident] = correlate(signals, config);
  if (!incident) throw new Error('no incident');
  return storedIncident(incident);
}

describe('the fix fits how the leaking identity logged on (SECURITY_LOGON_TYPE, learn.microsoft.com ntsecapi.h)', () => {
  it.each([
    [
      10,
      /^Someone logged on to app01 as CORP\\svc_orders, the identity the application runs as \(remote interactive \(Remote Desktop\)\)/,
    ],
    [
      2,
      /^Someone logged on to app01 as CORP\\svc_orders, the identity the application runs as \(interactive \(console\)\)/,
    ],
    [4, /^A scheduled task runs as CORP\\svc_orders \(logon type 4\)/],
    [5, /^A Windows service runs as CORP\\svc_orders \(logon type 5\)/],
    [3, /^Something connected to app01 over the network as CORP\\svc_orders \(network\)/],
    [
      9,
      /^CORP\\svc_orders logged off \(logon type 9, new credentials \(runas \/netonly\)\) just before the leak/,
    ],
  ])('logon type %i', (type, advice) => {
    const incident = causedBy(type);
    expect(fixAdvice(incident).cause).toEqual([expect.stringMatching(advice)]);
  });

  it('no logoff seen: no cause advice, and the document says how to ship the Security channel', () => {
    const incident = causedBy(undefined);
    expect(fixAdvice(incident).cause).toEqual([]);
    const doc = incidentDocument(incident, utc, now);
    expect(doc.causeMissing).toBe(true);
    expect(doc.cause[1]).toMatch(/^Ship the Security channel \(events 4624, 4634, 4647\)/);
  });

  it('now: restart the COM+ application or recycle the pool while it fails; nothing once it has ended', () => {
    expect(fixAdvice(causedBy(10)).now[0]).toMatch(
      /^Restart the COM\+ application hosted by dllhost\.exe pid 2428/,
    );
    const ended = causedBy(10, [
      restart({ recordId: 50, time: at('+1h'), scope: 'host' }),
      failure({ recordId: 60, host: 'app01', reporter: 'ws09', time: at('+2d') }),
    ]);
    expect(ended.status).toBe('resolved');
    expect(fixAdvice(ended).now).toEqual([
      'Nothing now: it has ended. The cause is still there until one of the changes below is made.',
    ]);
    expect(logonTypeName(undefined)).toBe('logon type not given');
  });
});

describe('incidents show as text', () => {
  it('the timeline puts the logon, logoff, leak, each client’s first failure and the restart in event order', () => {
    const incident = causedBy(10, [
      restart({
        recordId: 50,
        time: at('+40m'),
        scope: 'process',
        pid: 2428,
        image: 'dllhost.exe',
        reason: 'COM+ application shut down',
      }),
      failure({ recordId: 70, reporter: 'ws01', time: at('+45m') }),
    ]);
    const text = incidentText(incident, utc, now);
    const timeline = text.slice(text.indexOf('\nTimeline\n'), text.indexOf('\nFailures per computer\n'));
    expect(
      timeline
        .split('\n')
        .slice(2)
        .filter((l) => l.trim() !== '')
        .map(
          (l) =>
            l
              .trim()
              .split(/\s{2,}/)
              .slice(1, 2)[0]
              ?.split(' ')[0],
        ),
    ).toEqual(['logon', 'logoff', 'leak', 'failures', 'failures', 'failures', 'ineffective-restart']);
    expect(text).toContain(
      'COM+ application shut down (dllhost.exe pid 2428; Microsoft-Windows-WAS 5074); failures went on',
    );
  });
});

describe('the fleet report', () => {
  it('ranks hosts by incidents, then time broken; says why; leaves superseded incidents out', () => {
    const a = causedBy(10);
    const b = { ...causedBy(undefined), id: 'b', host: 'app02', sid: 'S-1-5-21-9' };
    const gone = { ...causedBy(undefined), id: 'c', host: 'app03', status: 'superseded' as const };
    const report = fleetReport([a, b, gone], {}, now);
    expect(report.hosts.map((h) => h.host)).toEqual(['app01', 'app02']);
    expect(report.policyFirst.map((p) => p.reason)).toEqual([
      expect.stringMatching(/^1 incident \(the most\), .* broken \(the most\), 1 open or at risk now$/),
      expect.stringMatching(/^1 incident \(the most\), .* broken \(the most\), 1 open or at risk now$/),
    ]);
    expect(report.identities.find((i) => i.sid === a.sid)?.logons).toEqual([
      'remote interactive (Remote Desktop) ×1',
    ]);
    expect(report.totals).toMatchObject({ incidents: 2, hosts: 2, identities: 2 });
  });
});
