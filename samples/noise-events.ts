/**
 * Ordinary events of many providers, with the Data, Binary, UserData and RenderingInfo real servers
 * write: the background every reader and detector must wade through without raising anything.
 */

import { applicationError, restartManager, securityCenter, sqlServer } from './application-noise.ts';
import type { EventSpec } from './event-spec.ts';
import { dcomPermissionDenied, profileServiceEvent, serviceStateChanged } from './ordinary-events.ts';
import { WAS_PROVIDER } from './providers.ts';
import { securityLogoff, securityLogon, userSid } from './security-events.ts';
import type { SeededRandom } from './seeded-random.ts';

export interface NoiseContext {
  computer: string;
  time: string;
  recordId: number;
}

const USERS = ['jdoe', 'asmith', 'svc_backup', 'mgarcia', 'lchen', 'svc_monitor'];
const SERVICES = [
  'Windows Update',
  'Background Intelligent Transfer Service',
  'WinHTTP Web Proxy Auto-Discovery Service',
  'Windows Modules Installer',
  'Microsoft Software Shadow Copy Provider',
  'Volume Shadow Copy',
  'Print Spooler',
];
const CLSIDS = [
  '{D63B10C5-BB46-4990-A94F-E40B9D520160}',
  '{2593F8B9-4EAF-457C-B68A-50F6B8EA6B54}',
  '{260EB9DE-5CBE-4BFF-A99A-3710AF55BF1E}',
  '{C2F03A33-21F5-47FA-B4BB-156362A2F239}',
];

function logon(rng: SeededRandom, ctx: NoiseContext): EventSpec {
  return securityLogon({
    ...ctx,
    sid: userSid(rng.int(1100, 1180)),
    user: rng.pick(USERS),
    logonId: `0x${rng.hex(6)}`,
    logonType: rng.pick([3, 3, 3, 5, 10]),
    ipAddress: `10.20.${rng.int(1, 9)}.${rng.int(2, 250)}`,
    logonGuid: `{${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}}`,
  });
}

function logoff(rng: SeededRandom, ctx: NoiseContext): EventSpec {
  const user = rng.pick(USERS);
  const sid = userSid(rng.int(1100, 1180));
  return securityLogoff({
    ...ctx,
    eventId: rng.pick([4634, 4634, 4647]),
    sid,
    user,
    logonId: `0x${rng.hex(6)}`,
  });
}

/** Service Control Manager 7036, its Binary the service key name in UTF-16LE hex plus the state. */
function serviceState(rng: SeededRandom, ctx: NoiseContext): EventSpec {
  const service = rng.pick(SERVICES);
  const running = rng.chance(0.5);
  return serviceStateChanged({
    ...ctx,
    processId: 640,
    threadId: rng.int(700, 9000),
    service,
    key: service.replace(/[^A-Za-z]/g, '').slice(0, 12),
    running,
    message: `The ${service} service entered the ${running ? 'running' : 'stopped'} state.`,
  });
}

function dcomPermission(rng: SeededRandom, ctx: NoiseContext): EventSpec {
  const clsid = rng.pick(CLSIDS);
  return dcomPermissionDenied({
    ...ctx,
    processId: 920,
    threadId: rng.int(700, 9000),
    clsid,
    appId: '{15C20B67-12E7-4BB6-92BB-7AFF07997402}',
    domain: 'NT AUTHORITY',
    user: 'LOCAL SERVICE',
    sid: 'S-1-5-19',
    userId: 'S-1-5-19',
  });
}

function dcomTimeout(rng: SeededRandom, ctx: NoiseContext): EventSpec {
  return {
    ...dcomPermission(rng, ctx),
    eventId: 10010,
    qualifiers: 49152,
    level: 2,
    data: [{ name: 'param1', value: rng.pick(CLSIDS) }],
  };
}

/**
 * The profile service's everyday record: 1517, a hive saved while still in use. Its 1531/1532 (service started /
 * stopped) are written at boot and shutdown only, so they are restart evidence, not noise (restart-events.ts).
 */
function profileService(rng: SeededRandom, ctx: NoiseContext): EventSpec {
  const threadId = rng.int(700, 9000);
  return profileServiceEvent({
    ...ctx,
    processId: 868,
    threadId,
    eventId: 1517,
    userSid: userSid(rng.int(1100, 1180)),
  });
}

function appPoolRecycle(rng: SeededRandom, ctx: NoiseContext): EventSpec {
  const pool = rng.pick(['DefaultAppPool', 'Intranet', 'ReportsPool']);
  return {
    provider: WAS_PROVIDER,
    eventId: 5186,
    qualifiers: 16384,
    keywords: '0x80000000000000',
    timeCreated: ctx.time,
    recordId: ctx.recordId,
    channel: 'System',
    computer: ctx.computer,
    data: [
      { name: 'AppPoolID', value: pool },
      { name: 'ProcessID', value: String(rng.int(1000, 20000)) },
      { name: 'Minutes', value: '20' },
    ],
  };
}

const NOISE: [number, (rng: SeededRandom, ctx: NoiseContext) => EventSpec][] = [
  [30, logon],
  [8, logoff],
  [14, serviceState],
  [8, dcomPermission],
  [2, dcomTimeout],
  [6, profileService],
  [3, appPoolRecycle],
  [3, restartManager],
  [5, sqlServer],
  [2, applicationError],
  [4, securityCenter],
];
const NOISE_TOTAL = NOISE.reduce((sum, [weight]) => sum + weight, 0);

/** One ordinary event, drawn by weight from the providers above. */
export function noiseEvent(rng: SeededRandom, ctx: NoiseContext): EventSpec {
  let roll = rng.next() * NOISE_TOTAL;
  for (const [weight, make] of NOISE) {
    roll -= weight;
    if (roll < 0) return make(rng, ctx);
  }
  return logon(rng, ctx);
}
