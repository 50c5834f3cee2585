/**
 * What the bench corpora are made of: ~0.25% incident events (each leak after its identity's logoff) and
 * ~0.2% near-misses among ordinary events drawn by weight — from a general mix of every log (about a day
 * of a 60-host forest in 100 MB), or a Security-heavy one (logons, logoffs, special logons, processes
 * started and ended: thousands of logons an hour, ~5 hours in 100 MB). Logons and logoffs are of the kinds
 * busy servers write (corpus-sessions.ts), so few load a profile; reboots and app-pool recycles come at
 * their real rates per day (corpus-restart-events.ts), whatever the mix's events per hour.
 */
import { CORP_HOSTS } from './corp-network.ts';
import * as app from './corpus-application-events.ts';
import { nearMissText } from './corpus-near-misses.ts';
import * as ops from './corpus-operational-events.ts';
import { POOL_COUNT, poolRecycled, reboot } from './corpus-restart-events.ts';
import * as security from './corpus-security-events.ts';
import * as signals from './corpus-signal-events.ts';
import * as system from './corpus-system-events.ts';
import type { CorpusWorld, RoledEvent } from './corpus-world.ts';
import type { EventSpec } from './event-spec.ts';

export type EventMaker = (w: CorpusWorld) => RoledEvent[];
export type CorpusMix = 'general' | 'security-heavy';

export interface MixSpec {
  /** Ordinary events (and the logons, logoffs and exits among them) by weight. */
  table: [number, EventMaker][];
  /** The longest step of the corpus clock between two events, in 100 ns ticks (the mean is half). */
  maxStep: number;
}

const ordinary =
  (make: (w: CorpusWorld) => EventSpec): EventMaker =>
  (w) => [{ event: make(w), role: 'ordinary' }];
const one =
  (make: (w: CorpusWorld) => RoledEvent): EventMaker =>
  (w) => [make(w)];

const GENERAL: MixSpec = {
  maxStep: 22_000_000, // 1.1 s between events on average: ~78,500 a day, ~100 MB
  table: [
    [18, one((w) => security.logon(w))],
    [3, ordinary((w) => security.logonFailure(w))],
    [16, (w) => security.sessionEnd(w)],
    [10, ordinary((w) => security.specialLogon(w))],
    [9, ordinary((w) => security.processCreation(w))],
    [9, ordinary((w) => system.serviceState(w))],
    [2, ordinary((w) => system.serviceStartType(w))],
    [5, ordinary((w) => system.dcomPermission(w))],
    [1.5, ordinary((w) => system.dcomTimeout(w))],
    [0.5, ordinary((w) => system.poolFault(w))],
    [1.5, ordinary((w) => system.timeService(w))],
    [0.5, ordinary((w) => system.kernelTimeChange(w))],
    [2, ordinary((w) => app.applicationError(w))],
    [1, ordinary((w) => app.dotNetCrash(w))],
    [4, ordinary((w) => app.sqlServer(w))],
    [2, ordinary((w) => ops.groupPolicy(w))],
    [2, ordinary((w) => ops.userDataEvent(w))],
    [0.1, ordinary((w) => app.profileService(w))],
    [3, ordinary((w) => ops.scheduledTask(w))],
    [1.5, ordinary((w) => ops.scriptBlock(w))],
  ],
};

/** ~92% Security: each logon brings its logoff and often a 4672; process tracking on (4688/4689). */
const SECURITY_HEAVY: MixSpec = {
  maxStep: 5_000_000, // 0.25 s between events on average: ~14,400 an hour, ~3,700 of them logons
  table: [
    [26, one((w) => security.logon(w))],
    [3, ordinary((w) => security.logonFailure(w))],
    [23, (w) => security.sessionEnd(w)],
    [15, ordinary((w) => security.specialLogon(w))],
    [13, ordinary((w) => security.processCreation(w))],
    [13, one((w) => security.processEnd(w))],
    [2.5, ordinary((w) => system.serviceState(w))],
    [1, ordinary((w) => system.dcomPermission(w))],
    [1, ordinary((w) => ops.groupPolicy(w))],
    [1, ordinary((w) => ops.scheduledTask(w))],
    [0.05, ordinary((w) => app.profileService(w))],
    [0.5, ordinary((w) => app.applicationError(w))],
    [0.5, ordinary((w) => app.sqlServer(w))],
    [0.5, ordinary((w) => ops.scriptBlock(w))],
  ],
};

export const CORPUS_MIXES: Record<CorpusMix, MixSpec> = {
  general: GENERAL,
  'security-heavy': SECURITY_HEAVY,
};

const servers = CORP_HOSTS.filter((h) => h.role !== 'ws').length;
const workstations = CORP_HOSTS.length - servers;
/**
 * Events of a day across the forest. Servers reboot once a month (patch day), workstations every third
 * day; IIS recycles each pool three times a day (the 29-hour periodic recycle and idle shutdowns).
 */
export const PER_DAY = { reboots: servers / 30 + workstations / 3, recycles: POOL_COUNT * 3 };

/** The chance that the next draw is one of `perDay` events, at the mix's events per day. */
export function perDraw(spec: MixSpec, perDay: number): number {
  const eventsPerDay = (86_400 * 1e7) / (spec.maxStep / 2);
  return perDay / eventsPerDay;
}

/** One event (or a few: a leak after its logoff, a logoff after its 4647, a reboot) with what each was meant to be. */
export function nextEvents(w: CorpusWorld, mix: CorpusMix): RoledEvent[] {
  const spec = CORPUS_MIXES[mix];
  const roll = w.rnd.next();
  if (roll < 0.0003) return signals.leakPair(w);
  if (roll < 0.0012) return [{ event: signals.clientFailure(w), role: 'failure' }];
  if (roll < 0.0018) return [{ event: signals.serverFailure(w), role: 'failure' }];
  if (roll < 0.0026) return [{ event: signals.harmlessLeak(w), role: 'near-miss' }];
  if (roll < 0.0036) return [{ event: nearMissText(w), role: 'near-miss' }];
  const timed = roll - 0.0036;
  const reboots = perDraw(spec, PER_DAY.reboots);
  if (timed < reboots) return reboot(w);
  if (timed < reboots + perDraw(spec, PER_DAY.recycles)) return [poolRecycled(w)];
  return w.rnd.weighted(spec.table)(w);
}
