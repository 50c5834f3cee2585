/**
 * Security log events of logons: the logon (4624) and logoff (4634/4647) of the account a COM+
 * application or app pool runs as, failed logons (4625) and the special privileges of a new logon
 * (4672). Field lists and order as real Windows writes them (../shared/corpus/real, Security.xml.gz).
 */
import type { DataSpec, EventSpec } from './event-spec.ts';

export const SECURITY_AUDITING = {
  name: 'Microsoft-Windows-Security-Auditing',
  guid: '{54849625-5478-4994-a5ba-3e3b0328c30d}',
};

export interface SecurityContext {
  computer: string;
  time: string;
  recordId: number;
  /** The Execution and Correlation Windows writes (lsass's pid); default pid 656, thread 7480, no activity. */
  auditor?: { processId: number; threadId: number; activityId?: string };
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

/** The machine account acting for the system, as the Subject of logons. */
export function systemSubject(computer: string): DataSpec[] {
  return [
    { name: 'SubjectUserSid', value: 'S-1-5-18' },
    { name: 'SubjectUserName', value: `${computer.split('.')[0]}$` },
    { name: 'SubjectDomainName', value: 'CORP' },
    { name: 'SubjectLogonId', value: '0x3e7' },
  ];
}

export function userSubject(who: Identity): DataSpec[] {
  return [
    { name: 'SubjectUserSid', value: who.sid },
    { name: 'SubjectUserName', value: who.user },
    { name: 'SubjectDomainName', value: who.domain ?? 'CORP' },
    { name: 'SubjectLogonId', value: who.logonId },
  ];
}

export interface LogonSpec extends SecurityContext, Identity {
  /** 2 interactive, 3 network, 4 batch, 5 service, 7 unlock, 10 RDP. */
  logonType: number;
  ipAddress?: string;
  /** Default 49731 when there is an address. */
  ipPort?: string;
  logonGuid?: string;
  /** Default `Kerberos` for network logons, `User32 ` otherwise. */
  logonProcess?: string;
  /** Default `Kerberos` for network logons, `Negotiate` otherwise (NTLM for NtLmSsp logons). */
  authenticationPackage?: string;
  /** Default `ADMIN-PC04` for RDP, `-` otherwise. */
  workstation?: string;
  /** The logon process's pid and image; defaults: none for network logons, svchost otherwise. */
  process?: { id: string; name: string };
  /**
   * Event version 2 (Windows Server 2016 on) ends with six more fields, ElevatedToken last; given,
   * they are written. The scenarios' logons leave them out.
   */
  elevatedToken?: boolean;
}

/** Security 4624: an account logged on. */
export function securityLogon(ctx: LogonSpec): EventSpec {
  const network = ctx.logonType === 3;
  const process = ctx.process ?? (network ? { id: '0x0', name: '-' } : undefined);
  const data = [
    ...systemSubject(ctx.computer),
    { name: 'TargetUserSid', value: ctx.sid },
    { name: 'TargetUserName', value: ctx.user },
    { name: 'TargetDomainName', value: ctx.domain ?? 'CORP' },
    { name: 'TargetLogonId', value: ctx.logonId },
    { name: 'LogonType', value: String(ctx.logonType) },
    { name: 'LogonProcessName', value: ctx.logonProcess ?? (network ? 'Kerberos' : 'User32 ') },
    {
      name: 'AuthenticationPackageName',
      value: ctx.authenticationPackage ?? (network ? 'Kerberos' : 'Negotiate'),
    },
    { name: 'WorkstationName', value: ctx.workstation ?? (ctx.logonType === 10 ? 'ADMIN-PC04' : '-') },
    { name: 'LogonGuid', value: ctx.logonGuid ?? '{00000000-0000-0000-0000-000000000000}' },
    { name: 'TransmittedServices', value: '-' },
    { name: 'LmPackageName', value: '-' },
    { name: 'KeyLength', value: '0' },
    { name: 'ProcessId', value: process?.id ?? '0x2b4' },
    { name: 'ProcessName', value: process?.name ?? 'C:\\Windows\\System32\\svchost.exe' },
    { name: 'IpAddress', value: ctx.ipAddress ?? '-' },
    { name: 'IpPort', value: ctx.ipPort ?? (ctx.ipAddress ? '49731' : '-') },
    { name: 'ImpersonationLevel', value: '%%1833' },
  ];
  if (ctx.elevatedToken !== undefined) {
    data.push(
      { name: 'RestrictedAdminMode', value: '-' },
      { name: 'TargetOutboundUserName', value: '-' },
      { name: 'TargetOutboundDomainName', value: '-' },
      { name: 'VirtualAccount', value: '%%1843' },
      { name: 'TargetLinkedLogonId', value: '0x0' },
      { name: 'ElevatedToken', value: ctx.elevatedToken ? '%%1842' : '%%1843' },
    );
  }
  return security(ctx, 4624, 12544, data, { version: 2 });
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

/** Security 4625: a logon failed (bad password, unknown user…); the target SID is the null SID. */
export function securityLogonFailure(
  ctx: SecurityContext & {
    user: string;
    subStatus: string;
    workstation: string;
    ipAddress: string;
    ipPort: string;
  },
): EventSpec {
  const data = [
    ...systemSubject(ctx.computer),
    { name: 'TargetUserSid', value: 'S-1-0-0' },
    { name: 'TargetUserName', value: ctx.user },
    { name: 'TargetDomainName', value: 'CORP' },
    { name: 'Status', value: '0xc000006d' },
    { name: 'FailureReason', value: '%%2313' },
    { name: 'SubStatus', value: ctx.subStatus },
    { name: 'LogonType', value: '3' },
    { name: 'LogonProcessName', value: 'NtLmSsp ' },
    { name: 'AuthenticationPackageName', value: 'NTLM' },
    { name: 'WorkstationName', value: ctx.workstation },
    { name: 'TransmittedServices', value: '-' },
    { name: 'LmPackageName', value: '-' },
    { name: 'KeyLength', value: '0' },
    { name: 'ProcessId', value: '0x0' },
    { name: 'ProcessName', value: '-' },
    { name: 'IpAddress', value: ctx.ipAddress },
    { name: 'IpPort', value: ctx.ipPort },
  ];
  return security(ctx, 4625, 12544, data, { failure: true });
}

/** Security 4672: special privileges assigned to a new logon; Windows separates them with CR LF and three tabs. */
export function securitySpecialLogon(
  ctx: SecurityContext & { subject: DataSpec[]; privileges: readonly string[] },
): EventSpec {
  const data = [...ctx.subject, { name: 'PrivilegeList', value: ctx.privileges.join('\r\n\t\t\t') }];
  return security(ctx, 4672, 12548, data);
}

/** The System part every Security-Auditing event shares. */
export function security(
  ctx: SecurityContext,
  eventId: number,
  task: number,
  data: DataSpec[],
  options: { version?: number; failure?: boolean } = {},
): EventSpec {
  return {
    provider: SECURITY_AUDITING,
    eventId,
    version: options.version ?? 0,
    level: 0,
    task,
    keywords: options.failure ? '0x8010000000000000' : '0x8020000000000000',
    timeCreated: ctx.time,
    recordId: ctx.recordId,
    ...(ctx.auditor?.activityId === undefined ? {} : { activityId: ctx.auditor.activityId }),
    channel: 'Security',
    computer: ctx.computer,
    processId: ctx.auditor?.processId ?? 656,
    threadId: ctx.auditor?.threadId ?? 7480,
    data,
  };
}
