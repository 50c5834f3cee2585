/**
 * The storm of issue 8, as numbers: APP01's COM+ application (dllhost.exe) loses both hives 30 s before
 * `start`; from `start` on, each client logs DCOM 10006 naming APP01 `failuresPerSecond` times a second for
 * `hours`; every host ships one object per `objectMinutes`, the first covering the minutes before the storm.
 * Everything here is a pure function of the options, so any object can be described or rendered alone.
 */
import { CORP_HOSTS, type Host, hostNamed } from './corp-network.ts';
import { SampleOptionsError } from './errors.ts';
import { systemTime } from './event-spec.ts';
import type { EventStyle } from './render-events.ts';

export interface StormOptions {
  /** Simulated hours of failures (6–24 for the bench; fractions of an hour in tests). */
  hours: number;
  seed?: number;
  /** Default 20 (web front ends, then workstations); at most 38. */
  clients?: number;
  /** Per client; default 5. */
  failuresPerSecond?: number;
  /** One object per host per this many minutes; default 5. */
  objectMinutes?: number;
  /** UTC ms of the first failure; default 2026-11-20T08:00:00Z. */
  start?: number;
  /** Default Fluent Bit JSON lines (`.json.gz`); wevtutil XML writes `.xml.gz`. */
  style?: Extract<EventStyle, 'fluent-bit' | 'wevtutil'>;
  /** Ordinary events per host per minute, by channel; default a busy member server's. */
  noisePerMinute?: NoiseRates;
}

export type NoiseChannel = 'Security' | 'System' | 'Application';
export type NoiseRates = Record<NoiseChannel, number>;
export const NOISE_CHANNELS: readonly NoiseChannel[] = ['Security', 'System', 'Application'];

export interface StormPlan {
  hours: number;
  seed: number;
  failuresPerSecond: number;
  objectMinutes: number;
  start: number;
  style: Extract<EventStyle, 'fluent-bit' | 'wevtutil'>;
  noisePerMinute: NoiseRates;
  server: Host;
  clients: Host[];
  /** Windows of failures; objects also cover one window before them (window -1). */
  windows: number;
  failuresPerWindow: number;
}

/** The identity that logged off and the process that held its hives. */
export const STORM_IDENTITY = {
  sid: 'S-1-5-21-3623811015-3361044348-30300820-1107',
  user: 'svc_xrc',
  logonId: '0x5c2e91a',
} as const;
export const STORM_DLLHOST = { pid: 2428, path: '\\Device\\HarddiskVolume2\\Windows\\SysWOW64\\dllhost.exe' };
export const STORM_CLSID = '{7C8E2A41-6B3D-4F15-9E2A-5D0C3B8F1A62}';
/** How each client names the server in param2, by client index. */
export const SERVER_NAMES = ['APP01', 'app01.corp.example.net', 'APP01.corp.example.net', '\\\\APP01'];

const MINUTE = 60_000;

export function stormPlan(options: StormOptions): StormPlan {
  const clients = options.clients ?? 20;
  const rate = options.failuresPerSecond ?? 5;
  const minutes = options.objectMinutes ?? 5;
  const windows = (options.hours * 60) / minutes;
  const perWindow = minutes * 60 * rate;
  const candidates = CORP_HOSTS.filter((h) => h.role === 'web' || h.role === 'ws');
  if (!Number.isInteger(windows) || windows < 1)
    throw new SampleOptionsError(`${options.hours} h is not a whole number of ${minutes}-minute objects`, {
      ...options,
    });
  if (!Number.isInteger(perWindow) || rate <= 0 || rate > 1000)
    throw new SampleOptionsError(`${rate} failures/s does not fill ${minutes}-minute objects evenly`, {
      ...options,
    });
  if (!Number.isInteger(clients) || clients < 1 || clients > candidates.length)
    throw new SampleOptionsError(`clients must be 1–${candidates.length}, not ${clients}`, { ...options });
  return {
    hours: options.hours,
    seed: options.seed ?? 0x10006,
    failuresPerSecond: rate,
    objectMinutes: minutes,
    start: options.start ?? Date.UTC(2026, 10, 20, 8),
    style: options.style ?? 'fluent-bit',
    noisePerMinute: options.noisePerMinute ?? { Security: 40, System: 4, Application: 2 },
    server: hostNamed('APP01'),
    clients: candidates.slice(0, clients),
    windows,
    failuresPerWindow: perWindow,
  };
}

/** [from, to) of window `w` in UTC ms; window -1 is the one before the storm. */
export function windowSpan(plan: StormPlan, w: number): [number, number] {
  const from = plan.start + w * plan.objectMinutes * MINUTE;
  return [from, from + plan.objectMinutes * MINUTE];
}

/** The server's events before the storm: an RDP logon as svc_xrc, its logoff, both hives' 1530. */
export const PRELUDE = {
  logon: -4 * MINUTE,
  userLogoff: -31_000,
  logoff: -30_800,
  leak: -30_000,
  classesLeak: -27_900,
} as const;

/** A well-mixed 32-bit hash: failure times need no random state, so any window can be made alone. */
export function mix(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const v of values) {
    h = Math.imul(h ^ (v >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** When client `client` (0-based) logs its `j`-th failure: once in each 1/rate-second slot, at a hashed offset. */
export function failureTime(plan: StormPlan, client: number, j: number): string {
  const slot = 1000 / plan.failuresPerSecond;
  const h = mix(plan.seed, client, j);
  const ms = plan.start + Math.floor(j * slot) + (h % Math.floor(slot));
  return systemTime(ms, (h >>> 10) % 10_000);
}

/** The SystemTime of a prelude event (ticks fixed so the facts can name it). */
export function preludeTime(plan: StormPlan, offset: number): string {
  return systemTime(plan.start + offset, mix(plan.seed, offset) % 10_000);
}
