/**
 * Security log events of the corpus, drawn over the builders of security-events.ts and
 * process-audit-events.ts: logons and logoffs as corpus-sessions.ts draws them, failed logons, special
 * logons, processes started and ended — the bulk of any real collection.
 */
import type { Account, Host } from './corp-network.ts';
import { auditContext, newLogonId } from './corpus-audit.ts';
import { busyHost } from './corpus-sessions.ts';
import type { CorpusWorld, RoledEvent } from './corpus-world.ts';
import type { DataSpec, EventSpec } from './event-spec.ts';
import { processCreated, processExited } from './process-audit-events.ts';
import { securityLogonFailure, securitySpecialLogon, systemSubject, userSubject } from './security-events.ts';

export { accountLoggedOff, logoff, logon, logonSuccess, sessionEnd } from './corpus-logon-events.ts';

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

function subject(w: CorpusWorld, host: Host, system: boolean, who: Account): DataSpec[] {
  return system
    ? systemSubject(host.fqdn)
    : userSubject({ sid: who.sid, user: who.name, domain: who.domain, logonId: newLogonId(w) });
}

export function logonFailure(w: CorpusWorld, host: Host = busyHost(w)): EventSpec {
  const who = w.account();
  const from = w.host('ws');
  return securityLogonFailure({
    ...auditContext(w, host),
    user: w.rnd.chance(0.3) ? 'Administrátor' : who.name,
    subStatus: w.rnd.pick(['0xc000006a', '0xc0000064', '0xc0000072']),
    workstation: from.short,
    ipAddress: from.ip,
    ipPort: String(w.rnd.int(49152, 65535)),
  });
}

export function specialLogon(w: CorpusWorld, host: Host = w.host()): EventSpec {
  const ctx = auditContext(w, host);
  return securitySpecialLogon({
    ...ctx,
    subject: subject(w, host, w.rnd.chance(0.6), w.account()),
    privileges: PRIVILEGES.slice(0, w.rnd.int(4, PRIVILEGES.length)),
  });
}

export function processCreation(w: CorpusWorld, host: Host = w.host()): EventSpec {
  const who = w.account();
  const ctx = auditContext(w, host);
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

/**
 * Images that exit, by weight: short-lived tools and services; dllhost.exe (a COM+ application shut down
 * when idle, 3 minutes by default) and w3wp.exe (a recycled pool) are a few in a hundred, as dllhost is
 * 33 of the real corpus's 1,411 process starts (4688; it has no 4689).
 */
const EXITING: [number, string][] = [
  [30, 'C:\\Windows\\System32\\conhost.exe'],
  [25, 'C:\\Windows\\System32\\cmd.exe'],
  [20, 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe'],
  [8, 'C:\\Windows\\System32\\svchost.exe'],
  [5, 'C:\\Windows\\System32\\wbem\\WmiPrvSE.exe'],
  [5, 'C:\\Program Files\\Überwachung\\Agent\\monitor-agent.exe'],
  [3, 'C:\\Windows\\System32\\cscript.exe'],
  [2, 'C:\\Windows\\SysWOW64\\dllhost.exe'],
  [0.5, 'C:\\Windows\\System32\\inetsrv\\w3wp.exe'],
];

/** Security 4689; the exit of a dllhost.exe or w3wp.exe is restart evidence (issue 9 §2). */
export function processEnd(w: CorpusWorld, host: Host = w.host()): RoledEvent {
  const ctx = auditContext(w, host);
  const image = w.rnd.weighted(EXITING);
  const event = processExited({
    ...ctx,
    subject: subject(w, host, w.rnd.chance(0.5), w.account()),
    process: { pid: `0x${w.rnd.hex(4)}`, image },
    status: w.rnd.pick(['0x0', '0x0', '0x0', '0x1', '0xc000013a']),
  });
  return { event, role: /\\(dllhost|w3wp)\.exe$/.test(image) ? 'restart' : 'ordinary' };
}

export function processExit(w: CorpusWorld, host: Host = w.host()): EventSpec {
  return processEnd(w, host).event;
}
