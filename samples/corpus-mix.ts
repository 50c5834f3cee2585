/**
 * What the bench corpora are made of: ~0.25% incident events and ~0.2% near-misses among ordinary
 * events drawn by weight — from a general mix of every log, or a Security-heavy one (logons, logoffs,
 * special logons, processes started and ended: thousands an hour on a busy server).
 */
import * as app from './corpus-application-events.ts';
import { nearMissText } from './corpus-near-misses.ts';
import * as ops from './corpus-operational-events.ts';
import * as security from './corpus-security-events.ts';
import * as signals from './corpus-signal-events.ts';
import * as system from './corpus-system-events.ts';
import type { CorpusWorld, RoledEvent } from './corpus-world.ts';
import type { EventSpec } from './event-spec.ts';

export type EventMaker = (w: CorpusWorld) => EventSpec;
export type CorpusMix = 'general' | 'security-heavy';

const GENERAL: [number, EventMaker][] = [
  [18, security.logonSuccess],
  [5, security.logonFailure],
  [14, security.logoff],
  [10, security.specialLogon],
  [9, security.processCreation],
  [9, system.serviceState],
  [2, system.serviceStartType],
  [5, system.dcomPermission],
  [1.5, system.dcomTimeout],
  [3, system.poolRecycle],
  [0.5, system.poolFault],
  [1.5, system.timeService],
  [0.5, system.kernelTimeChange],
  [2, app.applicationError],
  [1, (w) => app.dotNetCrash(w)],
  [4, app.sqlServer],
  [2, ops.groupPolicy],
  [2, ops.userDataEvent],
  [1.5, app.profileService],
  [3, ops.scheduledTask],
  [1.5, ops.scriptBlock],
];

/** ~92% Security: each logon brings its logoff and often a 4672; process tracking on (4688/4689). */
const SECURITY_HEAVY: [number, EventMaker][] = [
  [26, security.logonSuccess],
  [3, security.logonFailure],
  [22, security.logoff],
  [15, security.specialLogon],
  [13, security.processCreation],
  [13, security.processExit],
  [2.5, system.serviceState],
  [1, system.dcomPermission],
  [1, ops.groupPolicy],
  [1, ops.scheduledTask],
  [1, app.profileService],
  [0.5, app.applicationError],
  [0.5, app.sqlServer],
  [0.5, ops.scriptBlock],
];

export const CORPUS_MIXES: Record<CorpusMix, [number, EventMaker][]> = {
  general: GENERAL,
  'security-heavy': SECURITY_HEAVY,
};

/** One event (or a leak pair) at a time, with what it was meant to be. */
export function nextEvents(w: CorpusWorld, mix: CorpusMix): RoledEvent[] {
  const roll = w.rnd.next();
  if (roll < 0.0003) return signals.leakPair(w);
  if (roll < 0.0012) return [{ event: signals.clientFailure(w), role: 'failure' }];
  if (roll < 0.0018) return [{ event: signals.serverFailure(w), role: 'failure' }];
  if (roll < 0.0026) return [{ event: signals.harmlessLeak(w), role: 'near-miss' }];
  if (roll < 0.0036) return [{ event: nearMissText(w), role: 'near-miss' }];
  return [{ event: w.rnd.weighted(CORPUS_MIXES[mix])(w), role: 'ordinary' }];
}
