/**
 * The ordinary events around the storm, per channel, from the corpus makers pinned to one host:
 * logons and process tracking in Security, services and DCOM noise in System, the usual Application
 * chatter. Nothing here can be taken for the failure (no WAS Binary HRESULTs, no 1530).
 */

import type { Host } from './corp-network.ts';
import * as app from './corpus-application-events.ts';
import * as ops from './corpus-operational-events.ts';
import * as security from './corpus-security-events.ts';
import type { CorpusWorld } from './corpus-world.ts';
import type { EventSpec } from './event-spec.ts';
import type { NoiseChannel } from './storm-plan.ts';
import { type HostMaker, hostNoise } from './system-noise.ts';

const SECURITY: [number, HostMaker][] = [
  [35, security.logonSuccess],
  [30, security.logoff],
  [15, security.specialLogon],
  [8, security.processCreation],
  [8, security.processExit],
  [4, security.logonFailure],
];
const APPLICATION: [number, HostMaker][] = [
  [3, app.profileService],
  [2, ops.restartManagerSession],
  [1, ops.driveMapFailed],
  [1, (w, host) => app.dotNetCrash(w, undefined, undefined, host)],
];

/** One ordinary event of `channel` on `host`, stamped with the world's (pinned) time. */
export function stormNoise(w: CorpusWorld, host: Host, channel: NoiseChannel): EventSpec {
  return hostNoise(w, host, channel, { security: SECURITY, application: APPLICATION });
}
