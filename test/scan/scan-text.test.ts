import { describe, expect, it } from 'vitest';
import { correlate, correlateAll } from '../../functions/correlation/correlate.ts';
import { correlationConfig } from '../../functions/correlation/correlation-config.ts';
import { printable, scanText } from '../../functions/scan/scan-text.ts';
import { at, failure, leak, restart, session } from '../correlation/signal-builders.ts';

const stats = { files: 2, bytes: 2048, xmlBytes: 4096, events: 10, signals: 2, errors: [], reread: 0 };

describe('scan report text', () => {
  it('shows control characters from logs escaped, never raw', () => {
    expect(printable('APP01\u001b[31m\u0013')).toBe('APP01\\x1b[31m\\x13');
    const hostile = { ...leak({ recordId: 1 }), hostFqdn: 'APP01\u001b]0;pwned\u0007' };
    const text = scanText(
      {
        atRisk: [],
        unexplained: [],
        incidents: correlate([hostile, failure({ recordId: 2 })], correlationConfig()),
        stats,
      },
      1,
    );
    expect(text).not.toMatch(/\p{Cc}(?<!\n)/u);
    expect(text).toContain('APP01\\x1b]0;pwned\\x07');
  });

  it('tells what to do now for each process kind, and for good', () => {
    const w3wp = leak({ recordId: 1, processes: [{ name: 'w3wp.exe', pid: 6120, path: 'C:\\w3wp.exe' }] });
    const text = scanText(
      {
        atRisk: [],
        unexplained: [],
        incidents: correlate([w3wp, failure({ recordId: 2, time: at('+1m') })], correlationConfig()),
        stats,
      },
      1,
    );
    expect(text).toContain('recycle the IIS application pool');
    expect(text).not.toContain('restart the COM+ application');
    expect(text).toContain('Load User Profile');
    expect(text).toContain('DisableForceUnload = 1');
  });

  it('says so when there is no incident, with the summary line', () => {
    expect(scanText({ incidents: [], atRisk: [], unexplained: [], stats }, 0.5)).toBe(
      'No incident: no COM+ / IIS hive leak followed by activation failures.\n\n' +
        'Scanned 2 files, 0.0 MB (0.0 MB of XML), 10 events, 2 signals, 0 errors in 0.50 s, 0.0 MB/s of XML.',
    );
  });

  it('names the logoff that caused it, and what ended a resolved incident', () => {
    const signals = [
      session({
        kind: 'logon',
        recordId: 500,
        time: at('-72m'),
        logonId: '0xabc',
        logonType: 10,
        ip: '10.1.2.3',
      }),
      session({ kind: 'logoff', recordId: 501, time: at('-40s'), logonId: '0xabc', logonType: 10 }),
      leak({ recordId: 1 }),
      failure({ recordId: 2, time: at('+1m') }),
      restart({ recordId: 3, time: at('+10m'), scope: 'process', pid: 2428, image: 'dllhost.exe' }),
    ];
    const text = scanText(
      { atRisk: [], unexplained: [], incidents: correlate(signals, correlationConfig(), at('+1h')), stats },
      1,
    ).split('\n');
    expect(text).toContain('  identity   CORP\\svc_orders S-1-5-21-1111-2222-3333-1004 (_Classes hive)');
    expect(text).toContain(
      '  logoff     CORP\\svc_orders logged off at 10:59:20 UTC: a Remote Desktop session (logon type 10) from 10.1.2.3 that began at 09:48 UTC.',
    );
    expect(text).toContain(
      '  ended      App pool DefaultAppPool recycled (dllhost.exe pid 2428) at 2026-11-17 11:10:00 UTC, and no activation failed after it.',
    );
  });

  it('without a logoff in the logs read, says which Security events to export', () => {
    const text = scanText(
      {
        atRisk: [],
        unexplained: [],
        incidents: correlate([leak({ recordId: 1 }), failure({ recordId: 2 })], correlationConfig()),
        stats,
      },
      1,
    );
    expect(text).toContain(
      '  logoff     none in the logs read (export or ship the Security log: 4624, 4634, 4647)',
    );
  });

  it('shows leaks still at risk and cleared ones, and failures that no leak explains', () => {
    const { incidents, unexplained } = correlateAll(
      [
        leak({ recordId: 1 }),
        leak({ recordId: 2, host: 'app03', time: at('-10d') }),
        failure({ recordId: 10, host: 'app02', reporter: 'ws01', time: at('+1h') }),
        failure({ recordId: 11, host: 'app02', reporter: 'ws02', time: at('+2h') }),
      ],
      correlationConfig(),
      at('+3h'),
    );
    const text = scanText({ incidents: [], atRisk: incidents, unexplained, stats }, 1).split('\n');
    expect(text.slice(2, 6)).toEqual([
      '2 leaks by COM+ / IIS processes with no failure seen (1 still at risk: the next activation fails):',
      '  app03  dllhost.exe pid 2428  leak 2026-11-07 11:00:00.123 UTC  cleared: The leak is older than the detection window (since 2026-11-14 11:00:00 UTC) and nothing failed.',
      '  app01  dllhost.exe pid 2428  leak 2026-11-17 11:00:00.123 UTC  AT RISK until 2026-11-24 11:00:00.123 UTC: restart it now',
      '',
    ]);
    expect(text.slice(6, 8)).toEqual([
      'Failures no leak explains:',
      '  2 failures naming app02 without a leak seen (2026-11-17 12:00:00.123 UTC to 2026-11-17 13:00:00.123 UTC, from ws01, ws02): is app02 shipping its Application log?',
    ]);
  });

  it('text from the logs reaches the terminal with its control and format characters shown, never raw', () => {
    const hostile = {
      ...leak({ recordId: 1, host: 'app\u202e01' }),
      processes: [{ name: 'dllhost.exe', pid: 1, path: 'C:\\\u001b[2Jx\u200b.exe' }],
    };
    const { incidents, unexplained } = correlateAll(
      [hostile, failure({ recordId: 9, host: 'app\u001b]0;x\u0007', time: at('+1h') })],
      correlationConfig(),
    );
    const text = scanText({ incidents: [], atRisk: incidents, unexplained, stats }, 1);
    expect(text).not.toMatch(/[\p{Cc}\p{Cf}](?<!\n)/u);
    expect(text).toContain('app\\u202e01  dllhost.exe pid 1');
    expect(text).toContain('naming app\\x1b]0;x\\x07 without a leak seen');
  });
});
