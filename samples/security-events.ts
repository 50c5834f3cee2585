/**
 * Security log events that name an identity (`TargetUserSid`): the logon of the account a COM+
 * application or app pool runs as, and the logoff that lets the profile service unload its hive.
 */
import type { EventSpec } from './event-spec.ts';

const SECURITY = {
  name: 'Microsoft-Windows-Security-Auditing',
  guid: '{54849625-5478-4994-a5ba-3e3b0328c30d}',
};

export interface SecurityContext {
  computer: string;
  time: string;
  recordId: number;
}

/** A domain user SID of the sample forest. */
export function userSid(rid: number): string {
  return `S-1-5-21-3623811015-3361044348-30300820-${rid}`;
}

export interface Identity {
  sid: string;
  user: string;
  domain?: string;
  /** Hex logon id tying a logoff to its logon, e.g. `0x3a81f2`. */
  logonId: string;
}

/** Security 4624: an account logged on (2 interactive, 3 network, 4 batch, 5 service, 10 RDP). */
export function securityLogon(
  ctx: SecurityContext & Identity & { logonType: number; ipAddress?: string; logonGuid?: string },
): EventSpec {
  const computerAccount = `${ctx.computer.split('.')[0]}$`;
  return security(ctx, 4624, 12544, [
    { name: 'SubjectUserSid', value: 'S-1-5-18' },
    { name: 'SubjectUserName', value: computerAccount },
    { name: 'SubjectDomainName', value: 'CORP' },
    { name: 'SubjectLogonId', value: '0x3e7' },
    { name: 'TargetUserSid', value: ctx.sid },
    { name: 'TargetUserName', value: ctx.user },
    { name: 'TargetDomainName', value: ctx.domain ?? 'CORP' },
    { name: 'TargetLogonId', value: ctx.logonId },
    { name: 'LogonType', value: String(ctx.logonType) },
    { name: 'LogonProcessName', value: ctx.logonType === 3 ? 'Kerberos' : 'User32 ' },
    { name: 'AuthenticationPackageName', value: ctx.logonType === 3 ? 'Kerberos' : 'Negotiate' },
    { name: 'WorkstationName', value: ctx.logonType === 10 ? 'ADMIN-PC04' : '-' },
    { name: 'LogonGuid', value: ctx.logonGuid ?? '{00000000-0000-0000-0000-000000000000}' },
    { name: 'TransmittedServices', value: '-' },
    { name: 'LmPackageName', value: '-' },
    { name: 'KeyLength', value: '0' },
    { name: 'ProcessId', value: ctx.logonType === 3 ? '0x0' : '0x2b4' },
    { name: 'ProcessName', value: ctx.logonType === 3 ? '-' : 'C:\\Windows\\System32\\svchost.exe' },
    { name: 'IpAddress', value: ctx.ipAddress ?? '-' },
    { name: 'IpPort', value: ctx.ipAddress ? '49731' : '-' },
    { name: 'ImpersonationLevel', value: '%%1833' },
  ]);
}

/** Security 4634 (logoff) or 4647 (user initiated logoff): `TargetUserSid` names the identity. */
export function securityLogoff(
  ctx: SecurityContext & Identity & { eventId: 4634 | 4647; logonType?: number },
): EventSpec {
  const data = [
    { name: 'TargetUserSid', value: ctx.sid },
    { name: 'TargetUserName', value: ctx.user },
    { name: 'TargetDomainName', value: ctx.domain ?? 'CORP' },
    { name: 'TargetLogonId', value: ctx.logonId },
  ];
  if (ctx.eventId === 4634) data.push({ name: 'LogonType', value: String(ctx.logonType ?? 3) });
  return security(ctx, ctx.eventId, 12545, data);
}

function security(ctx: SecurityContext, eventId: number, task: number, data: EventSpec['data']): EventSpec {
  return {
    provider: SECURITY,
    eventId,
    version: eventId === 4624 ? 2 : 0,
    level: 0,
    task,
    keywords: '0x8020000000000000',
    timeCreated: ctx.time,
    recordId: ctx.recordId,
    channel: 'Security',
    computer: ctx.computer,
    processId: 656,
    threadId: 7480,
    data,
  };
}
