import type { Incident } from '../correlation/incident.ts';
import { timeOnDayOf } from './alert-times.ts';

/** How a value from the logs is written into our own sentences (plain text, or chat inline code). */
export type Escape = (value: string | number | undefined) => string;

type Cause = NonNullable<Incident['cause']>;

/**
 * Logon types as Windows numbers them (SECURITY_LOGON_TYPE, ntsecapi.h, learn.microsoft.com), said the way on-call
 * thinks of them.
 */
const SessionKinds: Record<number, string> = {
  2: 'an interactive session',
  3: 'a network session',
  4: 'a batch session (a scheduled task)',
  5: 'a service session',
  7: 'a workstation unlock',
  8: 'a network session with a clear-text password',
  9: 'a session with other outbound credentials (runas /netonly)',
  10: 'a Remote Desktop session',
  11: 'an interactive session with cached credentials',
  12: 'a Remote Desktop session with cached credentials',
  13: 'a workstation unlock with cached credentials',
};

/** What kind of session ended: decides the advice. */
export type SessionUse = 'person' | 'task' | 'service' | 'other';

/** The logon type of the session that ended: the logon's, else the logoff's (4634 has it; 4647 has none). */
export function logonTypeOf(cause: Cause): number | undefined {
  return cause.logon?.logonType ?? cause.logoff.logonType;
}

export function sessionUse(cause: Cause): SessionUse {
  const type = logonTypeOf(cause);
  if (type === undefined) return cause.logoff.evidence.eventId === 4647 ? 'person' : 'other';
  if ([2, 7, 10, 11, 12, 13].includes(type)) return 'person';
  if (type === 4) return 'task';
  if (type === 5) return 'service';
  return 'other';
}

/**
 * "CORP\svc_orders logged off at 09:14:19 UTC: a Remote Desktop session (logon type 10) from 10.1.2.3 that began
 * at 08:02 UTC."
 */
export function causeSentence(cause: Cause, leakAt: string, quote: Escape): string {
  const { logoff, logon } = cause;
  const who = `${quote(logoff.account)} logged off at ${timeOnDayOf(logoff.time, leakAt, 'seconds')}`;
  const type = logonTypeOf(cause);
  if (type === undefined) {
    return logoff.evidence.eventId === 4647
      ? `${who} (Event 4647, a logoff the user started: an interactive or Remote Desktop session).`
      : `${who} (Event ${logoff.evidence.eventId}; the logon type is not known).`;
  }
  const kind = `${SessionKinds[type] ?? 'a session'} (logon type ${type})`;
  const ip = logon && shown(logon.ip) ? quote(logon.ip) : undefined;
  const station = logon && shown(logon.workstation) ? quote(logon.workstation) : undefined;
  const from = ip && station ? ` from ${ip} (${station})` : ip || station ? ` from ${ip ?? station}` : '';
  const began = logon ? ` that began at ${timeOnDayOf(logon.time, leakAt, 'minutes')}` : '';
  return `${who}: ${kind}${from}${began}.`;
}

/** Why that logoff broke the application, and how to keep it from happening again. */
export function causeAdvice(cause: Cause, host: string, quote: Escape): string[] {
  const account = quote(cause.logoff.account);
  switch (sessionUse(cause)) {
    case 'person':
      return [
        `Someone signed in to ${quote(host)} as ${account}, the identity the application runs as; signing out`,
        "made Windows unload that identity's hive under the running application. Do not sign in with it: give",
        `${account} the user rights "Deny log on locally" and "Deny log on through Remote Desktop Services".`,
      ];
    case 'task':
      return [
        `A scheduled task runs as ${account}, the identity the application runs as; when the task ended, Windows`,
        'unloaded the hive under the application. Run the task as another account.',
      ];
    case 'service':
      return [
        `A Windows service runs as ${account}, the identity the application runs as; when it stopped, Windows`,
        'unloaded the hive under the application. Give the service an account of its own.',
      ];
    default:
      return [
        `Something else used ${account} and ended its session just before the leak: find what logs on with it`,
        'besides the application, and give the application an identity of its own.',
      ];
  }
}

/** When no logoff was shipped: say so, and how to ship it. */
export function noCauseLines(incident: Pick<Incident, 'host' | 'sid'>, quote: Escape): string[] {
  return [
    `Not known: no logoff of ${quote(incident.sid)} before the leak was shipped from ${quote(incident.host)}.`,
    'Ship its Security log narrowed to events 4624, 4634 and 4647 (the configurations in shipping/ select them;',
    'see shipping/README.md), and the next alert names who logged off and from where.',
  ];
}

function shown(value: string | undefined): value is string {
  return value !== undefined && value !== '' && value !== '-';
}
