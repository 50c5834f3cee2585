/**
 * The ordinary events of a fleet host, from the corpus makers pinned to the host and to times the fleet chooses:
 * Security mostly service and network logons (logon-events.ts, in a real log's proportions), services, DCOM and
 * policy in System, application chatter and look-alikes of the failure in Application. Nothing here restarts a host
 * or an application at random: those are planted (fleet-planted.ts), so the facts stay exact.
 */

import type { Host } from './corp-network.ts';
import * as app from './corpus-application-events.ts';
import { nearMissText } from './corpus-near-misses.ts';
import * as ops from './corpus-operational-events.ts';
import * as security from './corpus-security-events.ts';
import { CorpusWorld } from './corpus-world.ts';
import type { EventSpec } from './event-spec.ts';
import { systemTimeOfTicks } from './event-spec.ts';
import type { FleetHost } from './fleet-hosts.ts';
import { securityTraffic } from './logon-events.ts';
import { profileServiceEvent } from './ordinary-events.ts';
import type { SeededRandom } from './seeded-random.ts';
import type { NoiseChannel } from './storm-plan.ts';
import { hostNoise } from './system-noise.ts';

export type { NoiseChannel } from './storm-plan.ts';

type Maker = (w: CorpusWorld, host: FleetHost) => EventSpec;

const place = (w: CorpusWorld, host: FleetHost) => ({
  computer: host.fqdn,
  time: systemTimeOfTicks(w.now()),
  recordId: 0,
});

const SECURITY: [number, Maker][] = [
  [70, (w, host) => securityTraffic(w.rnd, place(w, host))],
  [14, security.specialLogon],
  [10, security.processCreation],
  [4, security.logonFailure],
];
const APPLICATION: [number, Maker][] = [
  [2, ops.restartManagerSession],
  [1, ops.driveMapFailed],
  [1, (w, host) => app.dotNetCrash(w, undefined, undefined, host)],
  [1, (w) => nearMissText(w)],
  [1, (w, host) => profileServiceEvent({ ...place(w, host), eventId: 1517, userSid: w.account().sid })],
];

/**
 * The corpus world seen from one host: makers that pick "a host" get this one; those that ask for a role it does not
 * have (a workstation's address in a server's event) get a host of the fleet with that role.
 */
export class HostWorld extends CorpusWorld {
  constructor(
    rnd: SeededRandom,
    fleet: readonly Host[],
    private readonly self: FleetHost,
  ) {
    super(rnd, fleet);
  }

  override host(role?: Host['role']): Host {
    return role === undefined || role === this.self.role ? this.self : super.host(role);
  }
}

/** Shares of a host's ordinary events per channel. */
export const CHANNEL_SHARE: readonly [NoiseChannel, number][] = [
  ['Security', 0.6],
  ['System', 0.25],
  ['Application', 0.15],
];

/** One ordinary event of `channel` on the world's host at the world's (pinned) time. */
export function fleetNoise(w: CorpusWorld, host: FleetHost, channel: NoiseChannel): EventSpec {
  return hostNoise(w, host, channel, { security: SECURITY, application: APPLICATION });
}
