/**
 * Group Policy, Task Scheduler, PowerShell and the UserData events (GPP drive maps, Restart Manager,
 * a cleared log) of the corpus: operational channels and payloads that are not EventData.
 */
import type { Host } from './corp-network.ts';
import type { CorpusWorld } from './corpus-world.ts';
import type { EventSpec } from './event-spec.ts';

export function groupPolicy(w: CorpusWorld, host: Host = w.host()): EventSpec {
  const source = { name: 'Microsoft-Windows-GroupPolicy', guid: '{AEA1B4FA-97D1-45F2-A64C-4D69FFFD92C9}' };
  const e = w.base(host, 'System', source, w.rnd.pick([1500, 1501, 1502, 1503]), {
    task: 0,
    keywords: '0x8000000000000000',
    userId: 'S-1-5-18',
  });
  e.data = [
    { name: 'SupportInfo1', value: '1' },
    { name: 'SupportInfo2', value: String(w.rnd.int(2000, 5000)) },
    { name: 'ProcessingMode', value: '0' },
    { name: 'ProcessingTimeInMilliseconds', value: String(w.rnd.int(100, 9000)) },
    { name: 'DCName', value: `\\\\DC0${w.rnd.int(1, 3)}.corp.example.net` },
    { name: 'NumberOfGroupPolicyObjects', value: String(w.rnd.int(2, 14)) },
  ];
  return e;
}

export function driveMapFailed(w: CorpusWorld, host: Host = w.host()): EventSpec {
  const source = { name: 'Group Policy Drive Maps', guid: '{BF5CB7D4-D4BD-4D5C-9B8F-3C7E8D4E8A61}' };
  const e = w.base(host, 'Application', source, 4098, {
    level: 3,
    keywords: '0x80000000000000',
    userId: w.account().sid,
  });
  e.userData = `<GPPEvent xmlns='http://schemas.microsoft.com/GroupPolicy/Preferences'><Name>H:</Name><Path>\\\\FS0${w.rnd.int(1, 3)}\\Home$\\%USERNAME%</Path><ErrorCode>0x80070035 The network path was not found.</ErrorCode></GPPEvent>`;
  return e;
}

export function restartManagerSession(w: CorpusWorld, host: Host = w.host()): EventSpec {
  const source = { name: 'Microsoft-Windows-RestartManager', guid: '{0888e5ef-9b98-4695-979d-e92ce4247224}' };
  const e = w.base(host, 'Application', source, w.rnd.pick([10000, 10001]), {
    keywords: '0x8000000000000000',
    userId: 'S-1-5-18',
  });
  e.userData = `<RmSessionEvent xmlns='http://www.microsoft.com/2005/08/Windows/Reliability/RestartManager/'><RmSessionId>${w.rnd.int(0, 3)}</RmSessionId><UTCStartTime>2026-05-10T08:12:41.7322713Z</UTCStartTime></RmSessionEvent>`;
  return e;
}

/** Eventlog 1102 in the Security log: who cleared it. */
export function securityLogCleared(w: CorpusWorld, host: Host = w.host()): EventSpec {
  const source = { name: 'Microsoft-Windows-Eventlog', guid: '{fc65ddd8-d6ef-4962-83d5-6e5cfe9ce148}' };
  const who = w.account();
  const e = w.base(host, 'Security', source, 1102, { task: 104, keywords: '0x4020000000000000' });
  e.userData = `<LogFileCleared xmlns='http://manifests.microsoft.com/win/2004/08/windows/eventlog'><SubjectUserSid>${who.sid}</SubjectUserSid><SubjectUserName>${who.name}</SubjectUserName><SubjectDomainName>CORP</SubjectDomainName><SubjectLogonId>0x4a1f2c</SubjectLogonId></LogFileCleared>`;
  return e;
}

/** One of the three UserData events, equally likely. */
export function userDataEvent(w: CorpusWorld): EventSpec {
  const host = w.host();
  return [driveMapFailed, restartManagerSession, securityLogCleared][w.rnd.int(0, 2)]?.(w, host) as EventSpec;
}

export function scheduledTask(w: CorpusWorld, host: Host = w.host()): EventSpec {
  const source = { name: 'Microsoft-Windows-TaskScheduler', guid: '{de7b24ea-73c8-4a09-985d-5bdadcfa9017}' };
  const id = w.rnd.pick([100, 102, 200, 201]);
  const e = w.base(host, 'Microsoft-Windows-TaskScheduler/Operational', source, id, {
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
  e.data = [
    { name: 'TaskName', value: task },
    { name: 'TaskInstanceId', value: w.rnd.guid() },
    ...(id === 201
      ? [
          { name: 'ActionName', value: 'C:\\Windows\\system32\\cmd.exe' },
          { name: 'ResultCode', value: '0' },
        ]
      : [{ name: 'UserContext', value: 'CORP\\svc_backup' }]),
  ];
  return e;
}

const SCRIPT = [
  'function Rotate-Logs { param([int]$Days = 30)',
  "  Get-ChildItem -Path 'D:\\Logs' -Filter *.log | Where-Object { $_.LastWriteTime -lt (Get-Date).AddDays(-$Days) } | Remove-Item -Force",
  '  $summary = @{ Host = $env:COMPUTERNAME; When = (Get-Date -Format o); Count = $removed.Count }',
  '  Write-Verbose "Bereinigung abgeschlossen: $($summary.Count) Dateien <älter> als $Days Tage & mehr"',
  '  if ($LASTEXITCODE -ne 0) { throw [System.InvalidOperationException]::new("rotation failed") }',
  '}',
];

/** PowerShell 4104 carries whole scripts: the long Data of real collections. */
export function scriptBlock(w: CorpusWorld, host: Host = w.host()): EventSpec {
  const source = { name: 'Microsoft-Windows-PowerShell', guid: '{A0C1853B-5C40-4B15-8766-3CF1C58F985A}' };
  const e = w.base(host, 'Microsoft-Windows-PowerShell/Operational', source, 4104, {
    version: 1,
    level: 5,
    task: 2,
    opcode: 15,
    keywords: '0x0',
    userId: w.account().sid,
  });
  // A few scripts are long enough that PowerShell splits them into parts of ~20 000 characters.
  const long = w.rnd.chance(0.03);
  const count = long ? w.rnd.int(150, 180) : w.rnd.int(10, 160);
  const text = Array.from({ length: count }, (_, i) => SCRIPT[i % SCRIPT.length]).join('\n');
  const total = long ? w.rnd.int(2, 12) : 1;
  e.data = [
    { name: 'MessageNumber', value: String(long ? w.rnd.int(1, total) : 1) },
    { name: 'MessageTotal', value: String(total) },
    { name: 'ScriptBlockText', value: text },
    { name: 'ScriptBlockId', value: w.rnd.guid().slice(1, -1) },
    { name: 'Path', value: 'D:\\Scripts\\Rotate-Logs.ps1' },
  ];
  return e;
}
