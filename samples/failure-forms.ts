/**
 * Server-side failures that carry ERROR_KEY_DELETED in the other ways real Windows writes it (issue 9
 * §1): the HRESULT in a WAS Binary, as signed or unsigned decimal, NTSTATUS, and the localized system
 * message. Each builder follows a real rendering or documented layout, named in its comment.
 */
import type { EventSpec } from './event-spec.ts';
import { dotnetUnhandled } from './windows-events.ts';

interface Common {
  computer: string;
  time: string;
  recordId: number;
}

export const WAS_PROVIDER = {
  name: 'Microsoft-Windows-WAS',
  guid: '{524B5D04-133C-4A62-8362-64E8EDB9CE40}',
  eventSourceName: 'WAS',
} as const;

/** HRESULT_FROM_WIN32(ERROR_KEY_DELETED). */
export const E_KEY_DELETED = 0x800703fa;

/** A 32-bit value as Windows stores a DWORD in `<Binary>`: little-endian, upper-case hex (0x8007006D → 6D000780). */
export function dwordHex(value: number): string {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value >>> 0);
  return bytes.toString('hex').toUpperCase();
}

/**
 * WAS 5011 "A process serving application pool '%1' suffered a fatal communication error with the Windows
 * Process Activation Service. The process id was '%2'. The data field contains the error number." Layout
 * of a real 5011 (Microsoft Q&A, Exchange server): Data AppPoolID, ProcessID, the HRESULT as Binary.
 * 5009 ("terminated unexpectedly") is written the same way here; its third insertion (exit code) has no
 * confirmed Data name.
 */
export function wasWorkerFailure(
  spec: Common & { eventId?: 5011 | 5009; appPool: string; pid: number; hresult?: number },
): EventSpec {
  const hresult = spec.hresult ?? E_KEY_DELETED;
  const eventId = spec.eventId ?? 5011;
  const message =
    eventId === 5011
      ? `A process serving application pool '${spec.appPool}' suffered a fatal communication error with the Windows Process Activation Service. The process id was '${spec.pid}'. The data field contains the error number.`
      : `A process serving application pool '${spec.appPool}' terminated unexpectedly. The process id was '${spec.pid}'. The process exit code was '0xff'.`;
  return {
    provider: { ...WAS_PROVIDER },
    eventId,
    qualifiers: 32768,
    level: 3,
    keywords: '0x80000000000000',
    timeCreated: spec.time,
    recordId: spec.recordId,
    channel: 'System',
    computer: spec.computer,
    processId: 0,
    threadId: 0,
    data: [
      { name: 'AppPoolID', value: spec.appPool },
      { name: 'ProcessID', value: String(spec.pid) },
      ...(eventId === 5009 ? [{ name: 'ExitCode', value: 'ff' }] : []),
    ],
    binary: dwordHex(hresult),
    message,
  };
}

/**
 * AppModel-State 23 as in corpus/real windows-export Application: `OperationError` holds the HRESULT as
 * signed decimal (the real one: -2147024894), repeated in the rendered message.
 */
export function signedDecimalHresult(spec: Common & { hresult?: number; packageFamily?: string }): EventSpec {
  const signed = (spec.hresult ?? E_KEY_DELETED) | 0;
  const family = spec.packageFamily ?? 'Contoso.OrdersClient_8wekyb3d8bbwe';
  return {
    provider: { name: 'Microsoft-Windows-AppModel-State', guid: '{bff15e13-81bf-45ee-8b16-7cfead00da86}' },
    eventId: 23,
    level: 3,
    keywords: '0x8000000000000000',
    timeCreated: spec.time,
    recordId: spec.recordId,
    channel: 'Application',
    computer: spec.computer,
    processId: 3372,
    threadId: 9388,
    userId: 'S-1-5-21-4155168598-3527253067-2058671051-1000',
    data: [
      { name: 'Operation', value: 'InitializeDataChangedSignaler' },
      { name: 'PackageFamily', value: family },
      { name: 'OperationError', value: String(signed) },
    ],
    message: `Triggered repair of state locations because operation InitializeDataChangedSignaler against package ${family} hit error ${signed}.`,
  };
}

/**
 * PowerShell 4100 (layout of a real 4100 in corpus/real evtxexport: ContextInfo, UserData, Payload) whose
 * Payload quotes a WSManFault: WinRM writes its `Code` as the HRESULT in unsigned decimal (real
 * Set-WSManQuickConfig / Test-WSMan output: `Code="2150859113"`).
 */
export function wsmanFaultWarning(spec: Common & { code?: number; machine: string }): EventSpec {
  const code = (spec.code ?? E_KEY_DELETED) >>> 0;
  const fault =
    `<f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/1/wsmanfault" Code="${code}" Machine="${spec.machine}">` +
    '<f:Message>The WS-Management service cannot process the request. </f:Message></f:WSManFault>';
  return {
    provider: { name: 'Microsoft-Windows-PowerShell', guid: '{A0C1853B-5C40-4B15-8766-3CF1C58F985A}' },
    eventId: 4100,
    version: 1,
    level: 3,
    task: 106,
    opcode: 19,
    keywords: '0x0',
    timeCreated: spec.time,
    recordId: spec.recordId,
    channel: 'Microsoft-Windows-PowerShell/Operational',
    computer: spec.computer,
    processId: 3432,
    threadId: 3556,
    userId: 'S-1-5-21-4230534742-2542757381-3142984815-1111',
    data: [
      {
        name: 'ContextInfo',
        value:
          '        Severity = Warning\n        Host Name = ConsoleHost\n        Command Name = Invoke-Command\n',
      },
      { name: 'UserData', value: '' },
      {
        name: 'Payload',
        value: `Error Message = ${fault}\nFully Qualified Error ID = PSSessionStateBroken\n`,
      },
    ],
  };
}

/**
 * A classic .NET Runtime 1026 (one unnamed Data with the whole text, event-formats.md) whose exception
 * names an NTSTATUS: the value, the symbol or the message of ntstatus.h, as `which` says.
 */
export function ntstatusError(
  spec: Common & { which: 'code' | 'symbol' | 'message'; status?: 'key-deleted' | 'hive-unloaded' },
): EventSpec {
  const hive = spec.status === 'hive-unloaded';
  const text = {
    code: hive ? 'NTSTATUS 0xC0000425' : 'NTSTATUS 0xC000017C',
    symbol: hive ? 'STATUS_HIVE_UNLOADED' : 'STATUS_KEY_DELETED',
    message: hive
      ? 'Illegal operation attempted on a registry key which has already been unloaded.'
      : 'Illegal operation attempted on a registry key which has been marked for deletion.',
  }[spec.which];
  return dotnetUnhandled(
    spec,
    'Orders.Service.exe',
    'System.ComponentModel.Win32Exception',
    `   at Orders.Registry.Open() ${text}`,
  );
}

/**
 * A COM+ error on a server whose system messages are localized: the text carries the system message of
 * ERROR_KEY_DELETED in the server's language and no hex code at all (issue 9: a real Russian server).
 */
export function localizedComplusError(spec: Common & { systemMessage: string; appName?: string }): EventSpec {
  return {
    provider: { name: 'COM+' },
    eventId: 4689,
    qualifiers: 49152,
    classic: true,
    level: 2,
    timeCreated: spec.time,
    recordId: spec.recordId,
    channel: 'Application',
    computer: spec.computer,
    data: [{ value: `${spec.appName ?? 'XRC'}\n${spec.systemMessage}\n` }],
  };
}
