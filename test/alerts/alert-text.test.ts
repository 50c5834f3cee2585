import { describe, expect, it } from 'vitest';
import { alertMessage } from '../../functions/alerts/alert-text.ts';
import { logText } from '../../functions/alerts/plain-text.ts';
import { at, failure, leak } from '../correlation/signal-builders.ts';
import { incidentsOf, storedIncident, typicalSignals } from './stored-incidents.ts';

const text = {
  showCommand: (id: string) => `npx hivewatch incidents show ${id} --incidents-table hw-incidents`,
};

function typical() {
  const [incident] = incidentsOf(typicalSignals(3));
  if (!incident) throw new Error('the typical signals make no incident');
  return storedIncident(incident);
}

describe('the alert on-call reads', () => {
  it('reads, in full, as written for a person', () => {
    const message = alertMessage(typical(), 'opened', text);
    expect(message.subject).toBe(
      'hivewatch: COM+ application failing on app01 - dllhost.exe pid 2428 lost its registry hive',
    );
    const id = typical().id;
    expect(message.body).toBe(
      [
        'COM+ application on APP01.corp.example.net is failing: Windows force-unloaded the registry hive of the identity',
        'it runs as (Event 1530), and activations have failed since (0x800703FA, ERROR_KEY_DELETED).',
        '',
        'Host:       APP01.corp.example.net (app01)',
        'Identity:   S-1-5-21-1111-2222-3333-1004, its _Classes hive (account name: look the SID up with Get-LocalUser / Get-ADUser)',
        'Process:    dllhost.exe pid 2428',
        'Path:       \\Device\\HarddiskVolume1\\Windows\\System32\\dllhost.exe',
        'Leak:       2026-11-17 11:00:00.123 UTC (Event 1530, User Profiles Service)',
        'Failures:   3, first 2026-11-17 12:00:00.123 UTC, last 2026-11-17 12:02:00.123 UTC',
        'Clients:    ws01, ws02, ws03',
        'CLSIDs:     {4E14FBA2-2E22-11D1-9964-00C04FBBB345}',
        `Incident:   ${id} (open)`,
        '',
        'Evidence (4 events):',
        '  leak    Event 1530 2026-11-17 11:00 UTC  APP01.corp.example.net Application #1  in app01.xml at byte 1000',
        '  failure Event 10006 2026-11-17 12:00 UTC  WS01.corp.example.net System #100  in ws01.xml at byte 100000',
        '  failure Event 10006 2026-11-17 12:01 UTC  WS02.corp.example.net System #101  in ws02.xml at byte 101000',
        '  failure Event 10006 2026-11-17 12:02 UTC  WS03.corp.example.net System #102  in ws03.xml at byte 102000',
        '',
        'What to do now:',
        '  - COM+: shut down the application hosted by dllhost.exe pid 2428 (Component Services →',
        '    COM+ Applications → the application → Shut down); it starts again, with the hive loaded, on the next call.',
        '',
        'For good:',
        '  - Set the policy "Do not forcefully unload the users registry at user logoff" (DisableForceUnload = 1',
        '    under HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\System), then gpupdate.',
        '  - Run the application under a dedicated identity that nobody logs on with interactively.',
        '  - IIS: set the application pool\'s "Load User Profile" to True.',
        '',
        'Show this incident:',
        `  npx hivewatch incidents show ${id} --incidents-table hw-incidents`,
      ].join('\n'),
    );
  });

  it('carries host, severity, kind and incident id as message attributes for subscription filters', () => {
    const incident = typical();
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

  it('an IIS incident says to recycle the application pool of the w3wp.exe pid', () => {
    const signals = [
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
    ];
    const [incident] = incidentsOf(signals);
    if (!incident) throw new Error('no incident');
    const message = alertMessage(storedIncident(incident), 'opened', text);
    expect(message.subject).toBe(
      'hivewatch: IIS application pool failing on app01 - w3wp.exe pid 5120 lost its registry hive',
    );
    expect(message.body).toContain('  - IIS: recycle the application pool whose worker is w3wp.exe pid 5120');
    expect(message.body).toContain('Clients:    none (server-side errors only)');
  });

  it('the resolved notification says since when it is quiet and that the cause remains', () => {
    const [incident] = incidentsOf(typicalSignals(3), at('+3d'));
    if (!incident) throw new Error('no incident');
    const message = alertMessage(storedIncident(incident), 'resolved', text);
    expect(message.subject).toBe(
      'hivewatch: resolved - COM+ application on app01 quiet since 2026-11-17 12:02 UTC',
    );
    expect(message.body.split('\n')[0]).toBe(
      'No activation failure on APP01.corp.example.net since 2026-11-17 12:02:00.123 UTC: the incident is resolved.',
    );
    expect(message.body).toContain('Resolved:   2026-11-18 12:02:00.123 UTC');
  });

  it('lists at most eight evidence lines and counts the rest', () => {
    const [incident] = incidentsOf(typicalSignals(30));
    if (!incident) throw new Error('no incident');
    const body = alertMessage(storedIncident(incident), 'opened', text).body;
    expect(body).toContain('Evidence (31 events):');
    expect(body).toContain('  … and 23 more (see the command below)');
  });

  it('the subject stays under 100 printable ASCII characters whatever the host name', () => {
    const [incident] = incidentsOf(typicalSignals(1));
    if (!incident) throw new Error('no incident');
    const long = storedIncident({ ...incident, host: `srv-${'ä'.repeat(120)}\u0007` });
    for (const kind of ['opened', 'resolved'] as const) {
      const { subject } = alertMessage(long, kind, text);
      expect(subject.length).toBeLessThan(100);
      expect(subject).toMatch(/^[\x20-\x7e]+$/);
    }
  });

  it('text from logs can carry neither markup nor control characters into the alert', () => {
    const [incident] = incidentsOf(typicalSignals(1));
    if (!incident) throw new Error('no incident');
    const hostile = storedIncident({
      ...incident,
      hostFqdn: 'APP01\u001b[31m<script>alert(1)</script>\r\nSubject: fake',
      processes: [{ name: 'dllhost.exe', pid: 2428, path: 'C:\\x\u202eexe.txt `*bold*` <@here>' }],
      clients: ['ws01<!channel>'],
    });
    const body = alertMessage(hostile, 'opened', text).body;
    expect(body).toContain('Host:       APP01\\u001b⁅31m‹script›alert(1)‹/script› Subject: fake (app01)');
    expect(body).toContain('Path:       C:\\x\\u202eexe.txt ʼ∗bold∗ʼ ‹@here›');
    expect(body).toContain('Clients:    ws01‹!channel›');
    const lines = body.split('\n');
    expect(lines.filter((line) => /[\p{Cc}\p{Cf}<>]/u.test(line))).toEqual([]);
  });

  it('logText keeps names readable and cuts very long text with an ellipsis', () => {
    expect(logText('S-1-5-21-1_Classes')).toBe('S-1-5-21-1_Classes');
    expect(logText('x'.repeat(300), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(logText(undefined)).toBe('-');
  });
});
