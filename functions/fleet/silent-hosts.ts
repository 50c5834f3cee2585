import { type FleetHost, type FleetNotice, noticesInOrder, silentKey } from './fleet-host.ts';

/**
 * What the clock makes of a host, decided once per silence (the store writes it with a condition on what was read):
 * - `silent`: it shipped before and nothing for `silentAfter`, and it is not silent already → notice `silent#n`;
 * - `back`: it is silent and an object arrived since → notice `back#n`, or, when the `silent#n` notice never left
 *   (pending, never tried), `cancel` it: the silence ended before anyone was told, so nobody needs either.
 * A new silence waits until every notice of the previous one was sent, so a host holds at most one silence's notices.
 */
export type FleetDecision =
  | { kind: 'silent'; host: string; n: number; seen: string; notice: FleetNotice; forget: string[] }
  | { kind: 'back'; host: string; n: number; seen: string; since: string; notice: FleetNotice }
  | { kind: 'cancel'; host: string; n: number; seen: string; since: string };

export function fleetDecision(host: FleetHost, now: Date, silentAfterMs: number): FleetDecision | undefined {
  const decidedAt = now.toISOString();
  const seq = Math.max(0, ...Object.values(host.notices).map((n) => n.seq)) + 1;
  if (host.silentSince === undefined) {
    if (Date.parse(host.lastSeenAt) + silentAfterMs > now.getTime()) return undefined;
    if (noticesInOrder(host).some(([, notice]) => notice.state !== 'sent')) return undefined;
    const n = host.silences + 1;
    return {
      kind: 'silent',
      host: host.host,
      n,
      seen: host.lastSeenAt,
      notice: {
        kind: 'host-silent',
        seq,
        state: 'pending',
        attempts: 0,
        decidedAt,
        lastSeenAt: host.lastSeenAt,
      },
      forget: Object.keys(host.notices),
    };
  }
  if (host.lastSeenAt <= host.silentSince) return undefined;
  const n = host.silences;
  const told = host.notices[silentKey(n)];
  const common = { host: host.host, n, seen: host.lastSeenAt, since: host.silentSince };
  if (told && told.state === 'pending' && told.attempts === 0) return { kind: 'cancel', ...common };
  return {
    kind: 'back',
    ...common,
    notice: {
      kind: 'host-back',
      seq,
      state: 'pending',
      attempts: 0,
      decidedAt,
      lastSeenAt: host.lastSeenAt,
      silentSince: host.silentSince,
    },
  };
}

/** The first notice due: pending (or claimed by an invocation whose lease ran out), every earlier one sent. */
export function dueNotice(
  host: Pick<FleetHost, 'notices'>,
  leaseExpiredBefore: string,
): [string, FleetNotice] | undefined {
  for (const [key, notice] of noticesInOrder(host)) {
    if (notice.state === 'sent') continue;
    if (notice.state === 'pending') return [key, notice];
    return (notice.claimedAt ?? '') < leaseExpiredBefore ? [key, notice] : undefined;
  }
  return undefined;
}
