/**
 * Logons (4624) and logoffs (4634, 4647) of the corpus. A logon opens a session on its host and a later
 * logoff on that host ends one of the open sessions — same account, logon type and logon id, as Windows
 * ties them — so every kind of session ends as often as it starts, except SYSTEM's service logons, which
 * never log off. Kinds and rates: corpus-sessions.ts.
 */
import type { Account, Host } from './corp-network.ts';
import { auditContext, newLogonId } from './corpus-audit.ts';
import { busyHost, endingSession, type SessionKind, sessionKind } from './corpus-sessions.ts';
import type { CorpusWorld, RoledEvent } from './corpus-world.ts';
import type { EventSpec } from './event-spec.ts';
import { securityLogoff, securityLogon } from './security-events.ts';

interface OpenSession {
  kind: SessionKind;
  who: Account;
  logonId: string;
}

/** Open sessions per world and host; past this many, an old one is forgotten (a network session that never logged off). */
const OPEN_LIMIT = 4096;
const open = new WeakMap<CorpusWorld, Map<Host, OpenSession[]>>();

function sessionsOf(w: CorpusWorld, host: Host): OpenSession[] {
  const hosts = open.get(w) ?? new Map<Host, OpenSession[]>();
  open.set(w, hosts);
  const sessions = hosts.get(host) ?? [];
  hosts.set(host, sessions);
  return sessions;
}

/** Takes a random open session of `host`, or undefined when none is open. */
function takeSession(w: CorpusWorld, host: Host): OpenSession | undefined {
  const sessions = sessionsOf(w, host);
  if (sessions.length === 0) return undefined;
  const i = w.rnd.int(0, sessions.length - 1);
  const taken = sessions[i] as OpenSession;
  sessions[i] = sessions[sessions.length - 1] as OpenSession;
  sessions.pop();
  return taken;
}

/** Security 4624 of a session drawn as a busy server logs them; the role says whether it loads a profile. */
export function logon(w: CorpusWorld, host: Host = busyHost(w)): RoledEvent {
  const kind = sessionKind(w, host);
  const who = kind.who(w, host);
  const id = who.logonId ?? newLogonId(w);
  const peer = kind.from === 'client' ? w.host('ws') : w.host();
  const ip = { peer: peer.ip, client: peer.ip, local: '127.0.0.1', none: '-' }[kind.from];
  const ntlm = kind.authenticationPackage === 'NTLM';
  const event = securityLogon({
    ...auditContext(w, host),
    sid: who.sid,
    user: who.name,
    domain: who.domain,
    logonId: id,
    logonType: kind.logonType,
    logonProcess: kind.logonProcess,
    authenticationPackage: kind.authenticationPackage,
    workstation: kind.from === 'local' ? host.short : kind.from === 'client' || ntlm ? peer.short : '-',
    logonGuid: kind.authenticationPackage === 'Kerberos' ? w.rnd.guid() : undefined,
    process: { id: kind.process === '-' ? '0x0' : `0x${w.rnd.hex(3)}`, name: kind.process },
    ipAddress: ip,
    ipPort: ip === '-' ? '-' : String(kind.from === 'local' ? 0 : w.rnd.int(49152, 65535)),
    elevatedToken: w.rnd.chance(0.5),
  });
  if (kind.ends !== 'never') {
    const sessions = sessionsOf(w, host);
    if (sessions.length >= OPEN_LIMIT) takeSession(w, host);
    sessions.push({ kind, who, logonId: id });
  }
  return { event, role: kind.unloadsHive ? 'logon' : 'ordinary' };
}

export function logonSuccess(w: CorpusWorld, host: Host = busyHost(w)): EventSpec {
  return logon(w, host).event;
}

function ended(w: CorpusWorld, host: Host): OpenSession {
  const session = takeSession(w, host);
  if (session) return session;
  // Nothing open yet (the corpus starts mid-day): a session that began before it.
  const kind = endingSession(w, host);
  const who = kind.who(w, host);
  return { kind, who, logonId: who.logonId ?? newLogonId(w) };
}

function logoffEvent(w: CorpusWorld, host: Host, s: OpenSession, eventId: 4634 | 4647): EventSpec {
  return securityLogoff({
    ...auditContext(w, host),
    eventId,
    sid: s.who.sid,
    user: s.who.name,
    domain: s.who.domain,
    logonId: s.logonId,
    logonType: s.kind.logonType,
  });
}

/**
 * An open session of `host` ends: its 4634, after a 4647 when a user logs off interactively (MS Learn
 * event-4647). Roled as a logoff when it can unload the hive.
 */
export function sessionEnd(w: CorpusWorld, host: Host = busyHost(w, true)): RoledEvent[] {
  const session = ended(w, host);
  const role = session.kind.unloadsHive ? 'logoff' : 'ordinary';
  const ids: (4634 | 4647)[] = session.kind.ends === '4647+4634' ? [4647, 4634] : [4634];
  return ids.map((id) => ({ event: logoffEvent(w, host, session, id), role }));
}

/** One 4634 of an open session (the storm's noise takes single events: a 4647 before it is left out). */
export function logoff(w: CorpusWorld, host: Host = busyHost(w, true)): EventSpec {
  return logoffEvent(w, host, ended(w, host), 4634);
}

/** `who`'s session of `logonType` on `host` ends (4647 first for a console or RDP logoff): the logoff before a leak. */
export function accountLoggedOff(w: CorpusWorld, host: Host, who: Account, logonType: number): RoledEvent[] {
  const session: OpenSession = {
    kind: { ...endingSession(w, host), logonType },
    who,
    logonId: newLogonId(w),
  };
  const ids: (4634 | 4647)[] = logonType === 2 || logonType === 10 ? [4647, 4634] : [4634];
  return ids.map((id) => ({ event: logoffEvent(w, host, session, id), role: 'logoff' }));
}
