/**
 * Logons as a busy server's Security log holds them (issue 9 §3): most are SYSTEM service logons and
 * network logons, which never unload a hive; a few are the interactive, RDP, batch or service logons
 * of the identity a COM+ application runs as. Proportions follow corpus/real (4624: 261 SYSTEM type 5,
 * 53 SYSTEM type 3, ~170 domain-user type 3 against ~20 user logons of types 2/5/10/11).
 */
import type { EventSpec } from './event-spec.ts';
import { securityLogoff, securityLogon, userSid } from './security-events.ts';
import type { SeededRandom } from './seeded-random.ts';

export interface LogonContext {
  computer: string;
  time: string;
  recordId: number;
}

/** One Security event of the kinds above, drawn by the proportions of a real Security log. */
export function securityTraffic(rng: SeededRandom, ctx: LogonContext): EventSpec {
  const roll = rng.next();
  const logonId = `0x${rng.hex(6)}`;
  if (roll < 0.45) {
    // SYSTEM starting a service: S-1-5-18, type 5, logon id 0x3e7 (real corpus 4624).
    return securityLogon({
      ...ctx,
      sid: 'S-1-5-18',
      user: 'SYSTEM',
      domain: 'NT AUTHORITY',
      logonId: '0x3e7',
      logonType: 5,
    });
  }
  const user = rng.pick(['jdoe', 'asmith', 'svc_backup', 'mgarcia', 'svc_orders']);
  const sid = userSid(rng.int(1100, 1180));
  if (roll < 0.8) {
    return securityLogon({
      ...ctx,
      sid,
      user,
      logonId,
      logonType: 3,
      ipAddress: `10.20.${rng.int(1, 9)}.${rng.int(2, 250)}`,
    });
  }
  if (roll < 0.95) return securityLogoff({ ...ctx, eventId: 4634, sid, user, logonId, logonType: 3 });
  if (roll < 0.98) {
    return securityLogon({
      ...ctx,
      sid,
      user,
      logonId,
      logonType: rng.pick([2, 4, 5, 10]),
      ipAddress: '10.1.2.3',
    });
  }
  return securityLogoff({
    ...ctx,
    eventId: rng.pick([4634, 4647] as const),
    sid,
    user,
    logonId,
    logonType: 10,
  });
}
