/**
 * What must raise no alert: leaks with no failure yet (at risk; one cleared by a recycle), 1530s that name only
 * other processes, failures that name a host that never leaks, a failure long before its host's leak, and hosts
 * that reboot (their shipper sends the last events again after the reboot).
 */
import { DOMAIN_SID } from './corp-network.ts';
import type { FleetHost } from './fleet-hosts.ts';
import type { FleetTimeline } from './fleet-incidents.ts';
import { leakPair, type PlantedMap, planOf, reboot, recycled } from './fleet-planted.ts';
import type { FailureStream } from './fleet-streams.ts';
import type { LeakingProcessSpec } from './windows-events.ts';

const MINUTE = 60_000;

export type DecoyKind =
  | 'at-risk'
  | 'cleared'
  | 'other-process-1530'
  | 'failures-without-leak'
  | 'failure-before-leak';

export interface PlantedDecoy {
  kind: DecoyKind;
  host: FleetHost;
  at: number;
  what: string;
}

export interface PlantedReboot {
  host: FleetHost;
  at: number;
  /** Events of the last object before the reboot that the shipper sends again. */
  resent: number;
}

const SYSTEM32 = '\\Device\\HarddiskVolume2\\Windows\\System32';
const OTHERS: LeakingProcessSpec[] = [
  { pid: 764, path: `${SYSTEM32}\\winlogon.exe`, handles: 2 },
  { pid: 1140, path: `${SYSTEM32}\\svchost.exe`, handles: 3 },
  { pid: 5312, path: `${SYSTEM32}\\taskhostw.exe`, handles: 1 },
];

export function plantDecoys(
  hosts: readonly FleetHost[],
  time: FleetTimeline,
  map: PlantedMap,
): PlantedDecoy[] {
  const host = (short: string) => hosts.find((h) => h.short === short) as FleetHost;
  const ws = hosts.filter((h) => h.role === 'ws');
  const decoys: PlantedDecoy[] = [];
  const sid = (rid: number) => `${DOMAIN_SID}-${rid}`;
  const leak = (h: FleetHost, at: number, rid: number, processes: LeakingProcessSpec[], signal: boolean) =>
    planOf(map, h).points.push(...leakPair(h, at, sid(rid), processes, signal));

  const dllhost = (pid: number) => [
    { pid, path: '\\Device\\HarddiskVolume2\\Windows\\SysWOW64\\dllhost.exe' },
  ];
  leak(host('APP11'), time.at(0.2), 3201, [...dllhost(48112), ...OTHERS.slice(1, 2)], true);
  decoys.push({
    kind: 'at-risk',
    host: host('APP11'),
    at: time.at(0.2),
    what: 'dllhost.exe leak, no failure',
  });
  leak(host('APP12'), time.at(0.85), 3202, dllhost(48816), true);
  decoys.push({
    kind: 'at-risk',
    host: host('APP12'),
    at: time.at(0.85),
    what: 'dllhost.exe leak, no failure',
  });
  const w3wp = [{ pid: 49220, path: `${SYSTEM32}\\inetsrv\\w3wp.exe` }];
  leak(host('WEB03'), time.at(0.5), 3203, w3wp, true);
  planOf(map, host('WEB03')).points.push(recycled(host('WEB03'), time.at(0.6), 49220, 'Intranet'));
  decoys.push({
    kind: 'cleared',
    host: host('WEB03'),
    at: time.at(0.5),
    what: 'w3wp.exe leak, its pool recycled',
  });

  const others = [host('APP13'), host('SQL01'), ws[2], ws[5], ws[9], host('FS02')].filter(
    (h) => h !== undefined,
  );
  others.forEach((h, i) => {
    const at = time.at(0.12 + i * 0.13);
    leak(h, at, 3300 + i, OTHERS.slice(0, 1 + (i % 3)), false);
    decoys.push({
      kind: 'other-process-1530',
      host: h,
      at,
      what: 'a 1530 naming winlogon/svchost/taskhostw only',
    });
  });

  const failing = (
    reporter: FleetHost,
    server: FleetHost,
    start: number,
    count: number,
    form: 'dcom' | 'complus',
    seed: number,
  ): FailureStream => ({
    reporter,
    server,
    form,
    named: server.short,
    start,
    periodMs: 15 * MINUTE,
    count,
    seed: 90_000 + seed,
    clsid: '{9F1C2D3E-4B5A-4C6D-8E7F-0A1B2C3D4E5F}',
  });
  const fs01 = host('FS01');
  for (const [i, reporter] of [ws[1], ws[4]].entries()) {
    if (reporter)
      planOf(map, reporter).streams.push(failing(reporter, fs01, time.at(0.3) + i * MINUTE, 4, 'dcom', i));
  }
  planOf(map, fs01).streams.push(failing(fs01, fs01, time.at(0.32), 2, 'complus', 5));
  decoys.push({
    kind: 'failures-without-leak',
    host: fs01,
    at: time.at(0.3),
    what: '10006 from two clients and COM+ errors, no leak ever',
  });
  const sql01 = host('SQL01');
  const sqlClient = ws[7] as FleetHost;
  planOf(map, sqlClient).streams.push(failing(sqlClient, sql01, time.at(0.25) + 10 * MINUTE, 3, 'dcom', 7));
  decoys.push({
    kind: 'failures-without-leak',
    host: sql01,
    at: time.at(0.25),
    what: '10006 after a 1530 naming winlogon and svchost only',
  });

  const app14 = host('APP14');
  const early = ws[3] as FleetHost;
  planOf(map, early).streams.push({
    ...failing(early, app14, time.at(0.7), 1, 'dcom', 9),
    named: app14.fqdn,
  });
  const later = Math.min(time.at(0.7) + 40 * MINUTE, time.end - 10 * MINUTE);
  leak(app14, later, 3204, dllhost(47720), true);
  decoys.push({
    kind: 'failure-before-leak',
    host: app14,
    at: time.at(0.7),
    what: `one 10006, then a dllhost.exe leak ${Math.round((later - time.at(0.7)) / MINUTE)} min later (beyond skew), nothing after`,
  });
  return decoys;
}

/** Hosts that reboot for patches: their shipper resends the tail of its last object. */
export function plantReboots(
  hosts: readonly FleetHost[],
  time: FleetTimeline,
  map: PlantedMap,
): PlantedReboot[] {
  return (['SQL02', 'FS02'] as const).map((short, i) => {
    const host = hosts.find((h) => h.short === short) as FleetHost;
    const at = time.at(0.33 + i * 0.25);
    planOf(map, host).points.push(...reboot(host, at));
    planOf(map, host).down.push([at + 4_000, at + 180_000]);
    return { host, at, resent: 5 };
  });
}
