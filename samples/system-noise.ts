/**
 * A server's ordinary events by channel, shared by the storm's hosts and the fleet's: the System mix (services,
 * DCOM, time, policy, weighted as a real log has them; web front ends also recycle their pools), and the pick of
 * one event from a channel's table.
 */
import type { Host } from './corp-network.ts';
import * as ops from './corpus-operational-events.ts';
import * as system from './corpus-system-events.ts';
import type { CorpusWorld } from './corpus-world.ts';
import type { EventSpec } from './event-spec.ts';
import type { NoiseChannel } from './storm-plan.ts';

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

/**
 * One ordinary event of `channel` on `host` from a weighted table: Security and Application as the caller mixes them,
 * System the servers' mix above (with pool recycles on web front ends).
 */
export function hostNoise<H extends Host>(
  w: CorpusWorld,
  host: H,
  channel: NoiseChannel,
  tables: {
    security: [number, (w: CorpusWorld, host: H) => EventSpec][];
    application: [number, (w: CorpusWorld, host: H) => EventSpec][];
  },
): EventSpec {
  const table =
    channel === 'Security'
      ? tables.security
      : channel === 'Application'
        ? tables.application
        : host.role === 'web'
          ? WEB_SYSTEM_NOISE
          : SYSTEM_NOISE;
  return w.rnd.weighted(table)(w, host);
}
