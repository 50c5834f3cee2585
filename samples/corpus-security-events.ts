/**
 * Security log noise of the corpus, drawn at random over the builders of security-events.ts and
 * process-audit-events.ts: logons of every type, failed logons, logoffs, special logons, processes
 * started and ended — the bulk of any real collection.
 */
import type { Account, Host } from './corp-network.ts';
import type { CorpusWorld } from './corpus-world.ts';
import type { DataSpec, EventSpec } from './event-spec.ts';
import { systemTimeOfTicks } from './event-spec.ts';
import { processCreated, processExited } from './process-audit-events.ts';
import {
  type SecurityContext,
  securityLogoff,
  securityLogon,
  securityLogonFailure,
  securitySpecialLogon,
  systemSubject,
  userSubject,
} from './security-events.ts';

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

const PRIVILEGES = [
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

function logonId(w: CorpusWorld): string {
  return `0x${w.rnd.hex(w.rnd.int(5, 8))}`;
}

/** Time, record id and lsass's Execution for the next Security event on `host`. */
function audit(w: CorpusWorld, host: Host): SecurityContext {
  return {
    computer: host.fqdn,
    time: systemTimeOfTicks(w.tick()),
    recordId: w.nextRecord(host, 'Security'),
    auditor: {
      processId: 652 + (host.short.length % 3) * 4,
      threadId: w.rnd.int(4, 30000) & ~3,
      ...(w.rnd.chance(0.7) ? { activityId: w.rnd.guid(true) } : {}),
    },
  };
}

function subject(w: CorpusWorld, host: Host, system: boolean, who: Account): DataSpec[] {
  return system
    ? systemSubject(host.fqdn)
    : userSubject({ sid: who.sid, user: who.name, domain: who.domain, logonId: logonId(w) });
}

export function logonSuccess(w: CorpusWorld, host: Host = w.host()): EventSpec {
  const who = w.account();
  const type = w.rnd.pick([2, 3, 3, 3, 5, 5, 7, 10]);
  const peer = w.host();
  const service = type === 5;
  const network = type === 3;
  return securityLogon({
    ...audit(w, host),
    sid: service ? 'S-1-5-18' : who.sid,
    user: service ? 'SYSTEM' : who.name,
    domain: service ? 'NT AUTHORITY' : who.domain,
    logonId: logonId(w),
    logonType: type,
    logonProcess: network ? 'Kerberos' : 'Advapi  ',
    workstation: network ? '-' : host.short,
    logonGuid: w.rnd.guid(),
    process: { id: `0x${w.rnd.hex(3)}`, name: network ? '-' : w.rnd.pick(PROCESSES) },
    ipAddress: network ? peer.ip : '-',
    ipPort: network ? String(w.rnd.int(49152, 65535)) : '-',
    elevatedToken: w.rnd.chance(0.5),
  });
}

export function logonFailure(w: CorpusWorld, host: Host = w.host()): EventSpec {
  const who = w.account();
  const from = w.host('ws');
  return securityLogonFailure({
    ...audit(w, host),
    user: w.rnd.chance(0.3) ? 'Administrátor' : who.name,
    subStatus: w.rnd.pick(['0xc000006a', '0xc0000064', '0xc0000072']),
    workstation: from.short,
    ipAddress: from.ip,
    ipPort: String(w.rnd.int(49152, 65535)),
  });
}

export function logoff(w: CorpusWorld, host: Host = w.host()): EventSpec {
  const who = w.account();
  const interactive = w.rnd.chance(0.2);
  return securityLogoff({
    ...audit(w, host),
    eventId: interactive ? 4647 : 4634,
    sid: who.sid,
    user: who.name,
    domain: who.domain,
    logonId: logonId(w),
    logonType: w.rnd.pick([2, 3, 5, 10]),
  });
}

export function specialLogon(w: CorpusWorld, host: Host = w.host()): EventSpec {
  const ctx = audit(w, host);
  return securitySpecialLogon({
    ...ctx,
    subject: subject(w, host, w.rnd.chance(0.6), w.account()),
    privileges: PRIVILEGES.slice(0, w.rnd.int(4, PRIVILEGES.length)),
  });
}

export function processCreation(w: CorpusWorld, host: Host = w.host()): EventSpec {
  const who = w.account();
  const ctx = audit(w, host);
  const command = w.rnd.pick(COMMANDS);
  const image = command.startsWith('"') ? command.slice(1, command.indexOf('"', 1)) : command.split(' ')[0];
  return processCreated({
    ...ctx,
    subject: subject(w, host, w.rnd.chance(0.5), who),
    process: { pid: `0x${w.rnd.hex(4)}`, image: image ?? command },
    elevation: w.rnd.pick(['%%1936', '%%1937', '%%1938']),
    parent: { pid: `0x${w.rnd.hex(3)}`, image: w.rnd.pick(PROCESSES) },
    commandLine: command,
    mandatoryLabel: w.rnd.pick(['S-1-16-16384', 'S-1-16-12288', 'S-1-16-8192']),
  });
}

export function processExit(w: CorpusWorld, host: Host = w.host()): EventSpec {
  const ctx = audit(w, host);
  return processExited({
    ...ctx,
    subject: subject(w, host, w.rnd.chance(0.5), w.account()),
    process: { pid: `0x${w.rnd.hex(4)}`, image: w.rnd.pick(PROCESSES) },
    status: w.rnd.pick(['0x0', '0x0', '0x0', '0x1', '0xc000013a']),
  });
}
