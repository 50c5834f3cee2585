import type { CorpusEvent } from './corpus-event.ts';
import type { CorpusWorld } from './corpus-world.ts';

/** Application and operational logs: crashes, SQL Server, Group Policy, UserData events, long script blocks. */
export const PROFILES = {
  name: 'Microsoft-Windows-User Profiles Service',
  guid: '{89b1e9f0-5aff-44a6-9b44-0a07a7ce5845}',
};
const APPS = [
  'ReportWorker.exe',
  'Portal.Host.exe',
  'sqlservr.exe',
  'mmc.exe',
  'Zählerdienst.exe',
  'explorer.exe',
];

export function applicationError(w: CorpusWorld): CorpusEvent {
  const host = w.host();
  const app = w.rnd.pick(APPS);
  const module = w.rnd.pick(['ntdll.dll', 'KERNELBASE.dll', 'clr.dll', 'ucrtbase.dll', app]);
  const e = w.base(host, 'Application', { name: 'Application Error' }, 1000, {
    qualifiers: 0,
    level: 2,
    task: 100,
    classic: w.rnd.chance(0.3),
  });
  const items = [
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
  ].map((value) => ({ value }));
  e.eventData = { items };
  if (w.rnd.chance(0.35)) {
    e.rendering = {
      culture: 'en-US',
      message: `Faulting application name: ${app}, version: 10.0.17763.1\r\nFaulting module name: ${module}\r\nException code: ${items[6]?.value}\r\nFault offset: ${items[7]?.value}`,
      level: 'Error',
      task: 'Application Crashing Events',
      keywords: ['Classic'],
    };
  }
  return e;
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

export function dotNetCrash(
  w: CorpusWorld,
  exception = 'System.IO.FileNotFoundException',
  extra = '',
  host = w.host(),
): CorpusEvent {
  const e = w.base(host, 'Application', { name: '.NET Runtime' }, 1026, {
    qualifiers: 0,
    level: 2,
    classic: true,
  });
  const frames = Array.from({ length: w.rnd.int(6, 40) }, () => w.rnd.pick(FRAMES)).join('\r\n');
  const text = `Application: ${w.rnd.pick(APPS)}\r\nFramework Version: v4.0.30319\r\nDescription: The process was terminated due to an unhandled exception.\r\nException Info: ${exception}${extra}\r\n${frames}\r\n`;
  e.eventData = { items: [{ value: text }] };
  return e;
}

export function sqlServer(w: CorpusWorld): CorpusEvent {
  const host = w.host('sql');
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
  e.eventData = {
    items: login
      ? [
          { value: `CORP\\${w.account().name}` },
          { value: `Reason: Failed to open the explicitly specified database '${db}'.` },
          { value: `[CLIENT: ${w.host('ws').ip}]` },
        ]
      : [{ value: w.rnd.chance(0.02) ? `${db}\u0001\u0013` : db }],
    binary: `${header}${hostHex}0000070000004D00610073007400650072000000`,
  };
  return e;
}

export function groupPolicy(w: CorpusWorld): CorpusEvent {
  const host = w.host();
  const source = { name: 'Microsoft-Windows-GroupPolicy', guid: '{AEA1B4FA-97D1-45F2-A64C-4D69FFFD92C9}' };
  const e = w.base(host, 'System', source, w.rnd.pick([1500, 1501, 1502, 1503]), {
    task: 0,
    keywords: '0x8000000000000000',
    userId: 'S-1-5-18',
  });
  e.eventData = {
    items: [
      { name: 'SupportInfo1', value: '1' },
      { name: 'SupportInfo2', value: String(w.rnd.int(2000, 5000)) },
      { name: 'ProcessingMode', value: '0' },
      { name: 'ProcessingTimeInMilliseconds', value: String(w.rnd.int(100, 9000)) },
      { name: 'DCName', value: `\\\\DC0${w.rnd.int(1, 3)}.corp.example.net` },
      { name: 'NumberOfGroupPolicyObjects', value: String(w.rnd.int(2, 14)) },
    ],
  };
  return e;
}

/** Group Policy preference and restart manager events carry <UserData> instead of <EventData>. */
export function userDataEvent(w: CorpusWorld): CorpusEvent {
  const host = w.host();
  const kind = w.rnd.int(0, 2);
  if (kind === 0) {
    const source = { name: 'Group Policy Drive Maps', guid: '{BF5CB7D4-D4BD-4D5C-9B8F-3C7E8D4E8A61}' };
    const e = w.base(host, 'Application', source, 4098, {
      level: 3,
      keywords: '0x80000000000000',
      userId: w.account().sid,
    });
    e.userData = `<GPPEvent xmlns='http://schemas.microsoft.com/GroupPolicy/Preferences'><Name>H:</Name><Path>\\\\FS0${w.rnd.int(1, 3)}\\Home$\\%USERNAME%</Path><ErrorCode>0x80070035 The network path was not found.</ErrorCode></GPPEvent>`;
    return e;
  }
  if (kind === 1) {
    const source = {
      name: 'Microsoft-Windows-RestartManager',
      guid: '{0888e5ef-9b98-4695-979d-e92ce4247224}',
    };
    const e = w.base(host, 'Application', source, w.rnd.pick([10000, 10001]), {
      keywords: '0x8000000000000000',
      userId: 'S-1-5-18',
    });
    e.userData = `<RmSessionEvent xmlns='http://www.microsoft.com/2005/08/Windows/Reliability/RestartManager/'><RmSessionId>${w.rnd.int(0, 3)}</RmSessionId><UTCStartTime>2026-05-10T08:12:41.7322713Z</UTCStartTime></RmSessionEvent>`;
    return e;
  }
  const source = { name: 'Microsoft-Windows-Eventlog', guid: '{fc65ddd8-d6ef-4962-83d5-6e5cfe9ce148}' };
  const who = w.account();
  const e = w.base(host, 'Security', source, 1102, { task: 104, keywords: '0x4020000000000000' });
  e.userData = `<LogFileCleared xmlns='http://manifests.microsoft.com/win/2004/08/windows/eventlog'><SubjectUserSid>${who.sid}</SubjectUserSid><SubjectUserName>${who.name}</SubjectUserName><SubjectDomainName>CORP</SubjectDomainName><SubjectLogonId>0x4a1f2c</SubjectLogonId></LogFileCleared>`;
  return e;
}

export function profileService(w: CorpusWorld): CorpusEvent {
  const id = w.rnd.pick([1531, 1532, 1517]);
  const e = w.base(w.host(), 'Application', PROFILES, id, {
    level: id === 1517 ? 3 : 4,
    keywords: '0x8000000000000000',
    userId: 'S-1-5-18',
  });
  e.eventData = { items: id === 1517 ? [{ name: 'UserSid', value: w.account().sid }] : [] };
  return e;
}

export function scheduledTask(w: CorpusWorld): CorpusEvent {
  const source = { name: 'Microsoft-Windows-TaskScheduler', guid: '{de7b24ea-73c8-4a09-985d-5bdadcfa9017}' };
  const id = w.rnd.pick([100, 102, 200, 201]);
  const e = w.base(w.host(), 'Microsoft-Windows-TaskScheduler/Operational', source, id, {
    task: id,
    opcode: id > 150 ? 2 : 1,
    keywords: '0x8000000000000000',
    userId: 'S-1-5-18',
  });
  const task = w.rnd.pick([
    '\\Microsoft\\Windows\\UpdateOrchestrator\\Schedule Scan',
    '\\Contoso\\Nightly Export',
    '\\Contoso\\Bereinigung Temp',
    '\\Contoso\\Sicherung 📦 nächtlich',
  ]);
  e.eventData = {
    items: [
      { name: 'TaskName', value: task },
      { name: 'TaskInstanceId', value: w.rnd.guid() },
      ...(id === 201
        ? [
            { name: 'ActionName', value: 'C:\\Windows\\system32\\cmd.exe' },
            { name: 'ResultCode', value: '0' },
          ]
        : [{ name: 'UserContext', value: 'CORP\\svc_backup' }]),
    ],
  };
  return e;
}

/** PowerShell 4104 carries whole scripts: the long Data of real collections. */
export function scriptBlock(w: CorpusWorld): CorpusEvent {
  const source = { name: 'Microsoft-Windows-PowerShell', guid: '{A0C1853B-5C40-4B15-8766-3CF1C58F985A}' };
  const e = w.base(w.host(), 'Microsoft-Windows-PowerShell/Operational', source, 4104, {
    version: 1,
    level: 5,
    task: 2,
    opcode: 15,
    keywords: '0x0',
    userId: w.account().sid,
  });
  const lines = [
    'function Rotate-Logs { param([int]$Days = 30)',
    "  Get-ChildItem -Path 'D:\\Logs' -Filter *.log | Where-Object { $_.LastWriteTime -lt (Get-Date).AddDays(-$Days) } | Remove-Item -Force",
    '  $summary = @{ Host = $env:COMPUTERNAME; When = (Get-Date -Format o); Count = $removed.Count }',
    '  Write-Verbose "Bereinigung abgeschlossen: $($summary.Count) Dateien <älter> als $Days Tage & mehr"',
    '  if ($LASTEXITCODE -ne 0) { throw [System.InvalidOperationException]::new("rotation failed") }',
    '}',
  ];
  // A few scripts are long enough that PowerShell splits them into parts of ~20 000 characters.
  const long = w.rnd.chance(0.03);
  const count = long ? w.rnd.int(150, 180) : w.rnd.int(10, 160);
  const text = Array.from({ length: count }, (_, i) => lines[i % lines.length]).join('\n');
  const total = long ? w.rnd.int(2, 12) : 1;
  e.eventData = {
    items: [
      { name: 'MessageNumber', value: String(long ? w.rnd.int(1, total) : 1) },
      { name: 'MessageTotal', value: String(total) },
      { name: 'ScriptBlockText', value: text },
      { name: 'ScriptBlockId', value: w.rnd.guid().slice(1, -1) },
      { name: 'Path', value: 'D:\\Scripts\\Rotate-Logs.ps1' },
    ],
  };
  return e;
}
