import { z } from 'zod';
import { eventTimeToNs } from '../reader/event-time.ts';
import {
  byTimeThenEvent,
  eventKey,
  type Logoff,
  LogoffSchema,
  type Logon,
  LogonSchema,
} from '../signals/signal.ts';

/** Logons and logoffs kept per identity: the latest ones (latest-N per key merges exactly, whatever the order). */
export const SESSIONS_PER_IDENTITY = 8;

/** The recent logons and logoffs of one identity (SID) on a host: enough to name the logoff behind a leak. */
export const IdentitySchema = z.object({
  /** Upper case: the 1530's hive path and the Security log may write it in different cases. */
  sid: z.string(),
  logons: z.array(LogonSchema),
  logoffs: z.array(LogoffSchema),
});
export type Identity = z.infer<typeof IdentitySchema>;

export function identityOf(signal: Logon | Logoff): Identity {
  return {
    sid: signal.sid.toUpperCase(),
    logons: signal.kind === 'logon' ? [signal] : [],
    logoffs: signal.kind === 'logoff' ? [signal] : [],
  };
}

/** Identities as one list by SID, each keeping its latest SESSIONS_PER_IDENTITY logons and logoffs. */
export function mergeIdentities(identities: readonly Identity[]): Identity[] {
  const bySid = new Map<string, Identity>();
  for (const identity of identities) {
    const seen = bySid.get(identity.sid);
    bySid.set(
      identity.sid,
      seen
        ? {
            sid: identity.sid,
            logons: latestDistinct([...seen.logons, ...identity.logons]),
            logoffs: latestDistinct([...seen.logoffs, ...identity.logoffs]),
          }
        : {
            sid: identity.sid,
            logons: latestDistinct(identity.logons),
            logoffs: latestDistinct(identity.logoffs),
          },
    );
  }
  return [...bySid.values()].sort((a, b) => (a.sid < b.sid ? -1 : a.sid > b.sid ? 1 : 0));
}

function latestDistinct<T extends Logon | Logoff>(items: readonly T[]): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) if (!byKey.has(eventKey(item))) byKey.set(eventKey(item), item);
  return [...byKey.values()].sort(byTimeThenEvent).slice(-SESSIONS_PER_IDENTITY);
}

/** The logoff behind a leak, with the logon that began that session where it was seen. */
export interface LogoffCause {
  logoff: Logoff;
  logon?: Logon;
}

/**
 * The last logoff of `sid` at or before `time` (the 1530 follows its logoff by seconds) and no more than `withinMs`
 * before it; with the logon of the same session (TargetLogonId) when one was seen.
 */
export function logoffBefore(
  identities: readonly Identity[],
  sid: string,
  time: string,
  withinMs: number,
): LogoffCause | undefined {
  const identity = identities.find((i) => i.sid === sid.toUpperCase());
  if (!identity) return undefined;
  const earliest = eventTimeToNs(time) - BigInt(withinMs) * 1_000_000n;
  const logoff = identity.logoffs.filter((l) => l.time <= time && eventTimeToNs(l.time) >= earliest).at(-1);
  if (!logoff) return undefined;
  const logon = identity.logons.filter((l) => l.logonId === logoff.logonId && l.time <= logoff.time).at(-1);
  return logon ? { logoff, logon } : { logoff };
}
