import { describe, expect, it } from 'vitest';
import { shortHostName } from '../../functions/signals/host-name.ts';
import { event, leakEvent, signalsOf } from './signal-test-events.ts';

const SID = 'S-1-5-21-1111111111-2222222222-3333333333-1004';

describe('shortHostName', () => {
  it.each([
    ['APP01', 'app01'],
    ['app01.corp.example.net', 'app01'],
    ['\\\\APP01', 'app01'],
    ['  App01.Corp.Example.Net ', 'app01'],
    ['10.1.2.3', '10.1.2.3'],
    ['fe80::1', 'fe80::1'],
  ])('%s is %s', (name, short) => expect(shortHostName(name)).toBe(short));
});

describe('hive leak (Event 1530)', () => {
  it('names every dllhost/w3wp process once, with pid and path, the SID, the hive and the handle count', async () => {
    const detail = [
      `3 user registry handles leaked from \\Registry\\User\\${SID}_Classes:`,
      `Process 2428 (\\Device\\HarddiskVolume1\\Windows\\System32\\dllhost.exe) has opened key \\REGISTRY\\USER\\${SID}_CLASSES`,
      `Process 884 (\\Device\\HarddiskVolume1\\Windows\\System32\\svchost.exe) has opened key \\REGISTRY\\USER\\${SID}_CLASSES\\CLSID`,
      `Process 2428 (\\Device\\HarddiskVolume1\\Windows\\System32\\dllhost.exe) has opened key \\REGISTRY\\USER\\${SID}_CLASSES\\Interface`,
      '',
    ].join('\n');
    const [leak] = await signalsOf(leakEvent('APP01.corp.example.net', detail));
    expect(leak).toMatchObject({
      kind: 'leak',
      host: 'app01',
      hostFqdn: 'APP01.corp.example.net',
      sid: SID,
      hive: 'classes',
      handleCount: 3,
      time: '2026-11-17T11:00:00.123456700Z',
      processes: [
        { name: 'dllhost.exe', pid: 2428, path: '\\Device\\HarddiskVolume1\\Windows\\System32\\dllhost.exe' },
      ],
    });
  });

  it('32-bit dllhost under SysWOW64 in upper case, and w3wp under a path with parentheses, are leaks', async () => {
    const detail = [
      `2 user registry handles leaked from \\Registry\\User\\${SID}:`,
      `Process 5120 (\\DEVICE\\HARDDISKVOLUME2\\WINDOWS\\SYSWOW64\\DLLHOST.EXE) has opened key \\REGISTRY\\USER\\${SID}`,
      `Process 77 (\\Device\\HarddiskVolume2\\Program Files (x86)\\IIS\\w3wp.exe) has opened key \\REGISTRY\\USER\\${SID}\\Software`,
    ].join('\n');
    const [leak] = await signalsOf(leakEvent('WEB01', detail));
    expect(leak?.kind === 'leak' && leak.processes.map((p) => [p.name, p.pid])).toEqual([
      ['dllhost.exe', 5120],
      ['w3wp.exe', 77],
    ]);
    expect(leak).toMatchObject({ hive: 'user', sid: SID });
  });

  it('a 1530 naming only svchost, winlogon or a dllhost look-alike raises nothing', async () => {
    const detail = [
      `2 user registry handles leaked from \\Registry\\User\\${SID}:`,
      `Process 884 (\\Device\\HarddiskVolume1\\Windows\\System32\\svchost.exe) has opened key \\REGISTRY\\USER\\${SID}`,
      `Process 885 (\\Device\\HarddiskVolume1\\Tools\\notdllhost.exe) has opened key \\REGISTRY\\USER\\${SID}`,
    ].join('\n');
    expect(await signalsOf(leakEvent('APP01', detail))).toEqual([]);
  });

  it('a 1530 of another provider is no leak', async () => {
    const xml = event({
      provider: 'Some-Other-Provider',
      id: 1530,
      computer: 'APP01',
      data: `<Data>1 user registry handles leaked from \\Registry\\User\\${SID}:\nProcess 1 (\\Windows\\dllhost.exe) has opened key X</Data>`,
    });
    expect(await signalsOf(xml)).toEqual([]);
  });
});

describe('activation failure', () => {
  it('DCOM 10006 on a client names the server from param2, keeps the error text and CLSID', async () => {
    const xml = event({
      provider: 'Microsoft-Windows-DistributedCOM',
      source: 'DCOM',
      id: 10006,
      channel: 'System',
      computer: 'CLIENT7.corp.example.net',
      data: "<Data Name='param1'>Unspecified error </Data><Data Name='param2'>\\\\APP01</Data><Data Name='param3'>{9b1f5c1e-0000-4f5b-9b2c-123456789abc}</Data>",
    });
    expect(await signalsOf(xml)).toEqual([
      expect.objectContaining({
        kind: 'failure',
        failure: 'client-dcom-10006',
        host: 'app01',
        hostAsNamed: '\\\\APP01',
        reporter: 'client7',
        errorText: 'Unspecified error',
        clsid: '{9B1F5C1E-0000-4F5B-9B2C-123456789ABC}',
      }),
    ]);
  });

  it('classic DCOM 10006 with unnamed Data reads the server from the second Data', async () => {
    const xml = event({
      provider: 'DCOM',
      id: 10006,
      computer: 'CLIENT1',
      data: '<Data>Unspecified error </Data><Data>app01.corp.example.net</Data><Data>{9B1F5C1E-0000-4F5B-9B2C-123456789ABC}</Data>',
    });
    expect((await signalsOf(xml))[0]).toMatchObject({ host: 'app01', reporter: 'client1' });
  });

  it('ASP.NET 1309 with unnamed Data is a server-side failure naming w3wp and the CLSID', async () => {
    const data = Array.from({ length: 30 }, (_, i) => {
      if (i === 13) return '<Data>4242</Data>';
      if (i === 14) return '<Data>w3wp.exe</Data>';
      if (i === 18)
        return '<Data>Retrieving the COM class factory for component with CLSID {0E3A5B88-1111-2222-3333-444455556666} failed due to the following error: 800703fa Illegal operation attempted on a registry key that has been marked for deletion. (Exception from HRESULT: 0x800703FA).</Data>';
      return `<Data>field ${i}</Data>`;
    }).join('');
    const xml = event({
      provider: 'ASP.NET 4.0.30319.0',
      id: 1309,
      computer: 'WEB01.corp.example.net',
      data,
    });
    expect((await signalsOf(xml))[0]).toMatchObject({
      failure: 'server-error',
      host: 'web01',
      reporter: 'web01',
      clsid: '{0E3A5B88-1111-2222-3333-444455556666}',
      process: { name: 'w3wp.exe', pid: 4242 },
    });
  });

  it('failure text counts in any case and in UserData, the rendered Message or UTF-16 Binary', async () => {
    const variants = [
      event({
        provider: 'COM+',
        id: 4689,
        computer: 'APP01',
        data: '<Data>Error Code = 0x800703FA : Illegal…</Data>',
      }),
      event({
        provider: 'X',
        id: 1,
        computer: 'APP01',
        userData: '<Info><Code>ERROR_KEY_DELETED</Code></Info>',
      }),
      event({ provider: 'X', id: 2, computer: 'APP01', message: 'Key Marked For Deletion' }),
      event({
        provider: 'X',
        id: 3,
        computer: 'APP01',
        data: `<Binary>${Buffer.from('HRESULT 0x800703fa', 'utf16le').toString('hex').toUpperCase()}</Binary>`,
      }),
    ];
    for (const xml of variants) {
      expect(await signalsOf(xml)).toEqual([
        expect.objectContaining({ failure: 'server-error', host: 'app01' }),
      ]);
    }
  });

  it('near misses raise nothing: another HRESULT, "deleted" alone, DCOM 10016 noise', async () => {
    const variants = [
      event({
        provider: 'COM+',
        id: 4689,
        computer: 'APP01',
        data: '<Data>Error Code = 0x80070005 access denied</Data>',
      }),
      event({ provider: 'X', id: 1, computer: 'APP01', data: '<Data>the key was deleted</Data>' }),
      event({
        provider: 'Microsoft-Windows-DistributedCOM',
        id: 10016,
        computer: 'APP01',
        data: "<Data Name='param1'>application-specific</Data><Data Name='param2'>APP02</Data>",
      }),
    ];
    for (const xml of variants) expect(await signalsOf(xml)).toEqual([]);
  });

  it('control characters in Data do not lose the event', async () => {
    const xml = event({
      provider: 'COM+',
      id: 4689,
      computer: 'APP01',
      data: '<Data>Server Application Name: XRC\u0001\u0013\nError Code = 0x800703fa : marked for deletion</Data>',
    });
    expect(await signalsOf(xml)).toHaveLength(1);
  });
});
