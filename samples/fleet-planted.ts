/**
 * What the fleet plants among its noise, as events on hosts: hive leaks (the 1530 pair of one logoff), the logon
 * and logoff behind them, failure streams, restarts (a dllhost exit, an app pool recycle, a host reboot). Each event
 * says whether it is a signal, by construction, so the generator knows what ingest must find.
 */
import type { EventSpec } from './event-spec.ts';
import { systemTime } from './event-spec.ts';
import type { FleetHost } from './fleet-hosts.ts';
import { type FailureStream, failuresIn } from './fleet-streams.ts';
import {
  appPoolRecycle,
  eventLogService,
  kernelGeneral,
  processExit,
  profileServiceState,
} from './restart-events.ts';
import { type Identity, securityLogoff, securityLogon } from './security-events.ts';
import { mix } from './storm-plan.ts';
import { hiveLeak1530, type LeakingProcessSpec } from './windows-events.ts';

export interface PlantedEvent {
  ms: number;
  spec: EventSpec;
  /** Ingest must take it for a signal (a leak, failure, restart, or a logon/logoff that can unload a hive). */
  signal: boolean;
}

/** Everything planted on one host: single events, and failure streams made window by window. */
export interface HostPlan {
  points: PlantedEvent[];
  streams: FailureStream[];
  /** [from, to) when the host is down (rebooting): it logs nothing then. */
  down: [number, number][];
}

export type PlantedMap = Map<string, HostPlan>;

export function planOf(map: PlantedMap, host: FleetHost): HostPlan {
  let plan = map.get(host.short);
  if (!plan) {
    plan = { points: [], streams: [], down: [] };
    map.set(host.short, plan);
  }
  return plan;
}

/** The planted events of a host in [from, to), in no particular order. */
export function plantedIn(plan: HostPlan | undefined, from: number, to: number): PlantedEvent[] {
  if (!plan) return [];
  const events = plan.points.filter((p) => p.ms >= from && p.ms < to);
  for (const stream of plan.streams) {
    for (const spec of failuresIn(stream, from, to)) {
      events.push({ ms: Date.parse(`${spec.timeCreated.slice(0, 23)}Z`), spec, signal: true });
    }
  }
  return events;
}

/** The SystemTime a planted event made at `ms` gets (its 100 ns ticks hashed from the time and the kind). */
export function plantedTime(ms: number, salt: number): string {
  return systemTime(ms, mix(ms, salt) % 10_000);
}

const at = (ms: number, salt: number) => ({ ms, time: plantedTime(ms, salt) });

/** The 1530 pair of one logoff (user hive, then _Classes 2.1 s later); `signal` when a dllhost/w3wp is named. */
export function leakPair(
  host: FleetHost,
  ms: number,
  sid: string,
  processes: LeakingProcessSpec[],
  signal: boolean,
): PlantedEvent[] {
  return [false, true].map((classes) => {
    const t = at(ms + (classes ? 2_100 : 0), 1530);
    return {
      ms: t.ms,
      spec: hiveLeak1530({ computer: host.fqdn, time: t.time, recordId: 0, sid, classes, processes }),
      signal,
    };
  });
}

/** A profile-loading logon of the identity and its logoff `lastsMs` later (4634, and 4647 first when interactive). */
export function session(
  host: FleetHost,
  who: Identity,
  logonAt: number,
  logoffAt: number,
  logonType: 2 | 4 | 5 | 10,
): PlantedEvent[] {
  const on = at(logonAt, 4624);
  const off = at(logoffAt, 4634);
  const events: PlantedEvent[] = [
    {
      ms: on.ms,
      spec: securityLogon({
        computer: host.fqdn,
        time: on.time,
        recordId: 0,
        ...who,
        logonType,
        ipAddress: '10.30.9.44',
      }),
      signal: true,
    },
  ];
  if (logonType === 2 || logonType === 10) {
    const user = at(logoffAt - 200, 4647);
    events.push({
      ms: user.ms,
      spec: securityLogoff({ computer: host.fqdn, time: user.time, recordId: 0, ...who, eventId: 4647 }),
      signal: true,
    });
  }
  events.push({
    ms: off.ms,
    spec: securityLogoff({
      computer: host.fqdn,
      time: off.time,
      recordId: 0,
      ...who,
      eventId: 4634,
      logonType,
    }),
    signal: true,
  });
  return events;
}

/** Security 4689: the leaking dllhost/w3wp exited (the COM+ application was shut down, or the pool's worker ended). */
export function exited(host: FleetHost, ms: number, pid: number, path: string): PlantedEvent {
  const t = at(ms, 4689);
  const image = path.replace(/^\\Device\\HarddiskVolume\d+/, 'C:');
  return {
    ms: t.ms,
    spec: processExit({ computer: host.fqdn, time: t.time, recordId: 0, pid, path: image }),
    signal: true,
  };
}

/** WAS 5076 (a recycle an administrator scheduled) naming the pool's worker. */
export function recycled(host: FleetHost, ms: number, pid: number, appPool: string): PlantedEvent {
  const t = at(ms, 5076);
  return {
    ms: t.ms,
    spec: appPoolRecycle({ computer: host.fqdn, time: t.time, recordId: 0, eventId: 5076, appPool, pid }),
    signal: true,
  };
}

/** A reboot: the profile service, the event log and the kernel stop at `ms`; all start again `downMs` later. */
export function reboot(host: FleetHost, ms: number, downMs = 180_000): PlantedEvent[] {
  const make = (offset: number, started: boolean, which: number): PlantedEvent => {
    const t = at(ms + offset, which);
    const common = { computer: host.fqdn, time: t.time, recordId: 0, started };
    const spec =
      which === 0
        ? profileServiceState(common)
        : which === 1
          ? eventLogService(common)
          : kernelGeneral(common);
    return { ms: t.ms, spec, signal: true };
  };
  return [
    make(0, false, 0),
    make(1_500, false, 1),
    make(4_000, false, 2),
    make(downMs, true, 2),
    make(downMs + 9_000, true, 1),
    make(downMs + 31_000, true, 0),
  ];
}
