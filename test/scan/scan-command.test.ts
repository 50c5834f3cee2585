import { describe, expect, it } from 'vitest';
import { dcom10006, hiveLeak1530 } from '../../samples/render-events.ts';
import { hivewatch } from './hivewatch-cli.ts';
import { CLSID, DLLHOST, minutesAfterLeak, SID, writeLogs } from './scan-fixtures.ts';

const APP = 'APP01.corp.example.net';
const incidentLogs = () =>
  writeLogs({
    'app01.xml': [
      hiveLeak1530({
        computer: APP,
        time: minutesAfterLeak(0),
        recordId: 994,
        sid: SID,
        classes: true,
        processes: [{ pid: 2428, path: DLLHOST }],
      }),
    ],
    'ws01.xml': [
      dcom10006({
        computer: 'WS01.corp.example.net',
        time: minutesAfterLeak(30),
        recordId: 7001,
        server: 'APP01',
        clsid: CLSID,
      }),
    ],
  });

describe('hivewatch scan', () => {
  it('--json prints exactly the design document on stdout, and exits 0', async () => {
    const dir = await incidentLogs();
    const run = await hivewatch(['scan', '--json', dir]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(''); // no progress line for a scan under a second
    const doc = JSON.parse(run.stdout);
    expect(Object.keys(doc)).toEqual(['incidents', 'atRisk', 'unexplained', 'stats']);
    expect(Object.keys(doc.stats)).toEqual(['files', 'bytes', 'events', 'signals', 'errors']);
    expect(Object.keys(doc.incidents[0])).toEqual([
      'id',
      'host',
      'hostFqdn',
      'process',
      'processes',
      'pid',
      'sid',
      'leakAt',
      'firstFailureAt',
      'lastFailureAt',
      'failureCount',
      'clients',
      'clsids',
      'status',
    ]);
    expect(doc.incidents[0]).toMatchObject({
      host: 'app01',
      process: 'dllhost.exe',
      clients: ['ws01'],
      status: 'open',
    });
    expect(doc.stats).toMatchObject({ files: 2, events: 2, signals: 2, errors: [] });
  });

  it('prints one block per incident with the fix, and a summary line', async () => {
    const run = await hivewatch(['scan', await incidentLogs()]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('app01 (APP01.corp.example.net)');
    expect(run.stdout).toContain('dllhost.exe pid 2428');
    expect(run.stdout).toContain('2026-11-17 11:00:00.123 UTC');
    expect(run.stdout).toContain('clients    ws01');
    expect(run.stdout).toContain('restart the COM+ application');
    expect(run.stdout).toContain('DisableForceUnload');
    expect(run.stdout).toMatch(/Scanned 2 files, [\d.]+ MB, 2 events, 2 signals, 0 errors in [\d.]+ s/);
  });

  it('exits 0 when there is no incident', async () => {
    const run = await hivewatch(['scan', '--json', '--window', '10m', await incidentLogs()]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).incidents).toEqual([]);
  });

  it('--threshold leaves out incidents with fewer failures', async () => {
    const run = await hivewatch(['scan', '--json', '--threshold', '2', await incidentLogs()]);
    expect(JSON.parse(run.stdout).incidents).toEqual([]);
  });

  it.each([
    [['scan'], /missing required argument/],
    [['scan', '--window', '0d', '.'], /--window: must be longer than zero/],
    [['scan', '--skew', '-5m', '.'], /--skew: must not be negative/],
    [['scan', '--quiet', 'soon', '.'], /--quiet: "soon" is not a duration/],
    [['scan', '--threshold', '0', '.'], /--threshold: must be at least 1/],
    [['scan', '--bogus', '.'], /unknown option '--bogus'/],
    [['scna', '.'], /unknown command 'scna'/],
  ])('usage error %j exits 2 with one line', async (args, message) => {
    const run = await hivewatch(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('an unreadable path is listed in stats.errors, and the scan still exits 0', async () => {
    const dir = await incidentLogs();
    const run = await hivewatch(['scan', '--json', dir, `${dir}/nope.xml`]);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.incidents).toHaveLength(1);
    expect(doc.stats.errors).toEqual([
      { file: `${dir}/nope.xml`, offset: 0, reason: expect.stringContaining('ENOENT') },
    ]);
  });
});
