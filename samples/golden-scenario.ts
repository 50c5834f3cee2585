/**
 * The golden day (2026-11-18): a COM+ server (APP01), an IIS server (IIS01), five clients, a day of
 * noise, two incidents and the decoys every clause of the detection contract must see through.
 * Every producer shape is here; the expected facts are exported for the tests.
 */
import type { EventSpec } from './event-spec.ts';
import { systemTime } from './event-spec.ts';
import { writeGoldenFiles } from './golden-files.ts';
import { HostLog } from './host-log.ts';
import { securityLogoff, securityLogon, userSid } from './security-events.ts';
import { seededRandom } from './seeded-random.ts';
import { aspnet1309, complusError, dcom10006, dotnet1026, hiveLeak1530 } from './windows-events.ts';

const DAY = Date.UTC(2026, 10, 18);
const at = (h: number, m: number, s: number, ms = 0, ticks = 0) =>
  systemTime(DAY + ((h * 60 + m) * 60 + s) * 1000 + ms, ticks);
const nine = (time: string) => `${time.slice(0, -1)}00Z`;
const fqdn = (name: string) => `${name}.corp.example.net`;

const XRC = { sid: userSid(1107), user: 'svc_xrc', logonId: '0x7d31c05' };
const ORDERS = { sid: userSid(1122), user: 'svc_orders', logonId: '0x91a4e27' };
const DLLHOST = { pid: 3716, path: '\\Device\\HarddiskVolume2\\Windows\\SysWOW64\\DLLHOST.EXE' };
const W3WP = { pid: 6120, path: '\\Device\\HarddiskVolume3\\Windows\\System32\\inetsrv\\w3wp.exe' };
const SVCHOST = { pid: 1188, path: '\\Device\\HarddiskVolume2\\Windows\\System32\\svchost.exe' };
const WINLOGON = { pid: 588, path: '\\Device\\HarddiskVolume2\\Windows\\System32\\winlogon.exe' };
const XRC_CLSID = '{7C8E2A41-6B3D-4F15-9E2A-5D0C3B8F1A62}';
const XRC_APPID = '{3F9A6C20-81D4-4B7E-A5C3-2E6F0D9B4A17}';
const ORDERS_CLSID = '{B5D1F3A0-2C47-4E9B-8F16-0A7D3C5E9B21}';

const APP_LEAK = at(10, 2, 14, 500, 1234);
const APP_CLASSES_LEAK = at(10, 2, 16, 611, 870);
const IIS_LEAK = at(14, 40, 5, 300, 4411);
/** Client, the server as named, stamped times. BATCH01's clock is 90 s behind: its first failure is stamped before the leak. */
const CLIENT_FAILURES: [string, string, string[]][] = [
  ['BATCH01', '\\\\APP01', [at(10, 1, 10), at(16, 58, 30)]],
  ['WEB01', 'APP01', [at(10, 5, 0, 17), at(10, 35, 0, 2), at(11, 20, 0, 88)]],
  ['WEB02', 'app01.corp.example.net', [at(10, 12, 30, 451), at(13, 45, 10, 9)]],
  ['WEB03', 'APP01.CORP.EXAMPLE.NET', [at(12, 0, 0, 640)]],
];
const ASPNET_FAILURES = [at(14, 45, 12, 77), at(15, 10, 33, 410), at(16, 30, 2, 5)];

/** What a correct detector finds in the golden scenario (times as the reader reports them). */
export const GOLDEN_SCENARIO = {
  day: '2026-11-18',
  servers: ['app01', 'iis01'],
  clients: ['batch01', 'pc-fin-07', 'web01', 'web02', 'web03'],
  incidents: [
    {
      host: 'app01',
      hostFqdn: fqdn('APP01'),
      process: 'dllhost.exe',
      pid: DLLHOST.pid,
      path: DLLHOST.path,
      sid: XRC.sid,
      leakAt: nine(APP_LEAK),
      firstFailureAt: nine(at(10, 1, 10)),
      lastFailureAt: nine(at(16, 58, 30)),
      /** 8 client 10006 (one of them in two files), COM+ classic and modern, .NET 1026. */
      failureCount: 11,
      clients: ['batch01', 'web01', 'web02', 'web03'],
      clsids: [XRC_CLSID],
    },
    {
      host: 'iis01',
      hostFqdn: fqdn('IIS01'),
      process: 'w3wp.exe',
      pid: W3WP.pid,
      path: W3WP.path,
      sid: ORDERS.sid,
      leakAt: nine(IIS_LEAK),
      firstFailureAt: nine(ASPNET_FAILURES[0] ?? ''),
      lastFailureAt: nine(ASPNET_FAILURES[2] ?? ''),
      /** ASP.NET 1309 (one of them in two files); the 06:00 one is long before the leak. */
      failureCount: 3,
      clients: [] as string[],
      clsids: [ORDERS_CLSID],
    },
  ],
  /** The _Classes hive's 1530 on APP01, two seconds after the user hive's. */
  classesLeakAt: nine(APP_CLASSES_LEAK),
  /** Stamped 20 min early by PC-FIN-07's clock: before the leak beyond the skew, so it does not count. */
  lateClockFailureAt: nine(at(9, 43, 0, 300)),
  /** Events in all files, the duplicated ones counted in each file they are in. */
  events: 3943,
  files: 23,
} as const;

/** Writes the golden day under `dir` as `<host>/2026/11/18/<file>`; returns the paths written. */
export async function writeGoldenScenario(dir: string): Promise<string[]> {
  const rng = seededRandom(20261118);
  const logs = new Map<string, HostLog>();
  for (const name of ['APP01', 'IIS01', 'WEB01', 'WEB02', 'WEB03', 'BATCH01', 'PC-FIN-07']) {
    const log = new HostLog(fqdn(name), rng);
    log.noise(name.length > 5 ? 450 : 600, DAY, DAY + 86_400_000);
    logs.set(name, log);
  }
  const log = (name: string) => logs.get(name) as HostLog;
  const app = log('APP01');
  const iis = log('IIS01');
  const on = (host: HostLog, time: string) => ({ computer: host.fqdn, time, recordId: 0 });

  // Incident 1: svc_xrc logs off APP01; dllhost (32-bit, upper-case path) loses both hives.
  app.add(
    securityLogon({ ...on(app, at(9, 31, 0, 12)), ...XRC, logonType: 10, ipAddress: '10.20.1.44' }),
    securityLogoff({ ...on(app, at(10, 1, 50, 100)), ...XRC, eventId: 4647 }),
    securityLogoff({ ...on(app, at(10, 1, 50, 300)), ...XRC, eventId: 4634, logonType: 10 }),
    hiveLeak1530({
      ...on(app, APP_LEAK),
      sid: XRC.sid,
      processes: [
        { ...DLLHOST, handles: 4 },
        { ...SVCHOST, handles: 2 },
      ],
    }),
    hiveLeak1530({
      ...on(app, APP_CLASSES_LEAK),
      sid: XRC.sid,
      classes: true,
      processes: [{ ...DLLHOST, handles: 3 }],
    }),
    withControlCharacters(complusError({ ...on(app, at(10, 2, 41, 200)), appId: XRC_APPID, appName: 'XRC' })),
    complusError({
      ...on(app, at(10, 5, 1, 930)),
      appId: XRC_APPID,
      appName: 'XRC',
      modern: true,
      eventId: 4691,
      pid: DLLHOST.pid,
    }),
    dotnet1026({ ...on(app, at(11, 20, 1, 512)) }),
  );
  for (const [client, named, times] of CLIENT_FAILURES) {
    const host = log(client);
    host.add(...times.map((time) => dcom10006({ ...on(host, time), server: named, clsid: XRC_CLSID })));
  }

  // Incident 2: svc_orders, the Orders app pool identity, logs off IIS01; w3wp loses its hive.
  iis.add(
    securityLogon({ ...on(iis, at(14, 20, 0, 5)), ...ORDERS, logonType: 10, ipAddress: '10.20.3.8' }),
    securityLogoff({ ...on(iis, at(14, 39, 40)), ...ORDERS, eventId: 4647 }),
    hiveLeak1530({
      ...on(iis, IIS_LEAK),
      sid: ORDERS.sid,
      processes: [
        { ...W3WP, handles: 4 },
        { ...SVCHOST, handles: 1 },
      ],
    }),
    ...ASPNET_FAILURES.map((time, i) =>
      aspnet1309({
        ...on(iis, time),
        pid: W3WP.pid,
        appPool: 'Orders',
        clsid: ORDERS_CLSID,
        eventGuid: `e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b${i}`,
      }),
    ),
  );

  // Decoys: a harmless 1530, failures naming hosts without a leak, a failure long before a leak,
  // a client whose clock is 20 minutes behind.
  app.add(
    hiveLeak1530({
      ...on(app, at(3, 0, 9, 45)),
      sid: userSid(1150),
      processes: [
        { ...SVCHOST, handles: 2 },
        { ...WINLOGON, handles: 1 },
      ],
    }),
  );
  log('WEB03').add(dcom10006({ ...on(log('WEB03'), at(11, 0, 0, 1)), server: 'APP09', clsid: XRC_CLSID }));
  log('BATCH01').add(
    complusError({ ...on(log('BATCH01'), at(13, 0, 0, 3)), appId: XRC_APPID, appName: 'XRC' }),
  );
  iis.add(aspnet1309({ ...on(iis, at(6, 0, 0, 250)), pid: 4410, appPool: 'Orders', clsid: ORDERS_CLSID }));
  log('PC-FIN-07').add(
    dcom10006({ ...on(log('PC-FIN-07'), at(9, 43, 0, 300)), server: 'APP01', clsid: XRC_CLSID }),
  );

  for (const host of logs.values()) host.seal();
  return writeGoldenFiles(dir, DAY, log);
}

/** Windows writes control characters into Data; they must not cost the event. */
function withControlCharacters(spec: EventSpec): EventSpec {
  const text = spec.data?.[0] && 'value' in spec.data[0] ? spec.data[0].value : '';
  return {
    ...spec,
    data: [{ value: text.replace('COM+ Services Internals', '\x13COM+ Services\x01 Internals') }],
  };
}
