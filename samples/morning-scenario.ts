/**
 * A realistic morning with exactly one incident, shipped with `npm start`: the COM+ server APP01 runs
 * the XRC application as svc_xrc; someone logs on to APP01 as svc_xrc over RDP and logs off at 09:14,
 * the profile service unloads the hive under dllhost.exe, and from 09:20 every activation fails on
 * the three clients (DCOM 10006, the server named three ways) and on the server (COM+ 0x800703fa).
 */

import type { EventSpec } from './event-spec.ts';
import { systemTime } from './event-spec.ts';
import { HostLog, writeHostFiles } from './host-log.ts';
import { securityLogoff, securityLogon, userSid } from './security-events.ts';
import { seededRandom } from './seeded-random.ts';
import { complusError, dcom10006, hiveLeak1530 } from './windows-events.ts';

/** The day the tests and the golden facts use; `npm start` plays the same morning on a recent day. */
export const MORNING_DAY = Date.UTC(2026, 10, 17);
type Clock = (h: number, m: number, s: number, ms?: number, ticks?: number) => string;
/** Times of one day: `at(9, 14, 21, 123, 4567)` is 09:14:21.1234567 UTC that day. */
const clockOf =
  (day: number): Clock =>
  (h, m, s, ms = 0, ticks = 0) =>
    systemTime(day + ((h * 60 + m) * 60 + s) * 1000 + ms, ticks);
const at = clockOf(MORNING_DAY);
/** A `SystemTime` as the reader reports it (9 fractional digits). */
const nine = (time: string) => `${time.slice(0, -1)}00Z`;

const SERVER = 'APP01.corp.example.net';
const SVC = { sid: userSid(1107), user: 'svc_xrc', logonId: '0x5c2e91a' };
const DLLHOST = { pid: 2428, path: '\\Device\\HarddiskVolume2\\Windows\\SysWOW64\\dllhost.exe' };
const SVCHOST = { pid: 1140, path: '\\Device\\HarddiskVolume2\\Windows\\System32\\svchost.exe' };
const XRC_CLSID = '{7C8E2A41-6B3D-4F15-9E2A-5D0C3B8F1A62}';
const XRC_APPID = '{3F9A6C20-81D4-4B7E-A5C3-2E6F0D9B4A17}';

const leakUser = (at: Clock) => at(9, 14, 21, 123, 4567);
const leakClasses = (at: Clock) => at(9, 14, 23, 301, 2210);
/** Client, the server as that client names it, and when each activation failed. */
const clientFailures = (at: Clock): [string, string, string[]][] => [
  [
    'WEB01.corp.example.net',
    'APP01',
    [at(9, 20, 0, 104), at(9, 47, 12, 530), at(10, 31, 40, 9), at(11, 5, 3, 771)],
  ],
  ['WEB02.corp.example.net', 'app01.corp.example.net', [at(9, 26, 44, 250), at(10, 58, 19, 602)]],
  ['BATCH01.corp.example.net', '\\\\APP01', [at(9, 30, 0, 212), at(10, 30, 0, 187), at(11, 30, 0, 240)]],
];
const serverFailure = (at: Clock) => at(9, 20, 0, 518, 3302);

/** What a correct detector finds in the morning scenario (times as the reader reports them). */
export const MORNING_SCENARIO = {
  day: '2026-11-17',
  server: { host: 'app01', fqdn: SERVER },
  clients: ['batch01', 'web01', 'web02'],
  hosts: ['app01', 'batch01', 'web01', 'web02'],
  incidents: 1,
  /** The _Classes hive's 1530, two seconds after the user hive's. */
  classesLeakAt: nine(leakClasses(at)),
  incident: {
    host: 'app01',
    hostFqdn: SERVER,
    process: 'dllhost.exe',
    pid: DLLHOST.pid,
    path: DLLHOST.path,
    sid: SVC.sid,
    leakAt: nine(leakUser(at)),
    firstFailureAt: nine(clientFailures(at)[0]?.[2][0] ?? ''),
    lastFailureAt: nine(at(11, 30, 0, 240)),
    failureCount: 10,
    clients: ['batch01', 'web01', 'web02'],
    clsids: [XRC_CLSID],
  },
  /** Every event in the files: noise, svc_xrc logon/logoffs, two 1530s, COM+ error, 10006s, a harmless 1530. */
  events: 4 * 420 + 3 + 2 + 1 + 9 + 1,
  files: 13,
} as const;

/** The latest morning whose failures are over: today's after noon UTC, else yesterday's. */
export function latestMorningDay(now: number): number {
  const today = now - (now % 86_400_000);
  return now - today >= 12 * 3600_000 ? today : today - 86_400_000;
}

/**
 * Writes the scenario under `dir` as `<host>/<yyyy>/<mm>/<dd>/<file>`; returns the paths written. The same
 * morning (same events, same record ids) on `day` (UTC midnight, ms), 2026-11-17 unless told otherwise.
 */
export async function writeMorningScenario(dir: string, day = MORNING_DAY): Promise<string[]> {
  const at = clockOf(day);
  const rng = seededRandom(20261117);
  const from = day + 6 * 3600_000;
  const to = day + 12 * 3600_000;
  const server = new HostLog(SERVER, rng);
  server.noise(420, from, to);
  const svc = (time: string) => ({ computer: SERVER, time, recordId: 0, ...SVC });
  server.add(
    securityLogon({ ...svc(at(8, 51, 2, 640)), logonType: 10, ipAddress: '10.20.1.44' }),
    securityLogoff({ ...svc(at(9, 14, 7, 220)), eventId: 4647 }),
    securityLogoff({ ...svc(at(9, 14, 7, 391)), eventId: 4634, logonType: 10 }),
    leak(leakUser(at), false),
    leak(leakClasses(at), true),
    complusError({
      computer: SERVER,
      time: serverFailure(at),
      recordId: 0,
      appId: XRC_APPID,
      appName: 'XRC',
    }),
  );
  const clients = clientFailures(at).map(([fqdn, named, times]) => {
    const log = new HostLog(fqdn, rng);
    log.noise(420, from, to);
    const failures: EventSpec[] = times.map((time) =>
      dcom10006({
        computer: fqdn,
        server: named,
        clsid: XRC_CLSID,
        time,
        recordId: 0,
        userId: userSid(1203),
      }),
    );
    log.add(...failures);
    return log;
  });
  const [web01, web02, batch01] = clients as [HostLog, HostLog, HostLog];
  // A 1530 is common and harmless when it names only Windows' own processes.
  web02.add(
    hiveLeak1530({
      computer: web02.fqdn,
      time: at(7, 45, 12, 5),
      sid: userSid(1142),
      recordId: 0,
      processes: [
        { pid: 612, path: '\\Device\\HarddiskVolume2\\Windows\\System32\\winlogon.exe', handles: 1 },
        { pid: 1096, path: '\\Device\\HarddiskVolume2\\Windows\\System32\\svchost.exe', handles: 2 },
      ],
    }),
  );
  for (const log of [server, ...clients]) log.seal();
  const nine00 = `${new Date(day).toISOString().slice(0, 10)}T09:00`;
  return [
    ...(await writeHostFiles(dir, server, day, [
      {
        name: 'Application-0600.xml.gz',
        events: server.slice('Application', '', nine00),
        style: 'wevtutil',
        gzip: true,
      },
      {
        name: 'Application-0900.xml.gz',
        events: server.slice('Application', nine00),
        style: 'wevtutil',
        gzip: true,
      },
      { name: 'System-0600.xml.gz', events: server.slice('System'), style: 'wevtutil', gzip: true },
      { name: 'Security-0600.xml', events: server.slice('Security'), style: 'wevtutil' },
    ])),
    ...(await writeHostFiles(dir, web01, day, [
      { name: 'System-0600.xml', events: web01.slice('System'), style: 'toxml', encoding: 'utf-16le' },
      { name: 'Application-0600.xml.gz', events: web01.slice('Application'), style: 'toxml', gzip: true },
      { name: 'Security-0600.xml.gz', events: web01.slice('Security'), style: 'toxml', gzip: true },
    ])),
    ...(await writeHostFiles(dir, web02, day, [
      { name: 'System-0600.xml', events: web02.slice('System'), style: 'event-viewer' },
      {
        name: 'Application-0600.xml.gz',
        events: web02.slice('Application'),
        style: 'event-viewer',
        gzip: true,
      },
      { name: 'Security-0600.xml.gz', events: web02.slice('Security'), style: 'event-viewer', gzip: true },
    ])),
    ...(await writeHostFiles(dir, batch01, day, [
      { name: 'System-0600.xml.gz', events: batch01.slice('System'), style: 'wevtutil', gzip: true },
      {
        name: 'Application-0600.xml.gz',
        events: batch01.slice('Application'),
        style: 'wevtutil',
        gzip: true,
      },
      { name: 'Security-0600.xml.gz', events: batch01.slice('Security'), style: 'wevtutil', gzip: true },
    ])),
  ];
}

function leak(time: string, classes: boolean) {
  const processes = classes
    ? [
        { ...DLLHOST, handles: 2 },
        { ...SVCHOST, handles: 1 },
      ]
    : [
        { ...DLLHOST, handles: 3 },
        { ...SVCHOST, handles: 2 },
      ];
  return hiveLeak1530({ computer: SERVER, time, sid: SVC.sid, classes, recordId: 0, processes });
}
