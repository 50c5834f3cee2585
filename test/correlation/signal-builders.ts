import { eventTimeToNs, nsToEventTime } from '../../functions/reader/event-time.ts';
import type { ActivationFailure, HiveLeak, Logoff, Logon, Restart } from '../../functions/signals/signal.ts';

/** The moment the scenarios' leak happens. */
export const T0 = '2026-11-17T11:00:00.123456700Z';

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** T0 shifted by a duration such as `+90s`, `-20m`, `+3d`. */
export function at(shift = '+0s', base = T0): string {
  const m = /^([+-])(\d+)(s|m|h|d)$/.exec(shift);
  if (!m) throw new Error(`bad shift ${shift}`);
  const ms = BigInt(Number(m[2]) * (UNIT_MS[m[3] ?? 's'] ?? 0)) * (m[1] === '-' ? -1n : 1n);
  return nsToEventTime(eventTimeToNs(base) + ms * 1_000_000n);
}

export function leak(o: {
  host?: string;
  fqdn?: string;
  time?: string;
  recordId: number;
  sid?: string;
  hive?: 'user' | 'classes';
  processes?: HiveLeak['processes'];
  source?: string;
  offset?: number;
}): HiveLeak {
  const host = o.host ?? 'app01';
  const fqdn = o.fqdn ?? `${host.toUpperCase()}.corp.example.net`;
  return {
    kind: 'leak',
    host,
    hostFqdn: fqdn,
    time: o.time ?? T0,
    sid: o.sid ?? 'S-1-5-21-1111-2222-3333-1004',
    hive: o.hive ?? 'classes',
    processes: o.processes ?? [
      { name: 'dllhost.exe', pid: 2428, path: '\\Device\\HarddiskVolume1\\Windows\\System32\\dllhost.exe' },
    ],
    handleCount: 3,
    evidence: {
      source: o.source ?? 'app01.xml',
      offset: o.offset ?? o.recordId * 1000,
      computer: fqdn,
      channel: 'Application',
      recordId: o.recordId,
      provider: 'Microsoft-Windows-User Profiles Service',
      eventId: 1530,
    },
  };
}

/** A DCOM 10006 logged on `reporter` naming `host`, or (reporter = host) a server-side 0x800703FA error. */
export function failure(o: {
  host?: string;
  reporter?: string;
  time?: string;
  recordId: number;
  clsid?: string;
  source?: string;
  offset?: number;
}): ActivationFailure {
  const host = o.host ?? 'app01';
  const reporter = o.reporter ?? 'ws01';
  const serverSide = reporter === host;
  const reporterFqdn = `${reporter.toUpperCase()}.corp.example.net`;
  return {
    kind: 'failure',
    host,
    hostAsNamed: host.toUpperCase(),
    reporter,
    reporterFqdn,
    time: o.time ?? at('+1h'),
    failure: serverSide ? 'server-error' : 'client-dcom-10006',
    errorText: serverSide ? 'Error Code = 0x800703fa : Illegal operation' : 'Unspecified error ',
    ...(o.clsid === undefined ? {} : { clsid: o.clsid }),
    evidence: {
      source: o.source ?? `${reporter}.xml`,
      offset: o.offset ?? o.recordId * 1000,
      computer: reporterFqdn,
      channel: serverSide ? 'Application' : 'System',
      recordId: o.recordId,
      provider: serverSide ? 'COM+' : 'Microsoft-Windows-DistributedCOM',
      eventId: serverSide ? 4689 : 10006,
    },
  };
}

/** A restart on `host`: the host itself (scope host) or a process (scope process, with pid). */
export function restart(o: {
  host?: string;
  time: string;
  recordId: number;
  scope?: Restart['scope'];
  pid?: number;
  image?: string;
  reason?: string;
  source?: string;
}): Restart {
  const host = o.host ?? 'app01';
  const fqdn = `${host.toUpperCase()}.corp.example.net`;
  const scope = o.scope ?? 'host';
  return {
    kind: 'restart',
    host,
    hostFqdn: fqdn,
    time: o.time,
    scope,
    reason: o.reason ?? (scope === 'host' ? 'host restarted' : 'app pool DefaultAppPool recycled'),
    ...(o.pid === undefined ? {} : { pid: o.pid }),
    ...(o.image === undefined ? {} : { image: o.image }),
    evidence: {
      source: o.source ?? `${host}-system.xml`,
      offset: o.recordId * 1000,
      computer: fqdn,
      channel: 'System',
      recordId: o.recordId,
      provider: scope === 'host' ? 'EventLog' : 'Microsoft-Windows-WAS',
      eventId: scope === 'host' ? 6005 : 5074,
    },
  };
}

/** A logon (4624) or logoff (4634) of `sid` on `host`. */
export function session(o: {
  kind: 'logon' | 'logoff';
  host?: string;
  time: string;
  recordId: number;
  sid?: string;
  logonId?: string;
  logonType?: number;
  ip?: string;
}): Logon | Logoff {
  const host = o.host ?? 'app01';
  const fqdn = `${host.toUpperCase()}.corp.example.net`;
  const common = {
    host,
    hostFqdn: fqdn,
    time: o.time,
    sid: o.sid ?? 'S-1-5-21-1111-2222-3333-1004',
    account: 'CORP\\svc_orders',
    logonId: o.logonId ?? '0x3e7a1f',
    ...(o.logonType === undefined ? {} : { logonType: o.logonType }),
    evidence: {
      source: `${host}-security.xml`,
      offset: o.recordId * 1000,
      computer: fqdn,
      channel: 'Security',
      recordId: o.recordId,
      provider: 'Microsoft-Windows-Security-Auditing',
      eventId: o.kind === 'logon' ? 4624 : 4634,
    },
  };
  return o.kind === 'logon'
    ? { kind: 'logon', ...common, ...(o.ip === undefined ? {} : { ip: o.ip }) }
    : { kind: 'logoff', ...common };
}
