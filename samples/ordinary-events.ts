/**
 * Layouts of ordinary events that both the scenarios' noise and the bench corpus draw (the makers choose
 * the values): SCM 7036, DCOM 10016, the User Profile Service's 1531/1532/1517 and Application Error 1000,
 * with the Qualifiers real exports show for them (../shared/corpus/real).
 */
import type { EventSpec, RenderingSpec } from './event-spec.ts';
import { DCOM_PROVIDER, PROFILE_SERVICE, SERVICE_CONTROL_MANAGER } from './providers.ts';

/** Where and when an event is written; Execution is left out when not given. */
export interface EventPlace {
  computer: string;
  time: string;
  recordId: number;
  processId?: number;
  threadId?: number;
}

/** A rendered message and the names Windows writes after it. */
export interface Rendered {
  message?: string;
  rendering?: RenderingSpec;
}

function placed(
  at: EventPlace & Rendered,
  channel: string,
): Pick<EventSpec, 'timeCreated' | 'recordId' | 'channel' | 'computer'> & Partial<EventSpec> {
  return {
    timeCreated: at.time,
    recordId: at.recordId,
    channel,
    computer: at.computer,
    ...(at.processId === undefined ? {} : { processId: at.processId }),
    ...(at.threadId === undefined ? {} : { threadId: at.threadId }),
    ...(at.message === undefined ? {} : { message: at.message }),
    ...(at.rendering === undefined ? {} : { rendering: at.rendering }),
  };
}

/** SCM 7036; its Binary is the service key and the new state, `wuauserv/4` (running) or `/1`, in UTF-16LE. */
export function serviceStateChanged(
  at: EventPlace & Rendered & { service: string; key: string; running: boolean; classic?: boolean },
): EventSpec {
  const state = at.running ? 'running' : 'stopped';
  return {
    provider: SERVICE_CONTROL_MANAGER,
    eventId: 7036,
    qualifiers: 16384,
    ...(at.classic ? { classic: true } : {}),
    keywords: '0x8080000000000000',
    ...placed(at, 'System'),
    data: at.classic
      ? [{ value: at.service }, { value: state }]
      : [
          { name: 'param1', value: at.service },
          { name: 'param2', value: state },
        ],
    binary: Buffer.from(`${at.key}/${at.running ? 4 : 1}\0`, 'utf16le')
      .toString('hex')
      .toUpperCase(),
  };
}

/** DCOM 10016: the application-specific permissions do not grant Local Activation to a user (param1…11). */
export function dcomPermissionDenied(
  at: EventPlace &
    Rendered & { clsid: string; appId: string; domain: string; user: string; sid: string; userId: string },
): EventSpec {
  const values = [
    'application-specific',
    'Local',
    'Activation',
    at.clsid,
    at.appId,
    at.domain,
    at.user,
    at.sid,
    'LocalHost (Using LRPC)',
    'Unavailable',
    'Unavailable',
  ];
  return {
    provider: DCOM_PROVIDER,
    eventId: 10016,
    qualifiers: 0,
    level: 3,
    keywords: '0x8080000000000000',
    ...placed(at, 'System'),
    userId: at.userId,
    data: values.map((value, i) => ({ name: `param${i + 1}`, value })),
  };
}

/** User Profile Service 1531 (started), 1532 (stopping) or 1517 (a hive saved while in use, naming its user). */
export function profileServiceEvent(
  at: EventPlace & { eventId: 1531 | 1532 | 1517; userSid?: string },
): EventSpec {
  return {
    provider: PROFILE_SERVICE,
    eventId: at.eventId,
    level: at.eventId === 1517 ? 3 : 4,
    keywords: '0x8000000000000000',
    ...placed(at, 'Application'),
    userId: 'S-1-5-18',
    data: at.userSid === undefined ? [] : [{ name: 'UserSid', value: at.userSid }],
  };
}

/** Application Error 1000: 15 unnamed Data (application, versions, module, exception code in the 7th, paths…). */
export function applicationCrashed(
  at: EventPlace & Rendered & { values: string[]; classic: boolean },
): EventSpec {
  return {
    provider: { name: 'Application Error' },
    eventId: 1000,
    qualifiers: 0,
    ...(at.classic ? { classic: true } : {}),
    level: 2,
    task: 100,
    ...placed(at, 'Application'),
    data: at.values.map((value) => ({ value })),
  };
}
