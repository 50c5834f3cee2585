import type { CorpusEvent } from './corpus-event.ts';
import type { Account, CorpusWorld, Host } from './corpus-world.ts';

/** Security log events with the named Data Windows writes (the bulk of any real collection). */
const AUDITING = {
  name: 'Microsoft-Windows-Security-Auditing',
  guid: '{54849625-5478-4994-a5ba-3e3b0328c30d}',
};
const NULL_SID = 'S-1-0-0';
const SYSTEM_SID = 'S-1-5-18';

const PROCESSES = [
  'C:\\Windows\\System32\\svchost.exe',
  'C:\\Windows\\System32\\services.exe',
  'C:\\Windows\\System32\\winlogon.exe',
  'C:\\Windows\\System32\\inetsrv\\w3wp.exe',
  'C:\\Windows\\SysWOW64\\dllhost.exe',
  'C:\\Program Files\\Microsoft SQL Server\\MSSQL15.MSSQLSERVER\\MSSQL\\Binn\\sqlservr.exe',
  'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
  'C:\\Windows\\System32\\cmd.exe',
  'C:\\Program Files\\Überwachung\\Agent\\monitor-agent.exe',
];

const COMMANDS = [
  'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule',
  'cmd.exe /c "del /q C:\\Windows\\Temp\\*.tmp & exit"',
  'powershell.exe -NoProfile -ExecutionPolicy Bypass -File "D:\\Scripts\\Rotate-Logs.ps1" -Days 30',
  '"C:\\Program Files\\Überwachung\\Agent\\monitor-agent.exe" --collect --interval=60',
  'C:\\Windows\\SysWOW64\\dllhost.exe /Processid:{3F2A9C10-7B1E-4C55-9E0A-2D41C7A0B8E3}',
  'c:\\windows\\system32\\inetsrv\\w3wp.exe -ap "ReportsPool" -v "v4.0" -l "webengine4.dll" -a \\\\.\\pipe\\iisipm',
  'net use \\\\FS01\\Ablage$ /persistent:no',
];

function logonId(w: CorpusWorld): string {
  return `0x${w.rnd.hex(w.rnd.int(5, 8))}`;
}

function subject(w: CorpusWorld, host: Host, system: boolean, who: Account) {
  return system
    ? [
        { name: 'SubjectUserSid', value: SYSTEM_SID },
        { name: 'SubjectUserName', value: `${host.short}$` },
        { name: 'SubjectDomainName', value: 'CORP' },
        { name: 'SubjectLogonId', value: '0x3e7' },
      ]
    : [
        { name: 'SubjectUserSid', value: who.sid },
        { name: 'SubjectUserName', value: who.name },
        { name: 'SubjectDomainName', value: who.domain },
        { name: 'SubjectLogonId', value: logonId(w) },
      ];
}

function audit(
  w: CorpusWorld,
  host: Host,
  id: number,
  task: number,
  version: number,
  ok = true,
): CorpusEvent {
  return w.base(host, 'Security', AUDITING, id, {
    level: 0,
    task,
    version,
    keywords: ok ? '0x8020000000000000' : '0x8010000000000000',
    activityId: w.rnd.chance(0.7) ? w.rnd.guid(true) : undefined,
    pid: 652 + (host.short.length % 3) * 4,
  });
}

export function logonSuccess(w: CorpusWorld): CorpusEvent {
  const host = w.host();
  const who = w.account();
  const type = w.rnd.pick([2, 3, 3, 3, 5, 5, 7, 10]);
  const e = audit(w, host, 4624, 12544, 2);
  const peer = w.host();
  e.eventData = {
    items: [
      ...subject(w, host, true, who),
      { name: 'TargetUserSid', value: type === 5 ? SYSTEM_SID : who.sid },
      { name: 'TargetUserName', value: type === 5 ? 'SYSTEM' : who.name },
      { name: 'TargetDomainName', value: type === 5 ? 'NT AUTHORITY' : who.domain },
      { name: 'TargetLogonId', value: logonId(w) },
      { name: 'LogonType', value: String(type) },
      { name: 'LogonProcessName', value: type === 3 ? 'Kerberos' : 'Advapi  ' },
      { name: 'AuthenticationPackageName', value: type === 3 ? 'Kerberos' : 'Negotiate' },
      { name: 'WorkstationName', value: type === 3 ? '-' : host.short },
      { name: 'LogonGuid', value: w.rnd.guid() },
      { name: 'TransmittedServices', value: '-' },
      { name: 'LmPackageName', value: '-' },
      { name: 'KeyLength', value: '0' },
      { name: 'ProcessId', value: `0x${w.rnd.hex(3)}` },
      { name: 'ProcessName', value: type === 3 ? '-' : w.rnd.pick(PROCESSES) },
      { name: 'IpAddress', value: type === 3 ? peer.ip : '-' },
      { name: 'IpPort', value: type === 3 ? String(w.rnd.int(49152, 65535)) : '-' },
      { name: 'ImpersonationLevel', value: '%%1833' },
      { name: 'RestrictedAdminMode', value: '-' },
      { name: 'TargetOutboundUserName', value: '-' },
      { name: 'TargetOutboundDomainName', value: '-' },
      { name: 'VirtualAccount', value: '%%1843' },
      { name: 'TargetLinkedLogonId', value: '0x0' },
      { name: 'ElevatedToken', value: w.rnd.pick(['%%1842', '%%1843']) },
    ],
  };
  return e;
}

export function logonFailure(w: CorpusWorld): CorpusEvent {
  const host = w.host();
  const who = w.account();
  const e = audit(w, host, 4625, 12544, 0, false);
  e.eventData = {
    items: [
      ...subject(w, host, true, who),
      { name: 'TargetUserSid', value: NULL_SID },
      { name: 'TargetUserName', value: w.rnd.chance(0.3) ? 'Administrátor' : who.name },
      { name: 'TargetDomainName', value: 'CORP' },
      { name: 'Status', value: '0xc000006d' },
      { name: 'FailureReason', value: '%%2313' },
      { name: 'SubStatus', value: w.rnd.pick(['0xc000006a', '0xc0000064', '0xc0000072']) },
      { name: 'LogonType', value: '3' },
      { name: 'LogonProcessName', value: 'NtLmSsp ' },
      { name: 'AuthenticationPackageName', value: 'NTLM' },
      { name: 'WorkstationName', value: w.host('ws').short },
      { name: 'TransmittedServices', value: '-' },
      { name: 'LmPackageName', value: '-' },
      { name: 'KeyLength', value: '0' },
      { name: 'ProcessId', value: '0x0' },
      { name: 'ProcessName', value: '-' },
      { name: 'IpAddress', value: w.host('ws').ip },
      { name: 'IpPort', value: String(w.rnd.int(49152, 65535)) },
    ],
  };
  return e;
}

export function logoff(w: CorpusWorld): CorpusEvent {
  const host = w.host();
  const who = w.account();
  const interactive = w.rnd.chance(0.2);
  const e = audit(w, host, interactive ? 4647 : 4634, 12545, 0);
  e.eventData = {
    items: [
      { name: 'TargetUserSid', value: who.sid },
      { name: 'TargetUserName', value: who.name },
      { name: 'TargetDomainName', value: who.domain },
      { name: 'TargetLogonId', value: logonId(w) },
      ...(interactive ? [] : [{ name: 'LogonType', value: String(w.rnd.pick([2, 3, 5, 10])) }]),
    ],
  };
  return e;
}

export function specialLogon(w: CorpusWorld): CorpusEvent {
  const host = w.host();
  const e = audit(w, host, 4672, 12548, 0);
  const privileges = [
    'SeAssignPrimaryTokenPrivilege',
    'SeTcbPrivilege',
    'SeSecurityPrivilege',
    'SeTakeOwnershipPrivilege',
    'SeLoadDriverPrivilege',
    'SeBackupPrivilege',
    'SeRestorePrivilege',
    'SeDebugPrivilege',
    'SeAuditPrivilege',
    'SeSystemEnvironmentPrivilege',
    'SeImpersonatePrivilege',
    'SeDelegateSessionUserImpersonatePrivilege',
  ];
  const count = w.rnd.int(4, privileges.length);
  e.eventData = {
    items: [
      ...subject(w, host, w.rnd.chance(0.6), w.account()),
      { name: 'PrivilegeList', value: privileges.slice(0, count).join('\r\n\t\t\t') },
    ],
  };
  return e;
}

export function processCreation(w: CorpusWorld): CorpusEvent {
  const host = w.host();
  const who = w.account();
  const e = audit(w, host, 4688, 13312, 2);
  const command = w.rnd.pick(COMMANDS);
  const image = command.startsWith('"') ? command.slice(1, command.indexOf('"', 1)) : command.split(' ')[0];
  e.eventData = {
    items: [
      ...subject(w, host, w.rnd.chance(0.5), who),
      { name: 'NewProcessId', value: `0x${w.rnd.hex(4)}` },
      { name: 'NewProcessName', value: image ?? command },
      { name: 'TokenElevationType', value: w.rnd.pick(['%%1936', '%%1937', '%%1938']) },
      { name: 'ProcessId', value: `0x${w.rnd.hex(3)}` },
      { name: 'CommandLine', value: command },
      { name: 'TargetUserSid', value: NULL_SID },
      { name: 'TargetUserName', value: '-' },
      { name: 'TargetDomainName', value: '-' },
      { name: 'TargetLogonId', value: '0x0' },
      { name: 'ParentProcessName', value: w.rnd.pick(PROCESSES) },
      { name: 'MandatoryLabel', value: w.rnd.pick(['S-1-16-16384', 'S-1-16-12288', 'S-1-16-8192']) },
    ],
  };
  return e;
}
