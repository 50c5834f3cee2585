import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../../functions/reader/event-record.ts';
import { readEvents } from '../../functions/reader/read-events.ts';
import type { EventSpec } from '../../samples/event-spec.ts';
import { processCreated, processExited } from '../../samples/process-audit-events.ts';
import { EVENT_STYLES, renderFile } from '../../samples/render-events.ts';
import {
  securityLogoff,
  securityLogon,
  securityLogonFailure,
  securitySpecialLogon,
  systemSubject,
  userSid,
} from '../../samples/security-events.ts';

/**
 * The Security builders write what real Windows writes: Data names in order, Version, Task and Keywords
 * as in the real events under ../shared/corpus/real (named per test), read back by the real reader.
 */
const at = { computer: 'APP01.corp.example.net', time: '2026-11-20T07:59:29.1234567Z', recordId: 4711 };
const who = { sid: userSid(1107), user: 'svc_xrc', logonId: '0x5c2e91a' };
const subject = systemSubject(at.computer);

async function readBack(spec: EventSpec, style = EVENT_STYLES[0]): Promise<EventRecord> {
  for await (const item of readEvents(renderFile([spec], { style: style ?? 'wevtutil' }), {
    decode: 'all',
  })) {
    if (item.kind === 'event') return item.event;
  }
  throw new Error('no event read back');
}
const names = (event: EventRecord) => event.data.map((d) => d.name);
const header = (e: EventRecord) => [e.eventId, e.version, e.task, e.keywords];

describe('Security events as Windows writes them', () => {
  it('4624 version 2 (Server 2016 on) has the 27 Data of evtxexport/DeepBlueCLI_metasploit-psexec-pwshpayload.evtx.xml.gz', async () => {
    const event = await readBack(securityLogon({ ...at, ...who, logonType: 3, elevatedToken: true }));
    expect(header(event)).toEqual([4624, 2, 12544, '0x8020000000000000']);
    expect(names(event)).toEqual([
      ...['SubjectUserSid', 'SubjectUserName', 'SubjectDomainName', 'SubjectLogonId', 'TargetUserSid'],
      ...['TargetUserName', 'TargetDomainName', 'TargetLogonId', 'LogonType', 'LogonProcessName'],
      ...[
        'AuthenticationPackageName',
        'WorkstationName',
        'LogonGuid',
        'TransmittedServices',
        'LmPackageName',
      ],
      ...['KeyLength', 'ProcessId', 'ProcessName', 'IpAddress', 'IpPort', 'ImpersonationLevel'],
      ...['RestrictedAdminMode', 'TargetOutboundUserName', 'TargetOutboundDomainName', 'VirtualAccount'],
      ...['TargetLinkedLogonId', 'ElevatedToken'],
    ]);
    expect(event.data.at(-1)?.value).toBe('%%1842');
  });

  it('4624 without elevatedToken keeps the 21 Data the scenarios were written with', async () => {
    const event = await readBack(securityLogon({ ...at, ...who, logonType: 10, ipAddress: '10.20.1.44' }));
    expect(names(event)).toHaveLength(21);
    expect(names(event).at(-1)).toBe('ImpersonationLevel');
  });

  it('4625 has the 21 Data, task and failure keyword of evtxexport/DeepBlueCLI_smb-password-guessing-security.evtx.xml.gz', async () => {
    const spec = securityLogonFailure({
      ...at,
      user: 'administrator',
      subStatus: '0xc000006a',
      workstation: 'WS-07',
      ipAddress: '10.20.6.17',
      ipPort: '51234',
    });
    const event = await readBack(spec);
    expect(header(event)).toEqual([4625, 0, 12544, '0x8010000000000000']);
    expect(names(event)).toEqual([
      ...['SubjectUserSid', 'SubjectUserName', 'SubjectDomainName', 'SubjectLogonId', 'TargetUserSid'],
      ...['TargetUserName', 'TargetDomainName', 'Status', 'FailureReason', 'SubStatus', 'LogonType'],
      ...['LogonProcessName', 'AuthenticationPackageName', 'WorkstationName', 'TransmittedServices'],
      ...['LmPackageName', 'KeyLength', 'ProcessId', 'ProcessName', 'IpAddress', 'IpPort'],
    ]);
  });

  it('4634 ends with LogonType and 4647 does not (windows-export/Security.xml.gz)', async () => {
    const logoff = await readBack(securityLogoff({ ...at, ...who, eventId: 4634, logonType: 10 }));
    const userLogoff = await readBack(securityLogoff({ ...at, ...who, eventId: 4647 }));
    const target = ['TargetUserSid', 'TargetUserName', 'TargetDomainName', 'TargetLogonId'];
    expect([header(logoff), names(logoff)]).toEqual([
      [4634, 0, 12545, '0x8020000000000000'],
      [...target, 'LogonType'],
    ]);
    expect([header(userLogoff), names(userLogoff)]).toEqual([[4647, 0, 12545, '0x8020000000000000'], target]);
  });

  it('4672 lists privileges one per line, as in windows-export/Security.xml.gz', async () => {
    const spec = securitySpecialLogon({ ...at, subject, privileges: ['SeTcbPrivilege', 'SeDebugPrivilege'] });
    const event = await readBack(spec, 'libevtx');
    expect(header(event)).toEqual([4672, 0, 12548, '0x8020000000000000']);
    expect(names(event)).toEqual([...subject.map((d) => d.name), 'PrivilegeList']);
    expect(event.data.at(-1)?.value.split(/\r?\n\t\t\t/)).toEqual(['SeTcbPrivilege', 'SeDebugPrivilege']);
  });

  it('4688 version 2 has the 16 Data of windows-export/Security.xml.gz', async () => {
    const spec = processCreated({
      ...at,
      subject,
      process: { pid: '0x1f4c', image: 'C:\\Windows\\SysWOW64\\dllhost.exe' },
      parent: { pid: '0x2e8', image: 'C:\\Windows\\System32\\svchost.exe' },
      commandLine: 'C:\\Windows\\SysWOW64\\dllhost.exe /Processid:{3F2A9C10-7B1E-4C55-9E0A-2D41C7A0B8E3}',
      elevation: '%%1936',
      mandatoryLabel: 'S-1-16-16384',
    });
    const event = await readBack(spec);
    expect(header(event)).toEqual([4688, 2, 13312, '0x8020000000000000']);
    expect(names(event)).toEqual([
      ...subject.map((d) => d.name),
      ...[
        'NewProcessId',
        'NewProcessName',
        'TokenElevationType',
        'ProcessId',
        'CommandLine',
        'TargetUserSid',
      ],
      ...['TargetUserName', 'TargetDomainName', 'TargetLogonId', 'ParentProcessName', 'MandatoryLabel'],
    ]);
  });

  it('4689 has Subject, Status, ProcessId, ProcessName, task 13313, version 0 (learn.microsoft.com, event-4689)', async () => {
    const spec = processExited({
      ...at,
      subject,
      process: { pid: '0x1f4c', image: 'C:\\Windows\\SysWOW64\\dllhost.exe' },
      status: '0x0',
    });
    const event = await readBack(spec, 'fluent-bit');
    expect(header(event)).toEqual([4689, 0, 13313, '0x8020000000000000']);
    expect(names(event)).toEqual([...subject.map((d) => d.name), 'Status', 'ProcessId', 'ProcessName']);
    expect(event.data.slice(-2).map((d) => d.value)).toEqual([
      '0x1f4c',
      'C:\\Windows\\SysWOW64\\dllhost.exe',
    ]);
  });
});
