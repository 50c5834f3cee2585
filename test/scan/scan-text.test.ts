import { describe, expect, it } from 'vitest';
import { correlate } from '../../functions/correlation/correlate.ts';
import { correlationConfig } from '../../functions/correlation/correlation-config.ts';
import { printable, scanText } from '../../functions/scan/scan-text.ts';
import { at, failure, leak } from '../correlation/signal-builders.ts';

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
});
