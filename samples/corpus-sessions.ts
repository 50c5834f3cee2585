/**
 * How accounts log on to the corpus's hosts (issue 9 §3), by host role, as real Security logs hold them:
 * - MS Learn event-4624: written on the computer accessed; types 2 interactive, 3 network (shares, RPC,
 *   IIS with Windows authentication), 4 batch (scheduled tasks), 5 service, 7 unlock, 8 network cleartext
 *   (IIS basic authentication), 9 new credentials, 10 remote interactive (RDP), 11 cached interactive.
 * - MS Learn event-4647: typical of Interactive and RemoteInteractive logoffs, and followed by the 4634.
 * - corpus/real: evtxexport's 4624s are 231 of 264 network logons, 14 SYSTEM service logons, and only 10
 *   with a user SID and a profile-loading type (2, 5, 10, 11) — in attack-lab captures; windows-export (one
 *   Windows 11 machine over 6 days) has 257 of 293 SYSTEM service logons, 22 DWM/UMFD type 2, 10 user
 *   type 2, and of its 14 4634s 12 are DWM/UMFD; its three 4647s are console logoffs.
 * So a busy server writes network logons of users and computers by the thousand, SYSTEM starting services
 * (which never logs off), and a handful a day of sessions that load a profile: a scheduled task as a
 * service account, an administrator's RDP or console session, a service running as a domain account.
 * Workstations add console, cached and unlock logons of their user.
 */
import { type Account, CORP_ACCOUNTS, type Host, machineAccount, WELL_KNOWN } from './corp-network.ts';
import type { CorpusWorld } from './corpus-world.ts';

export interface SessionKind {
  logonType: number;
  /** Who logs on this way to `host`. */
  who: (w: CorpusWorld, host: Host) => Account & { logonId?: string };
  /** Ground truth: a real account's profile is loaded, so its logoff can unload the hive. */
  unloadsHive: boolean;
  /** What Windows writes when it ends: nothing (SYSTEM's service logons), 4634, or 4647 then 4634. */
  ends: 'never' | '4634' | '4647+4634';
  logonProcess: string;
  authenticationPackage: string;
  /** The logon process's image, `-` for network logons. */
  process: string;
  /** Network logons come from a peer (its address); local ones from the host itself. */
  from: 'peer' | 'local' | 'client' | 'none';
}

const named = (pattern: RegExp) => CORP_ACCOUNTS.filter((a) => pattern.test(a.name));
const PEOPLE = named(/^(?!svc_|administrator$|helpdesk)/);
const SERVICE_ACCOUNTS = named(/^svc_/);
const ADMINS = named(/^(administrator|helpdesk01)$/);
const SCHEDULED = named(/^svc_(backup|reports)$/);

const WINLOGON = 'C:\\Windows\\System32\\winlogon.exe';
const SERVICES = 'C:\\Windows\\System32\\services.exe';
const SVCHOST = 'C:\\Windows\\System32\\svchost.exe';

const network = (who: SessionKind['who']): SessionKind => ({
  logonType: 3,
  who,
  unloadsHive: false,
  ends: '4634',
  logonProcess: 'Kerberos',
  authenticationPackage: 'Kerberos',
  process: '-',
  from: 'peer',
});
const service = (who: SessionKind['who'], unloadsHive: boolean): SessionKind => ({
  logonType: 5,
  who,
  unloadsHive,
  ends: unloadsHive ? '4634' : 'never',
  logonProcess: 'Advapi  ',
  authenticationPackage: 'Negotiate',
  process: SERVICES,
  from: 'none',
});
const atConsole = (logonType: number, who: SessionKind['who'], unloadsHive: boolean): SessionKind => ({
  logonType,
  who,
  unloadsHive,
  ends: unloadsHive ? '4647+4634' : '4634',
  logonProcess: 'User32 ',
  authenticationPackage: 'Negotiate',
  process: WINLOGON,
  from: logonType === 10 ? 'client' : 'local',
});

const pickFrom =
  (accounts: readonly Account[]): SessionKind['who'] =>
  (w) =>
    w.rnd.pick(accounts);
const anyAccount: SessionKind['who'] = (w) => w.account();
const peerMachine: SessionKind['who'] = (w) => machineAccount(w.host());

/** Per 1,000 logons of a server: 1.2% load a profile (batch 0.8%, RDP 0.2%, console and domain service 0.1% each). */
const SERVER: [number, SessionKind][] = [
  [560, network(anyAccount)],
  [300, network(peerMachine)],
  [20, { ...network(() => WELL_KNOWN.anonymous), logonProcess: 'NtLmSsp ', authenticationPackage: 'NTLM' }],
  [80, service(() => WELL_KNOWN.system, false)],
  [25, service((w) => w.rnd.pick([WELL_KNOWN.localService, WELL_KNOWN.networkService]), false)],
  [2, { ...network(anyAccount), logonType: 8, logonProcess: 'Advapi  ', authenticationPackage: 'Negotiate' }],
  [1, { ...atConsole(9, pickFrom(ADMINS), false), logonProcess: 'seclogo', process: SVCHOST }],
  [8, { ...service(pickFrom(SCHEDULED), true), logonType: 4, process: SVCHOST }],
  [2, atConsole(10, pickFrom(ADMINS), true)],
  [1, atConsole(2, pickFrom(ADMINS), true)],
  [1, service(pickFrom(SERVICE_ACCOUNTS), true)],
];

/** Per 1,000 logons of a workstation: SYSTEM's services, network logons, and its user at the console (6%). */
const WORKSTATION: [number, SessionKind][] = [
  [500, service(() => WELL_KNOWN.system, false)],
  [100, service((w) => w.rnd.pick([WELL_KNOWN.localService, WELL_KNOWN.networkService]), false)],
  [250, network(anyAccount)],
  [10, atConsole(2, (w) => w.rnd.pick([WELL_KNOWN.windowManager, WELL_KNOWN.fontDriver]), false)],
  [80, { ...atConsole(7, pickFrom(PEOPLE), false), ends: '4634' }],
  [40, atConsole(2, pickFrom(PEOPLE), true)],
  [20, atConsole(11, pickFrom(PEOPLE), true)],
];

export function sessionKind(w: CorpusWorld, host: Host): SessionKind {
  return w.rnd.weighted(tableOf(host.role));
}

/** A session that ends, drawn as often as such sessions start (SYSTEM's service logons never do). */
export function endingSession(w: CorpusWorld, host: Host): SessionKind {
  return w.rnd.weighted(tableOf(host.role).filter(([, kind]) => kind.ends !== 'never'));
}

const tableOf = (role: Host['role']) => (role === 'ws' ? WORKSTATION : SERVER);
const total = (table: [number, SessionKind][]) => table.reduce((n, [weight]) => n + weight, 0);
/** The share of a role's logons that ever log off (60% of a workstation's are SYSTEM's, 10% of a server's). */
const endingShare = (role: Host['role']) =>
  total(tableOf(role).filter(([, kind]) => kind.ends !== 'never')) / total(tableOf(role));

/** Security events by host role: domain controllers and file servers authenticate the whole network; a workstation logs little. */
const SECURITY_VOLUME: [number, Host['role']][] = [
  [30, 'dc'],
  [25, 'file'],
  [15, 'web'],
  [15, 'app'],
  [10, 'sql'],
  [5, 'ws'],
];
const LOGOFF_VOLUME: [number, Host['role']][] = SECURITY_VOLUME.map(([n, role]) => [
  n * endingShare(role),
  role,
]);

/** Where a Security event of the collection comes from; `logoff`: where a session ends, as often as sessions there end. */
export function busyHost(w: CorpusWorld, logoff = false): Host {
  return w.host(w.rnd.weighted(logoff ? LOGOFF_VOLUME : SECURITY_VOLUME));
}
