import { symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aspnet1309, complusError, dcom10006, hiveLeak1530 } from '../../samples/render-events.ts';
import {
  CLSID,
  DLLHOST,
  minutesAfterLeak,
  SID,
  scanWithDefaults,
  scratchDir,
  writeLogs,
} from './scan-fixtures.ts';

const APP = 'APP01.corp.example.net';
const leakOn = (computer: string, path = DLLHOST, recordId = 994) =>
  hiveLeak1530({
    computer,
    time: minutesAfterLeak(0),
    recordId,
    sid: SID,
    classes: true,
    processes: [{ pid: 2428, path }],
  });
const clientFailure = (server: string, recordId = 7001, computer = 'WS01.corp.example.net', minutes = 30) =>
  dcom10006({ computer, time: minutesAfterLeak(minutes), recordId, server, clsid: CLSID });

describe('scan: leaks', () => {
  it('a 1530 naming only svchost/winlogon raises nothing', async () => {
    const dir = await writeLogs({
      'app01.xml': [
        hiveLeak1530({
          computer: APP,
          time: minutesAfterLeak(0),
          recordId: 1,
          sid: SID,
          processes: [
            { pid: 884, path: '\\Device\\HarddiskVolume2\\Windows\\System32\\svchost.exe' },
            { pid: 612, path: '\\Device\\HarddiskVolume2\\Windows\\System32\\winlogon.exe' },
          ],
        }),
      ],
      'ws01.xml': [clientFailure('APP01')],
    });
    const result = await scanWithDefaults([dir]);
    expect(result.incidents).toEqual([]);
    expect(result.stats).toMatchObject({ files: 2, events: 2, signals: 1, errors: [] });
  });

  it('a failure stamped years ahead of the clock is an error at its offset; the leak and failures of today still make the incident', async () => {
    const future = dcom10006({
      computer: 'WS01.corp.example.net',
      time: '9999-12-31T23:00:00.0000000Z',
      recordId: 7000,
      server: 'APP01',
      clsid: CLSID,
    });
    const dir = await writeLogs({ 'app01.xml': [leakOn(APP)], 'ws01.xml': [future, clientFailure('APP01')] });
    const result = await scanWithDefaults([dir]);
    expect(result.incidents.map((i) => [i.host, i.failureCount])).toEqual([['app01', 1]]);
    expect(result.stats.errors).toEqual([
      {
        file: join(dir, 'ws01.xml'),
        offset: expect.any(Number),
        reason: expect.stringMatching(
          /^event time 9999-12-31T23:00:00\.000000000Z is more than a day ahead of this clock/,
        ),
      },
    ]);
  });

  it('32-bit dllhost under SysWOW64 in upper case is a leak', async () => {
    const wow = '\\DEVICE\\HARDDISKVOLUME2\\WINDOWS\\SYSWOW64\\DLLHOST.EXE';
    const dir = await writeLogs({ 'app01.xml': [leakOn(APP, wow)], 'ws01.xml': [clientFailure('APP01')] });
    const [incident] = (await scanWithDefaults([dir])).incidents;
    expect(incident).toMatchObject({
      host: 'app01',
      process: 'dllhost.exe',
      pid: 2428,
      sid: SID,
      hive: 'classes',
    });
    expect(incident?.processes).toEqual([{ name: 'dllhost.exe', pid: 2428, path: wow }]);
  });

  it('control characters in Data do not lose the event', async () => {
    const leak = leakOn(APP);
    const detail = leak.data?.[0];
    if (!detail || !('value' in detail)) throw new Error('sample 1530 has a Detail');
    leak.data = [{ name: 'Detail', value: detail.value.replace('\\CLSID', '\\CLSID\u0013\u0001') }];
    expect(JSON.stringify(leak.data)).toContain('\\u0013\\u0001');
    const failure = clientFailure('APP01');
    failure.data = [{ name: 'param1', value: 'Unspecified error \u0001' }, ...(failure.data ?? []).slice(1)];
    const dir = await writeLogs({ 'app01.xml': [leak], 'ws01.xml': [failure] });
    const result = await scanWithDefaults([dir]);
    expect(result.stats).toMatchObject({ events: 2, signals: 2, errors: [] });
    expect(result.incidents.map((i) => [i.host, i.failureCount])).toEqual([['app01', 1]]);
  });
});

describe('scan: failures', () => {
  it.each([
    ['FQDN', 'app01.corp.example.net'],
    ['NetBIOS', 'APP01'],
    ['upper case', 'APP01.CORP.EXAMPLE.NET'],
    ['\\\\NAME', '\\\\APP01'],
    ['padded', '  app01 '],
  ])('the %s form of the server name matches', async (_, named) => {
    const dir = await writeLogs({ 'app01.xml': [leakOn(APP)], 'ws01.xml': [clientFailure(named)] });
    const [incident] = (await scanWithDefaults([dir])).incidents;
    expect(incident).toMatchObject({ host: 'app01', hostFqdn: APP, clients: ['ws01'], clsids: [CLSID] });
  });

  it('a leak on one host and failures naming another raise nothing', async () => {
    const dir = await writeLogs({ 'app01.xml': [leakOn(APP)], 'ws01.xml': [clientFailure('APP02')] });
    expect((await scanWithDefaults([dir])).incidents).toEqual([]);
  });

  it('w3wp with ASP.NET 1309 (unnamed Data) counts as a server-side failure', async () => {
    const w3wp = '\\Device\\HarddiskVolume2\\Windows\\System32\\inetsrv\\w3wp.exe';
    const web = 'WEB01.corp.example.net';
    const dir = await writeLogs({
      'web01.xml': [
        leakOn(web, w3wp),
        aspnet1309({
          computer: web,
          time: minutesAfterLeak(45),
          recordId: 995,
          pid: 2428,
          appPool: 'Orders',
          clsid: CLSID,
        }),
      ],
    });
    const [incident] = (await scanWithDefaults([dir])).incidents;
    expect(incident).toMatchObject({ host: 'web01', process: 'w3wp.exe', failureCount: 1, clients: [] });
    expect(incident?.firstFailureAt).toBe('2026-11-17T11:45:00.123456700Z');
  });

  it.each([
    ['classic COM+ source', false],
    ['Microsoft-Windows-Complus', true],
  ])('COM+ text errors (%s) count as server-side failures', async (_, modern) => {
    const dir = await writeLogs({
      'app01.xml': [
        leakOn(APP),
        complusError({
          computer: APP,
          time: minutesAfterLeak(10),
          recordId: 996,
          appId: '{1F2E3D4C-0000-4000-8000-00000000ABCD}',
          appName: 'XRC',
          modern,
        }),
      ],
    });
    const [incident] = (await scanWithDefaults([dir])).incidents;
    expect(incident).toMatchObject({ host: 'app01', failureCount: 1, clients: [] });
  });

  it('a client clock 90 s behind still counts, 20 min behind does not', async () => {
    const early = (minutes: number) =>
      writeLogs({
        'app01.xml': [leakOn(APP)],
        'ws01.xml': [clientFailure('APP01', 7001, 'WS01.corp.example.net', minutes)],
      });
    expect((await scanWithDefaults([await early(-1.5)])).incidents).toHaveLength(1);
    expect((await scanWithDefaults([await early(-20)])).incidents).toEqual([]);
  });

  it('a first failure 3 days after the leak counts, 10 days after does not', async () => {
    const later = (days: number) =>
      writeLogs({
        'app01.xml': [leakOn(APP)],
        'ws01.xml': [clientFailure('APP01', 7001, 'WS01.corp.example.net', days * 1440)],
      });
    expect((await scanWithDefaults([await later(3)])).incidents).toHaveLength(1);
    expect((await scanWithDefaults([await later(10)])).incidents).toEqual([]);
  });
});

describe('scan: lifecycle', () => {
  it('an incident whose logs show `quiet` without a failure after it is resolved; a later leak + failure opens another', async () => {
    const dir = await writeLogs({
      'app01.xml': [leakOn(APP), leakOn(APP, DLLHOST, 2000)].map((e, i) =>
        i ? { ...e, timeCreated: minutesAfterLeak(3 * 1440) } : e,
      ),
      'ws01.xml': [clientFailure('APP01', 7001), clientFailure('APP01', 7002, undefined, 3 * 1440 + 5)],
    });
    const result = await scanWithDefaults([dir]);
    expect(
      result.incidents.map((i) => [i.leakAt.slice(0, 10), i.status, i.resolvedAt?.slice(0, 16)]),
    ).toEqual([
      ['2026-11-17', 'resolved', '2026-11-18T11:30'],
      ['2026-11-20', 'open', undefined],
    ]);
  });
});

describe('scan: the horizon is the latest event read, not the latest signal', () => {
  const noiseAt = (minutes: number) => ({
    provider: { name: 'Service Control Manager', eventSourceName: 'Service Control Manager' },
    eventId: 7036,
    timeCreated: minutesAfterLeak(minutes),
    recordId: 90_000 + minutes,
    channel: 'System',
    computer: APP,
    data: [
      { name: 'param1', value: 'Windows Update' },
      { name: 'param2', value: 'running' },
    ],
  });

  it('ordinary events `quiet` after the last failure resolve the incident; ordinary events before that do not', async () => {
    const statusWithNoiseAt = async (minutes: number) => {
      const dir = await writeLogs({
        'app01.xml': [leakOn(APP), noiseAt(minutes)],
        'ws01.xml': [clientFailure('APP01', 7001)],
      });
      return (await scanWithDefaults([dir])).incidents.map((i) => i.status);
    };
    expect(await statusWithNoiseAt(25 * 60)).toEqual(['resolved']);
    expect(await statusWithNoiseAt(23 * 60)).toEqual(['open']);
  });
});

describe('scan: input', () => {
  it('the same event in two files counts once', async () => {
    const failures = [clientFailure('APP01', 7001), clientFailure('APP01', 7002, undefined, 40)];
    const dir = await writeLogs({
      'app01.xml': [leakOn(APP)],
      'ws01-monday.xml': failures,
      'ws01-export-again.xml.gz': { events: failures, format: { style: 'event-viewer', gzip: true } },
    });
    const result = await scanWithDefaults([dir]);
    expect(result.stats).toMatchObject({ events: 5, signals: 3 });
    expect(result.incidents.map((i) => i.failureCount)).toEqual([2]);
  });

  it.each([
    ['wevtutil', { style: 'wevtutil' }],
    ['Get-WinEvent ToXml in UTF-16LE', { style: 'toxml', encoding: 'utf-16le' }],
    ['Event Viewer', { style: 'event-viewer' }],
    ['libevtx', { style: 'libevtx' }],
    ['Fluent Bit JSON lines, gzip', { style: 'fluent-bit', gzip: true }],
  ] as const)('every shape the reader accepts is scanned (%s)', async (_, format) => {
    const dir = await writeLogs({
      'a.log': { events: [leakOn(APP)], format },
      'b.log': { events: [clientFailure('APP01')], format },
    });
    expect((await scanWithDefaults([dir])).incidents.map((i) => i.host)).toEqual(['app01']);
  });

  it('a file that cannot be read is listed in the errors and does not stop the scan', async () => {
    const dir = await writeLogs({ 'app01.xml': [leakOn(APP)], 'ws01.xml': [clientFailure('APP01')] });
    await writeFile(join(dir, 'junk.bin'), Buffer.from([0x00, 0xff, 0x13, 0x37, 0x42, 0x99, 0x00, 0x01]));
    await symlink(join(dir, 'gone.xml'), join(dir, 'dangling.xml'));
    const result = await scanWithDefaults([dir, join(dir, 'missing-dir')]);
    expect(result.incidents).toHaveLength(1);
    expect(result.stats.errors.map((e) => e.file)).toEqual([
      join(dir, 'dangling.xml'),
      join(dir, 'junk.bin'),
      join(dir, 'missing-dir'),
    ]);
    expect(result.stats.errors.every((e) => e.reason.length > 0 && e.offset >= 0)).toBe(true);
  });

  it('reading on two threads gives what reading on one gives', async () => {
    const files = Object.fromEntries(
      Array.from({ length: 6 }, (_, i) => [
        `ws0${i}.xml`,
        [clientFailure('APP01', 7000 + i, `WS0${i}.corp.example.net`, 10 + i)],
      ]),
    );
    const dir = await writeLogs({ ...files, 'app01.xml': [leakOn(APP)] });
    const one = await scanWithDefaults([dir]);
    const two = await scanWithDefaults([dir], { threads: 2, minBytesForThreads: 0 });
    expect(two).toEqual(one);
    expect(two.incidents[0]?.clients).toEqual(['ws00', 'ws01', 'ws02', 'ws03', 'ws04', 'ws05']);
  });

  it('a directory is read recursively (each directory once, even through a symlink loop), leaving out hidden files and Markdown notes', async () => {
    const dir = await scratchDir();
    const inner = await writeLogs({ 'app01.xml': [leakOn(APP)] });
    await writeFile(join(dir, 'SOURCES.md'), '# where these logs came from\n');
    await writeFile(join(dir, '.DS_Store'), 'junk');
    await symlink(inner, join(dir, 'servers'));
    await symlink(dir, join(inner, 'back-up-the-tree'));
    const result = await scanWithDefaults([dir]);
    expect(result.stats).toMatchObject({ files: 1, events: 1, errors: [] });
  });
});
