/**
 * The twelve incidents planted in the fleet, placed at fractions of the run so that a 3-hour fleet holds the same
 * cases as a 24-hour one (storms shrink with it; offsets the detection rules care about — skew, settle — stay in
 * minutes). Each comes with the exact facts ingest must find (fleet-facts.ts).
 */
import { DOMAIN_SID } from './corp-network.ts';
import type { FleetHost } from './fleet-hosts.ts';
import { exited, leakPair, type PlantedMap, planOf, reboot, recycled, session } from './fleet-planted.ts';
import type { FailureForm, FailureStream } from './fleet-streams.ts';
import type { Identity } from './security-events.ts';

const MINUTE = 60_000;

export interface PlantedIncident {
  name: string;
  server: FleetHost;
  process: 'dllhost.exe' | 'w3wp.exe';
  pid: number;
  path: string;
  identity: Identity;
  /** The user-hive 1530 of each logoff (the _Classes one follows 2.1 s later). */
  leaks: number[];
  /** The logoff behind the first leak, when the server's Security log holds it. */
  logoffAt?: number;
  streams: FailureStream[];
  /** What ended it: a restart after its last failure (else it is still open at the end). */
  end?: { kind: 'exit' | 'recycle' | 'reboot'; at: number };
  storm: boolean;
}

export interface FleetTimeline {
  start: number;
  end: number;
  /** The time at fraction f of the run, on a whole second. */
  at(f: number): number;
}

/** The servers, clients and times of the twelve incidents, and their events planted into `map`. */
export function plantIncidents(
  hosts: readonly FleetHost[],
  time: FleetTimeline,
  map: PlantedMap,
): PlantedIncident[] {
  const named = (short: string) => {
    const host = hosts.find((h) => h.short === short);
    if (!host) throw new RangeError(`the fleet has no ${short}`);
    return host;
  };
  const clients = clientPicker(hosts);
  const span = time.end - time.start;
  const incidents: PlantedIncident[] = [];
  const add = (spec: IncidentSpec) => {
    const incident = buildIncident(spec, named, clients, time, span, incidents.length + 1);
    plant(incident, spec, map);
    incidents.push(incident);
  };
  add({
    name: 'storm, dllhost exit ends it, RDP logoff shipped',
    server: 'APP01',
    f: 0.05,
    logon: 10,
    pid: 41208,
    clients: { n: 6, form: 'dcom', after: 1.5, period: 1000, duration: 0.12 },
    end: 'exit',
  });
  add({
    name: 'three clients, two failures each, still open',
    server: 'APP02',
    f: 0.1,
    pid: 40716,
    clients: { n: 3, form: 'dcom', after: 5, period: 10 * MINUTE, count: 2, stagger: 3 },
  });
  add({
    name: 'IIS pool: ASP.NET 1309 storm on the server, recycled',
    server: 'WEB01',
    f: 0.15,
    pid: 44120,
    process: 'w3wp.exe',
    pool: 'Orders',
    onServer: [
      { form: 'aspnet', after: 1, period: 500, duration: 0.05 },
      { form: 'was', after: 2, period: MINUTE, count: 5 },
    ],
    end: 'recycle',
  });
  add({
    name: 'long storm (8 clients), still open, batch logoff shipped',
    server: 'APP03',
    f: 0.25,
    logon: 4,
    pid: 43100,
    clients: { n: 8, form: 'dcom', after: 2, period: 2000, duration: 0.25, thenEvery: 5 * MINUTE },
  });
  add({
    name: 'resolved by a host reboot',
    server: 'APP04',
    f: 0.3,
    pid: 40004,
    clients: { n: 4, form: 'dcom', after: 2, period: MINUTE, count: 30 },
    end: 'reboot',
  });
  add({
    name: 'COM+ errors on the server and one client, dllhost exit',
    server: 'APP05',
    f: 0.35,
    pid: 42400,
    onServer: [{ form: 'complus', after: 1, period: 2 * MINUTE, count: 10 }],
    clients: { n: 1, form: 'dcom', after: 4, period: 3 * MINUTE, count: 6 },
    end: 'exit',
  });
  add({
    name: 'the server ships through CloudWatch Logs and Firehose',
    server: 'APP09',
    f: 0.4,
    pid: 45012,
    clients: { n: 2, form: 'dcom', after: 3, period: MINUTE, count: 5, stagger: 4 },
  });
  add({
    name: 'IIS failures in every server-side form, still open',
    server: 'WEB02',
    f: 0.45,
    pid: 46880,
    process: 'w3wp.exe',
    pool: 'Reports',
    onServer: [
      { form: 'was', after: 2, period: 5 * MINUTE, count: 6 },
      { form: 'dotnet', after: 3, period: 7 * MINUTE, count: 4 },
      { form: 'aspnet', after: 1, period: 3 * MINUTE, count: 8 },
    ],
  });
  add({
    name: 'storm with a client clock a minute behind, dllhost exit',
    server: 'APP06',
    f: 0.55,
    pid: 43388,
    clients: { n: 5, form: 'dcom', after: 0.5, period: 1000, duration: 0.06, behind: 1 },
    end: 'exit',
  });
  add({
    name: 'the identity logs off twice: the later leaks join it',
    server: 'APP07',
    f: 0.65,
    logon: 5,
    pid: 40440,
    again: 20,
    clients: { n: 3, form: 'dcom', after: 2, period: 2 * MINUTE, count: 30 },
  });
  add({
    name: 'storm (360/min) ended by a host reboot, RDP logoff shipped',
    server: 'APP08',
    f: 0.75,
    logon: 10,
    pid: 41616,
    clients: { n: 4, form: 'dcom', after: 1, period: 667, duration: 0.04 },
    end: 'reboot',
  });
  add({
    name: 'one failure: the threshold',
    server: 'APP10',
    f: 0.93,
    pid: 47000,
    clients: { n: 1, form: 'dcom', after: 4, period: MINUTE, count: 1 },
  });
  return incidents;
}

interface StreamSpec {
  form: FailureForm;
  /** Minutes after the leak. */
  after: number;
  period: number;
  /** A fixed count, or as many as fit in this fraction of the run. */
  count?: number;
  duration?: number;
}

interface IncidentSpec {
  name: string;
  server: string;
  f: number;
  pid: number;
  process?: 'dllhost.exe' | 'w3wp.exe';
  pool?: string;
  /** The logon type of the session whose logoff is shipped (none: the Security log does not hold it). */
  logon?: 2 | 4 | 5 | 10;
  /** Minutes after the first logoff that the identity logs off again. */
  again?: number;
  clients?: StreamSpec & {
    n: number;
    /** Minutes between successive clients' starts. */
    stagger?: number;
    /** The first client's clock is this many minutes behind. */
    behind?: number;
    /** After the storm, each client keeps failing every so often until near the end. */
    thenEvery?: number;
  };
  onServer?: StreamSpec[];
  end?: 'exit' | 'recycle' | 'reboot';
}

const NAMES = (h: FleetHost) => [
  h.short,
  h.fqdn,
  h.fqdn.toLowerCase(),
  `\\\\${h.short}`,
  h.short.toLowerCase(),
];

function buildIncident(
  spec: IncidentSpec,
  named: (short: string) => FleetHost,
  clients: (n: number) => FleetHost[],
  time: FleetTimeline,
  span: number,
  n: number,
): PlantedIncident {
  const server = named(spec.server);
  const process = spec.process ?? 'dllhost.exe';
  const leak = Math.min(time.at(spec.f), time.end - 25 * MINUTE);
  const countOf = (s: StreamSpec) =>
    s.count ?? Math.max(1, Math.floor(((s.duration ?? 0) * span) / s.period));
  const stream = (
    reporter: FleetHost,
    s: StreamSpec,
    offsetMs: number,
    seed: number,
    nameIndex = 0,
  ): FailureStream => ({
    reporter,
    server,
    form: s.form,
    named: NAMES(server)[nameIndex % 5] as string,
    start: leak + s.after * MINUTE + offsetMs,
    periodMs: s.period,
    // a short run ends some streams early: none outlives the run
    count: Math.min(
      countOf(s),
      Math.floor((time.end - MINUTE - (leak + s.after * MINUTE + offsetMs)) / s.period),
    ),
    seed: n * 1000 + seed,
    clsid: `{6A3B${String(n).padStart(4, '0')}-2E22-11D1-9964-00C04FBBB345}`,
    pid: spec.pid,
    appPool: spec.pool ?? 'Orders',
  });
  const streams: FailureStream[] = [];
  for (const [i, s] of (spec.onServer ?? []).entries()) streams.push(stream(server, s, 0, 100 + i));
  if (spec.clients) {
    const c = spec.clients;
    clients(c.n).forEach((client, i) => {
      const behind = i === 0 && c.behind ? -c.behind * MINUTE : 0;
      const first = stream(client, c, (c.stagger ?? 0) * MINUTE * i + behind, i, i);
      streams.push(first);
      if (c.thenEvery) {
        const from = first.start + first.count * first.periodMs + c.thenEvery;
        const count = Math.floor((time.end - 20 * MINUTE - from) / c.thenEvery);
        if (count > 0)
          streams.push({ ...first, start: from, periodMs: c.thenEvery, count, seed: first.seed + 500 });
      }
    });
  }
  const last = Math.max(...streams.map((s) => s.start + s.count * s.periodMs));
  return {
    name: spec.name,
    server,
    process,
    pid: spec.pid,
    path:
      process === 'w3wp.exe'
        ? '\\Device\\HarddiskVolume2\\Windows\\System32\\inetsrv\\w3wp.exe'
        : '\\Device\\HarddiskVolume2\\Windows\\SysWOW64\\dllhost.exe',
    identity: {
      sid: `${DOMAIN_SID}-${3100 + n}`,
      user: process === 'w3wp.exe' ? `svc_pool${n}` : `svc_complus${n}`,
      logonId: `0x${(0x7a000 + n * 4099).toString(16)}`,
    },
    leaks: spec.again ? [leak, leak + spec.again * MINUTE] : [leak],
    ...(spec.logon ? { logoffAt: leak - 30_800 } : {}),
    streams,
    ...(spec.end ? { end: { kind: spec.end, at: last + (spec.end === 'reboot' ? 6 : 10) * MINUTE } } : {}),
    storm: streams.some((s) => s.periodMs <= 2000),
  };
}

/** Puts the incident's events on its hosts. */
function plant(incident: PlantedIncident, spec: IncidentSpec, map: PlantedMap): void {
  const server = planOf(map, incident.server);
  const processes = [
    { pid: incident.pid, path: incident.path, handles: 3 },
    { pid: 1140, path: '\\Device\\HarddiskVolume2\\Windows\\System32\\svchost.exe', handles: 1 },
  ];
  for (const [i, leak] of incident.leaks.entries()) {
    server.points.push(...leakPair(incident.server, leak, incident.identity.sid, processes, true));
    if (spec.logon) {
      const who = {
        ...incident.identity,
        logonId: `0x${(Number(incident.identity.logonId) + i).toString(16)}`,
      };
      server.points.push(...session(incident.server, who, leak - 40 * MINUTE, leak - 30_800, spec.logon));
    }
  }
  for (const stream of incident.streams) planOf(map, stream.reporter).streams.push(stream);
  const end = incident.end;
  if (end?.kind === 'exit') server.points.push(exited(incident.server, end.at, incident.pid, incident.path));
  if (end?.kind === 'recycle')
    server.points.push(recycled(incident.server, end.at, incident.pid, spec.pool ?? 'Orders'));
  if (end?.kind === 'reboot') {
    server.points.push(...reboot(incident.server, end.at));
    server.down.push([end.at + 4_000, end.at + 180_000]);
  }
}

/** Clients for each incident in turn: workstations, then web front ends, taken round the list. */
function clientPicker(hosts: readonly FleetHost[]): (n: number) => FleetHost[] {
  const pool = [...hosts.filter((h) => h.role === 'ws'), ...hosts.filter((h) => h.role === 'web').slice(4)];
  let next = 0;
  return (n) => Array.from({ length: n }, () => pool[next++ % pool.length] as FleetHost);
}
