/**
 * The System channel's ordinary mix on a server (services, DCOM, time, policy), weighted as a real log has them;
 * web front ends also recycle their pools. Shared by the storm's hosts and the fleet's.
 */
import type { Host } from './corp-network.ts';
import * as ops from './corpus-operational-events.ts';
import * as system from './corpus-system-events.ts';
import type { CorpusWorld } from './corpus-world.ts';
import type { EventSpec } from './event-spec.ts';

export type HostMaker = (w: CorpusWorld, host: Host) => EventSpec;

export const SYSTEM_NOISE: [number, HostMaker][] = [
  [6, system.serviceState],
  [1, system.serviceStartType],
  [3, system.dcomPermission],
  [1, system.dcomTimeout],
  [1, system.timeService],
  [1, ops.groupPolicy],
];

/**
 * Not system.poolFault: it writes 0x800703FA in Binary one time in four, which is the failure itself
 * (detection-rules.ts KEY_DELETED_DWORD).
 */
export const WEB_SYSTEM_NOISE: [number, HostMaker][] = [...SYSTEM_NOISE, [1, system.poolRecycle]];
