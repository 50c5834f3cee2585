/** Application log noise of the corpus: crashes, .NET stack traces, SQL Server, the profile service's 1517. */
import type { Host } from './corp-network.ts';
import type { CorpusWorld } from './corpus-world.ts';
import type { EventSpec } from './event-spec.ts';
import { applicationCrashed, profileServiceEvent } from './ordinary-events.ts';

const APPS = [
  'ReportWorker.exe',
  'Portal.Host.exe',
  'sqlservr.exe',
  'mmc.exe',
  'Zählerdienst.exe',
  'explorer.exe',
];

export function applicationError(w: CorpusWorld, host: Host = w.host()): EventSpec {
  const app = w.rnd.pick(APPS);
  const module = w.rnd.pick(['ntdll.dll', 'KERNELBASE.dll', 'clr.dll', 'ucrtbase.dll', app]);
  const at = w.place(host, 'Application');
  const classic = w.rnd.chance(0.3);
  const values = [
    app,
    '10.0.17763.1',
    w.rnd.hex(8),
    module,
    '10.0.17763.5830',
    w.rnd.hex(8),
    w.rnd.pick(['c0000005', 'c0000409', 'e0434352']),
    `0x${w.rnd.hex(16)}`,
    `0x${w.rnd.hex(4)}`,
    `0x01db${w.rnd.hex(12)}`,
    `D:\\Apps\\${app}`,
    `C:\\Windows\\SYSTEM32\\${module}`,
    w.rnd.guid().slice(1, -1),
    '',
    '',
  ];
  if (!w.rnd.chance(0.35)) return applicationCrashed({ ...at, values, classic });
  return applicationCrashed({
    ...at,
    values,
    classic,
    message:
      `Faulting application name: ${app}, version: 10.0.17763.1\r\nFaulting module name: ${module}\r\n` +
      `Exception code: ${values[6]}\r\nFault offset: ${values[7]}`,
    rendering: { level: 'Error', task: 'Application Crashing Events', keywords: ['Classic'] },
  });
}

const FRAMES = [
  '   at System.Data.SqlClient.SqlConnection.OnError(System.Data.SqlClient.SqlException, Boolean, System.Action`1<System.Action>)',
  '   at System.Data.SqlClient.TdsParser.TryRun(System.Data.SqlClient.RunBehavior, System.Data.SqlClient.SqlCommand)',
  '   at Contoso.Reports.Worker.RenderQueue.Drain(System.Threading.CancellationToken)',
  '   at System.Threading.ExecutionContext.RunInternal(System.Threading.ExecutionContext, System.Threading.ContextCallback, System.Object, Boolean)',
  '   at System.IO.__Error.WinIOError(Int32, System.String)',
  '   at System.IO.FileStream.Init(System.String, System.IO.FileMode, System.IO.FileAccess, Int32, Boolean)',
  '   at Contoso.Portal.Cache.Warm(System.Collections.Generic.IEnumerable`1<System.String>)',
];

/** .NET Runtime 1026 with a stack of 6–40 frames: the long single Data of real logs. */
export function dotNetCrash(
  w: CorpusWorld,
  exception = 'System.IO.FileNotFoundException',
  extra = '',
  host = w.host(),
): EventSpec {
  const e = w.base(host, 'Application', { name: '.NET Runtime' }, 1026, {
    qualifiers: 0,
    level: 2,
    classic: true,
  });
  const frames = Array.from({ length: w.rnd.int(6, 40) }, () => w.rnd.pick(FRAMES)).join('\r\n');
  const text =
    `Application: ${w.rnd.pick(APPS)}\r\nFramework Version: v4.0.30319\r\n` +
    `Description: The process was terminated due to an unhandled exception.\r\nException Info: ${exception}${extra}\r\n${frames}\r\n`;
  e.data = [{ value: text }];
  return e;
}

/** MSSQLSERVER 17137 (database started) or 18456 (login failed), classic, with their Binary. */
export function sqlServer(w: CorpusWorld, host: Host = w.host('sql')): EventSpec {
  const login = w.rnd.chance(0.4);
  const e = w.base(host, 'Application', { name: 'MSSQLSERVER' }, login ? 18456 : 17137, {
    qualifiers: login ? 49152 : 16384,
    level: login ? 0 : 4,
    task: login ? 4 : 2,
    classic: true,
  });
  const db = w.rnd.pick(['Reporting', 'PortalDB', 'msdb', 'Überweisungen', 'SharePoint_Config']);
  const header = login ? '184800000E00000009000000' : 'F14200000A0000000A000000';
  const hostHex = Buffer.from(host.short, 'utf16le').toString('hex').toUpperCase();
  e.data = login
    ? [
        { value: `CORP\\${w.account().name}` },
        { value: `Reason: Failed to open the explicitly specified database '${db}'.` },
        { value: `[CLIENT: ${w.host('ws').ip}]` },
      ]
    : [{ value: w.rnd.chance(0.02) ? `${db}\u0001\u0013` : db }];
  e.binary = `${header}${hostHex}0000070000004D00610073007400650072000000`;
  return e;
}

/**
 * User Profile Service 1517 (a hive saved at logoff while still in use, naming the user). Its 1531/1532
 * (service started / stopped) are written only at boot and shutdown: see corpus-restart-events.ts.
 */
export function profileService(w: CorpusWorld, host: Host = w.host()): EventSpec {
  return profileServiceEvent({ ...w.place(host, 'Application'), eventId: 1517, userSid: w.account().sid });
}
