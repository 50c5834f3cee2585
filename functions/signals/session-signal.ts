import type { EventRecord } from '../reader/event-record.ts';
import {
  isSystemSid,
  LOGOFF_EVENTS,
  LOGON_EVENT,
  PROFILE_LOGON_TYPES,
  SECURITY_PROVIDER,
} from './detection-rules.ts';
import { dataOf, type EventLocation, evidenceOf, isFrom } from './event-evidence.ts';
import { shortHostName } from './host-name.ts';
import type { Logoff, Logon } from './signal.ts';

/**
 * Security 4624 / 4634 / 4647 of an identity whose hive the profile service can unload: not a system
 * SID, and (where the event has one) a logon type that loads the profile.
 */
export function sessionEvent(event: EventRecord, where: EventLocation): Logon | Logoff | undefined {
  const logon = event.eventId === LOGON_EVENT;
  if (!(logon || LOGOFF_EVENTS.has(event.eventId)) || !isFrom(event, SECURITY_PROVIDER)) return undefined;
  const sid = dataOf(event, 'TargetUserSid')?.trim();
  const logonId = normalLogonId(dataOf(event, 'TargetLogonId'));
  if (!sid || isSystemSid(sid) || logonId === undefined) return undefined;
  const typeText = dataOf(event, 'LogonType')?.trim();
  const logonType = typeText && /^\d+$/.test(typeText) ? Number(typeText) : undefined;
  // 4647 has no logon type (MS Learn event-4647); 4624 and 4634 always do.
  if (event.eventId !== 4647 && (logonType === undefined || !PROFILE_LOGON_TYPES.has(logonType)))
    return undefined;
  const fields = {
    host: shortHostName(event.computer),
    hostFqdn: event.computer,
    time: event.timeCreated,
    sid,
    account: accountOf(event),
    logonId,
    ...(logonType !== undefined ? { logonType } : {}),
    evidence: evidenceOf(event, where),
  };
  if (!logon) return { kind: 'logoff', ...fields };
  const ip = present(dataOf(event, 'IpAddress'));
  const workstation = present(dataOf(event, 'WorkstationName'));
  return { kind: 'logon', ...fields, ...(ip ? { ip } : {}), ...(workstation ? { workstation } : {}) };
}

/** `DOMAIN\user`, or the user alone when the event names no domain. */
function accountOf(event: EventRecord): string {
  const user = dataOf(event, 'TargetUserName')?.trim() ?? '';
  const domain = present(dataOf(event, 'TargetDomainName'));
  return domain ? `${domain}\\${user}` : user;
}

/** Windows writes `0x12d493`, libevtx `0x000000000012d493`: one lower-case form, no leading zeros. */
function normalLogonId(text: string | undefined): string | undefined {
  const m = /^0x([0-9a-f]+)$/i.exec(text?.trim() ?? '');
  if (!m) return undefined;
  return `0x${(m[1] as string).replace(/^0+(?=.)/, '').toLowerCase()}`;
}

/** Security events write `-` for an absent value. */
function present(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v && v !== '-' ? v : undefined;
}
