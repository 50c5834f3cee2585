import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertMessage } from '../../functions/alerts/alert-text.ts';
import { logText } from '../../functions/alerts/plain-text.ts';
import type { StoredIncident } from '../../functions/alerts/stored-incident.ts';
import type { Restart } from '../../functions/signals/signal.ts';
import { at, failure, leak, restart, session } from '../correlation/signal-builders.ts';
import { hostileText, withLogText } from './hostile-text.ts';
import { incidentsOf, storedIncident, typicalSignals } from './stored-incidents.ts';

const text = {
  showCommand: (id: string) => `npx hivewatch incidents show ${id} --incidents-table hw-incidents`,
};
const ID = 'b9c6f7e3a22bb0ae';
const show = [
  '',
  'Show this incident:',
  `  npx hivewatch incidents show ${ID} --incidents-table hw-incidents`,
];
const forGood = [
  'For good:',
  '  - Set the policy "Do not forcefully unload the users registry at user logoff" (DisableForceUnload = 1',
  '    under HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\System), then gpupdate.',
  '  - Run the application under a dedicated identity that nobody logs on with interactively.',
  '  - IIS: set the application pool\'s "Load User Profile" to True (for app pools hit the same way).',
];
const shutDown = [
  '  - COM+: shut down the application hosted by dllhost.exe pid 2428 (Component Services →',
  '    COM+ Applications → the application → Shut down); it starts again, with the hive loaded, on the next call.',
];
const noLogoff = [
  'Who logged off:',
  '  Not known: no logoff of S-1-5-21-1111-2222-3333-1004 before the leak was shipped from app01.',
  '  Ship its Security log narrowed to events 4624, 4634 and 4647 (the configurations in shipping/ select them;',
  '  see shipping/README.md), and the next alert names who logged off and from where.',
];
const sidOnly =
  'Identity:   S-1-5-21-1111-2222-3333-1004, its _Classes hive (account name: look the SID up with Get-LocalUser / Get-ADUser)';

/** An RDP session of CORP\svc_orders from 10.1.2.3, ended 40 s before the leak (Security 4624 / 4634). */
const rdpSession = [
  session({
    kind: 'logon',
    recordId: 500,
    time: at('-72m'),
    logonId: '0xabc',
    logonType: 10,
    ip: '10.1.2.3',
  }),
  session({ kind: 'logoff', recordId: 501, time: at('-40s'), logonId: '0xabc', logonType: 10 }),
];
const recycle = restart({
  recordId: 50,
  time: at('+70m'),
  scope: 'process',
  pid: 2428,
  image: 'dllhost.exe',
  reason: 'COM+ application XRC shut down',
});

function one(signals: Parameters<typeof incidentsOf>[0], horizon?: string, extra?: Partial<StoredIncident>) {
  const [incident] = incidentsOf(signals, horizon);
  if (!incident) throw new Error('the signals make no incident');
  return storedIncident(incident, extra);
}

describe('the opened alert (the page)', () => {
  it('reads, in full, as written for a person: what, since when, who logged off and why, who is affected, evidence, what to do', () => {
    const message = alertMessage(one([...rdpSession, ...typicalSignals(3)]), 'opened', text);
    expect(message.subject).toBe(
      'hivewatch: COM+ application failing on app01 - dllhost.exe pid 2428 lost its registry hive',
    );
    expect(message.body).toBe(
      [
        'The COM+ application in dllhost.exe pid 2428 on APP01.corp.example.net is failing since 2026-11-17 12:00:00 UTC: Windows unloaded the registry hive of the identity it runs as (Event 1530), and every activation since fails with 0x800703FA (ERROR_KEY_DELETED).',
        '',
        'Who logged off:',
        '  CORP\\svc_orders logged off at 10:59:20 UTC: a Remote Desktop session (logon type 10) from 10.1.2.3 that began at 09:48 UTC.',
        '  Someone signed in to app01 as CORP\\svc_orders, the identity the application runs as; signing out',
        "  made Windows unload that identity's hive under the running application. Do not sign in with it: give",
        '  CORP\\svc_orders the user rights "Deny log on locally" and "Deny log on through Remote Desktop Services".',
        '',
        'Host:       APP01.corp.example.net (app01)',
        'Identity:   CORP\\svc_orders (S-1-5-21-1111-2222-3333-1004), its _Classes hive',
        'Process:    dllhost.exe pid 2428',
        'Path:       \\Device\\HarddiskVolume1\\Windows\\System32\\dllhost.exe',
        'Leak:       2026-11-17 11:00:00.123 UTC (Event 1530, User Profiles Service)',
        'Failures:   3, first 2026-11-17 12:00:00.123 UTC, last 2026-11-17 12:02:00.123 UTC',
        'Affected:   ws01 1, ws02 1, ws03 1 (failures each)',
        'CLSIDs:     {4E14FBA2-2E22-11D1-9964-00C04FBBB345}',
        `Incident:   ${ID} (open)`,
        '',
        'Evidence (the event, then where it is: S3 key and byte offset):',
        '  logon   Event 4624 2026-11-17 09:48 UTC  APP01.corp.example.net Security #500  in app01-security.xml at byte 500000',
        '  logoff  Event 4634 2026-11-17 10:59 UTC  APP01.corp.example.net Security #501  in app01-security.xml at byte 501000',
        '  leak    Event 1530 2026-11-17 11:00 UTC  APP01.corp.example.net Application #1  in app01.xml at byte 1000',
        '  failure Event 10006 2026-11-17 12:00 UTC  WS01.corp.example.net System #100  in ws01.xml at byte 100000',
        '  failure Event 10006 2026-11-17 12:01 UTC  WS02.corp.example.net System #101  in ws02.xml at byte 101000',
        '  failure Event 10006 2026-11-17 12:02 UTC  WS03.corp.example.net System #102  in ws03.xml at byte 102000',
        '',
        'What to do now:',
        ...shutDown,
        '',
        ...forGood,
        ...show,
      ].join('\n'),
    );
  });

  it('without a shipped logoff, says so and how to ship the Security log', () => {
    const body = alertMessage(one(typicalSignals(3)), 'opened', text).body.split('\n');
    expect(body.slice(2, 6)).toEqual(noLogoff);
    expect(body).toContain(sidOnly);
  });

  it('the advice fits the session that ended: a scheduled task (4), a service (5), a person (2, 4647 without a type)', () => {
    const advice = (logonType: number | undefined, eventId = 4634) => {
      const logoff = session({
        kind: 'logoff',
        recordId: 501,
        time: at('-40s'),
        ...(logonType ? { logonType } : {}),
      });
      const signals = [{ ...logoff, evidence: { ...logoff.evidence, eventId } }, ...typicalSignals(1)];
      const body = alertMessage(one(signals), 'opened', text).body.split('\n');
      return body.slice(3, body.indexOf('', 3));
    };
    expect(advice(4)).toEqual([
      '  CORP\\svc_orders logged off at 10:59:20 UTC: a batch session (a scheduled task) (logon type 4).',
      '  A scheduled task runs as CORP\\svc_orders, the identity the application runs as; when the task ended, Windows',
      '  unloaded the hive under the application. Run the task as another account.',
    ]);
    expect(advice(5)).toEqual([
      '  CORP\\svc_orders logged off at 10:59:20 UTC: a service session (logon type 5).',
      '  A Windows service runs as CORP\\svc_orders, the identity the application runs as; when it stopped, Windows',
      '  unloaded the hive under the application. Give the service an account of its own.',
    ]);
    expect(advice(2)[0]).toBe(
      '  CORP\\svc_orders logged off at 10:59:20 UTC: an interactive session (logon type 2).',
    );
    expect(advice(2)[1]).toMatch(/^ {2}Someone signed in to app01 as CORP\\svc_orders/);
    expect(advice(undefined, 4647)[0]).toBe(
      '  CORP\\svc_orders logged off at 10:59:20 UTC (Event 4647, a logoff the user started: an interactive or Remote Desktop session).',
    );
    expect(advice(undefined, 4647)[1]).toMatch(/^ {2}Someone signed in/);
    expect(advice(3)[1]).toBe(
      '  Something else used CORP\\svc_orders and ended its session just before the leak: find what logs on with it',
    );
  });

  it('an IIS incident says to recycle the application pool of the w3wp.exe pid, and names the server-side errors', () => {
    const incident = one([
      leak({
        recordId: 1,
        processes: [
          {
            name: 'w3wp.exe',
            pid: 5120,
            path: '\\Device\\HarddiskVolume1\\Windows\\System32\\inetsrv\\w3wp.exe',
          },
        ],
      }),
      failure({ recordId: 2, reporter: 'app01', time: at('+10m') }),
    ]);
    const message = alertMessage(incident, 'opened', text);
    expect(message.subject).toBe(
      'hivewatch: IIS application pool failing on app01 - w3wp.exe pid 5120 lost its registry hive',
    );
    expect(message.body).toContain('  - IIS: recycle the application pool whose worker is w3wp.exe pid 5120');
    expect(message.body).toContain('Affected:   no client failure seen yet; the server itself 1');
  });

  it('lists at most eight evidence lines and counts the rest', () => {
    const incident = one(typicalSignals(30));
    const body = alertMessage(incident, 'opened', text).body;
    expect(body.split('\n').filter((line) => /^ {2}(leak|failure) +Event/.test(line))).toHaveLength(8);
    expect(body).toContain(`  … and ${incident.evidence.length - 8} more (see the command below)`);
  });
});

describe('the at-risk notice', () => {
  it('is a notice, not a page: nothing failed yet, the next activation will, restart it now', () => {
    const message = alertMessage(one([leak({ recordId: 1 })], at('+1h')), 'at-risk', text);
    expect(message.subject).toBe(
      'hivewatch: at risk - COM+ application on app01 - dllhost.exe pid 2428 lost its registry hive',
    );
    expect(message.attributes.severity).toBe('info');
    expect(message.body).toBe(
      [
        'Notice, not a page: the COM+ application in dllhost.exe pid 2428 on APP01.corp.example.net lost the registry hive of the identity it runs as at 2026-11-17 11:00:00 UTC (Event 1530). Nothing has failed yet, but its next activation will fail with 0x800703FA (ERROR_KEY_DELETED). Restart it now, before it is used.',
        '',
        ...noLogoff,
        '',
        'Host:       APP01.corp.example.net (app01)',
        sidOnly,
        'Process:    dllhost.exe pid 2428',
        'Path:       \\Device\\HarddiskVolume1\\Windows\\System32\\dllhost.exe',
        'Leak:       2026-11-17 11:00:00.123 UTC (Event 1530, User Profiles Service)',
        'Failures:   none yet: the next activation fails',
        `Incident:   ${ID} (at-risk)`,
        'At risk:    until 2026-11-24 11:00:00 UTC (the detection window), unless the process restarts first',
        '',
        'Evidence (the event, then where it is: S3 key and byte offset):',
        '  leak    Event 1530 2026-11-17 11:00 UTC  APP01.corp.example.net Application #1  in app01.xml at byte 1000',
        '',
        'What to do now (before the next activation):',
        ...shutDown,
        '',
        ...forGood,
        ...show,
      ].join('\n'),
    );
  });
});

describe('the resolved notification: how long it was broken, how many failures and clients, what ended it', () => {
  it('a restart of the leaking process ends it, and the notification names that evidence', () => {
    const message = alertMessage(one([...typicalSignals(3), recycle], at('+3h')), 'resolved', text);
    expect(message.subject).toBe(
      'hivewatch: resolved - COM+ application on app01 - COM+ application XRC shut down at 12:10 UTC',
    );
    expect(message.body).toBe(
      [
        'The COM+ application in dllhost.exe pid 2428 on APP01.corp.example.net is no longer failing.',
        '',
        'What ended it: COM+ application XRC shut down (dllhost.exe pid 2428) at 2026-11-17 12:10:00 UTC, and no activation failed after it.',
        '  Evidence:   Event 5074 (Microsoft-Windows-WAS), APP01.corp.example.net System #50 in app01-system.xml at byte 50000',
        'It was broken for 10 min (first failure 2026-11-17 12:00:00 UTC → 2026-11-17 12:10:00 UTC): 3 failures from 3 clients (ws01, ws02, ws03).',
        'The cause is still there until the policy below is set: the next logoff of that identity can break it again.',
        '',
        'Host:       APP01.corp.example.net (app01)',
        sidOnly,
        'Process:    dllhost.exe pid 2428',
        'Path:       \\Device\\HarddiskVolume1\\Windows\\System32\\dllhost.exe',
        'Leak:       2026-11-17 11:00:00.123 UTC (Event 1530, User Profiles Service)',
        'Failures:   3, first 2026-11-17 12:00:00.123 UTC, last 2026-11-17 12:02:00.123 UTC',
        'Affected:   ws01 1, ws02 1, ws03 1 (failures each)',
        'CLSIDs:     {4E14FBA2-2E22-11D1-9964-00C04FBBB345}',
        `Incident:   ${ID} (resolved)`,
        'Resolved:   2026-11-17 12:10:00 UTC',
        '',
        ...forGood,
        ...show,
      ].join('\n'),
    );
  });

  it('an app pool recycle and a host restart are named as such ("app pool DefaultAppPool recycled at 11:40", "host restarted at 14:03")', () => {
    const iis = one(
      [
        leak({
          recordId: 1,
          processes: [{ name: 'w3wp.exe', pid: 5120, path: 'C:\\Windows\\System32\\inetsrv\\w3wp.exe' }],
        }),
        failure({ recordId: 2, reporter: 'app01', time: at('+10m') }),
        restart({ recordId: 3, time: at('+40m'), scope: 'process', pid: 5120, image: 'w3wp.exe' }),
      ],
      at('+2h'),
    );
    const pool = alertMessage(iis, 'resolved', text);
    expect(pool.subject).toBe(
      'hivewatch: resolved - IIS application pool on app01 - app pool DefaultAppPool recycled at 11:40 UTC',
    );
    expect(pool.body.split('\n').slice(2, 5)).toEqual([
      'What ended it: App pool DefaultAppPool recycled (w3wp.exe pid 5120) at 2026-11-17 11:40:00 UTC, and no activation failed after it.',
      '  Evidence:   Event 5074 (Microsoft-Windows-WAS), APP01.corp.example.net System #3 in app01-system.xml at byte 3000',
      "It was broken for 30 min (first failure 2026-11-17 11:10:00 UTC → 2026-11-17 11:40:00 UTC): 1 failure (the server's own errors).",
    ]);
    const reboot = one([...typicalSignals(3), restart({ recordId: 9, time: at('+183m') })], at('+5h'));
    const host = alertMessage(reboot, 'resolved', text);
    expect(host.subject).toBe(
      'hivewatch: resolved - COM+ application on app01 - host restarted at 14:03 UTC',
    );
    expect(host.body).toContain(
      'What ended it: Host restarted at 2026-11-17 14:03:00 UTC, and no activation failed after it.',
    );
    expect(host.body).toContain(
      'It was broken for 2 h 3 min (first failure 2026-11-17 12:00:00 UTC → 2026-11-17 14:03:00 UTC)',
    );
  });

  it('by hand: who and their note, from the incident’s audit trail', () => {
    const by = 'arn:aws:sts::111122223333:assumed-role/oncall/alice';
    const note = 'recycled by hand, policy ticket CHG-1042';
    const manual: Restart = {
      ...restart({ recordId: 0, time: at('+2h'), scope: 'manual', reason: 'resolved by hand' }),
      by,
      note,
    };
    const incident = one([...typicalSignals(3), manual], at('+2h'), {
      audit: [{ action: 'resolve', by, at: '2026-11-17T13:00:05.000Z', note, outcome: 'resolved' }],
    });
    const message = alertMessage(incident, 'resolved', text);
    expect(message.subject).toBe(
      'hivewatch: resolved - COM+ application on app01 - resolved by hand by alice',
    );
    expect(message.body.split('\n').slice(0, 5)).toEqual([
      'The COM+ application in dllhost.exe pid 2428 on APP01.corp.example.net is no longer failing.',
      '',
      `What ended it: Resolved by hand by ${by} at 2026-11-17 13:00:00 UTC.`,
      `  Note:       ${note}`,
      'It was broken for 1 h (first failure 2026-11-17 12:00:00 UTC → 2026-11-17 13:00:00 UTC): 3 failures from 3 clients (ws01, ws02, ws03).',
    ]);
  });

  it('quiet: says plainly that no restart was seen and the application may still be broken, only unused', () => {
    const message = alertMessage(one(typicalSignals(3), at('+3d')), 'resolved', text);
    expect(message.subject).toBe(
      'hivewatch: resolved - COM+ application on app01 - quiet since 2026-11-17 12:02 UTC, no restart seen',
    );
    expect(message.body.split('\n').slice(0, 8)).toEqual([
      'The COM+ application in dllhost.exe pid 2428 on APP01.corp.example.net has stopped failing, but may still be broken.',
      '',
      'What ended it: No activation failed for 24 h since 2026-11-17 12:02:00 UTC, but no restart of dllhost.exe pid 2428 or of the host was seen: the application may still be broken, only unused.',
      'It failed for at least 2 min (first failure 2026-11-17 12:00:00 UTC, last 2026-11-17 12:02:00 UTC): 3 failures from 3 clients (ws01, ws02, ws03).',
      'To be sure it works, restart it anyway:',
      ...shutDown,
      'The cause is still there until the policy below is set: the next logoff of that identity can break it again.',
    ]);
    expect(message.body).toContain('Resolved:   2026-11-18 12:02:00 UTC');
  });
});

describe('the reopened alert', () => {
  it('says what had ended it (the restart that did not fix it) and the failures since', () => {
    const again = failure({ recordId: 60, time: at('+3h'), reporter: 'ws02' });
    const message = alertMessage(one([...typicalSignals(3), recycle, again], at('+4h')), 'reopened', text);
    expect(message.subject).toBe(
      'hivewatch: COM+ application failing again on app01 - dllhost.exe pid 2428 lost its registry hive',
    );
    expect(message.attributes.severity).toBe('high');
    expect(message.body.split('\n').slice(0, 5)).toEqual([
      'The COM+ application in dllhost.exe pid 2428 on APP01.corp.example.net is failing again with 0x800703FA (ERROR_KEY_DELETED): it had ended, and activations fail again.',
      '',
      'What had ended it: COM+ application XRC shut down (dllhost.exe pid 2428) at 2026-11-17 12:10:00 UTC did not fix it: activations failed again after it (Event 5074 (Microsoft-Windows-WAS), APP01.corp.example.net System #50 in app01-system.xml at byte 50000).',
      'Failures since: 1, the last at 2026-11-17 14:00:00 UTC; 4 in all since 2026-11-17 12:00:00 UTC.',
      '',
    ]);
    expect(message.body).toContain(
      'Restarted:  COM+ application XRC shut down at 2026-11-17 12:10:00 UTC: it failed again after that',
    );
    expect(message.body).toContain('What to do now:');
  });

  it('after a quiet resolution: it had gone quiet, with no restart seen, and was resolved at the time the outbox decided it', () => {
    const incident = one(
      [...typicalSignals(3), failure({ recordId: 60, time: at('+3h'), reporter: 'ws02' })],
      at('+4h'),
      {
        alerts: {
          opened: {
            kind: 'opened',
            seq: 1,
            state: 'sent',
            attempts: 1,
            decidedAt: '2026-11-17T12:00:01.000Z',
          },
          'resolved#1': {
            kind: 'resolved',
            seq: 2,
            state: 'sent',
            attempts: 1,
            decidedAt: '2026-11-18T12:05:00.000Z',
          },
          'reopened#1': {
            kind: 'reopened',
            seq: 3,
            state: 'pending',
            attempts: 0,
            decidedAt: '2026-11-18T13:00:00.000Z',
          },
        },
      },
    );
    const lines = alertMessage(incident, 'reopened', text).body.split('\n');
    expect(lines[2]).toBe(
      'What had ended it: It had gone quiet with no restart seen and was resolved at 2026-11-18 12:05:00 UTC: the application was still broken, only unused.',
    );
    expect(lines[3]).toBe(
      'Failures since: 4 in all since 2026-11-17 12:00:00 UTC, the last at 2026-11-17 14:00:00 UTC.',
    );
  });
});

describe('what every notification carries', () => {
  it('host, severity, kind and incident id as message attributes for subscription filters', () => {
    const incident = one(typicalSignals(3));
    expect(alertMessage(incident, 'opened', text).attributes).toEqual({
      host: 'app01',
      severity: 'high',
      kind: 'opened',
      incidentId: incident.id,
    });
    expect(alertMessage(incident, 'resolved', text).attributes).toMatchObject({
      kind: 'resolved',
      severity: 'info',
    });
  });

  it('the subject stays under 100 printable ASCII characters, whatever the logs named', () => {
    const kinds = ['opened', 'reopened', 'at-risk', 'resolved'] as const;
    const base = one([...typicalSignals(1), restart({ recordId: 9, time: at('+2h') })], at('+5h'));
    fc.assert(
      fc.property(
        fc.oneof(hostileText, fc.string({ unit: 'binary', maxLength: 300 })),
        fc.constantFrom(...kinds),
        (name, kind) => {
          const r = base.resolution?.restart;
          const hostile = {
            ...base,
            host: name,
            process: name,
            ...(r
              ? { resolution: { by: 'restart' as const, at: r.time, restart: { ...r, reason: name } } }
              : {}),
          };
          const { subject } = alertMessage(hostile, kind, text);
          expect(subject.length).toBeLessThan(100);
          expect(subject).toMatch(/^[\x20-\x7e]+$/);
        },
      ),
    );
  });
});

describe('text from logs carries neither markup nor control characters into the alert', () => {
  it('a hostile host name, path, client and account are shown escaped', () => {
    const incident = one([...rdpSession, ...typicalSignals(1)]);
    const hostile = {
      ...incident,
      hostFqdn: 'APP01\u001b[31m<script>alert(1)</script>\r\nSubject: fake',
      processes: [{ name: 'dllhost.exe', pid: 2428, path: 'C:\\x\u202eexe.txt `*bold*` <@here>' }],
      clients: ['ws01<!channel>'],
      perClient: [
        { ...(incident.perClient[0] as StoredIncident['perClient'][number]), name: 'ws01<!channel>' },
      ],
    };
    const body = alertMessage(hostile, 'opened', text).body;
    expect(body).toContain('Host:       APP01\\u001b⁅31m‹script›alert(1)‹/script› Subject: fake (app01)');
    expect(body).toContain('Path:       C:\\x\\u202eexe.txt ʼ∗bold∗ʼ ‹@here›');
    expect(body).toContain('Affected:   ws01‹!channel› 1 (failures each)');
    expect(body.split('\n').filter((line) => /[\p{Cc}\p{Cf}]/u.test(line))).toEqual([]);
  });

  it('for any text in any field from the logs, the rendered message has the markup of the benign one and no controls', () => {
    const benign = one(
      [...rdpSession, ...typicalSignals(2), recycle, failure({ recordId: 70, time: at('+3h') })],
      at('+5h'),
    );
    const markup = /[<>&*`|[\]]/g;
    const count = (s: string) => (s.match(markup) ?? []).length;
    const kinds = ['opened', 'reopened', 'at-risk', 'resolved'] as const;
    fc.assert(
      fc.property(hostileText, fc.constantFrom(...kinds), (s, kind) => {
        const hostile = withLogText(benign, s);
        const good = alertMessage(benign, kind, text).body;
        const bad = alertMessage(hostile, kind, text).body;
        expect(count(bad)).toBe(count(good));
        expect(bad.replace(/\n/g, '')).not.toMatch(/[\p{Cc}\p{Cf}]/u);
        expect(bad.split('\n').length).toBe(good.split('\n').length);
      }),
    );
  });
});

describe('logText', () => {
  it('keeps names readable and cuts very long text with an ellipsis', () => {
    expect(logText('S-1-5-21-1_Classes')).toBe('S-1-5-21-1_Classes');
    expect(logText('x'.repeat(300), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(logText(undefined)).toBe('-');
  });
});
