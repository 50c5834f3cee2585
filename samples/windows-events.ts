/**
 * The events of the incident itself (event-formats.md): the 1530 leak and the failures that follow,
 * written with the fields, Data layout and text real Windows uses.
 */
import type { EventSpec } from './event-spec.ts';
import { DCOM_PROVIDER, PROFILE_SERVICE } from './providers.ts';

export { DCOM_PROVIDER, PROFILE_SERVICE } from './providers.ts';

export const KEY_DELETED_TEXT =
  'Illegal operation attempted on a registry key that has been marked for deletion.';

interface Common {
  computer: string;
  time: string;
  recordId: number;
}

export interface LeakingProcessSpec {
  pid: number;
  /** NT device path, e.g. `\Device\HarddiskVolume2\Windows\SysWOW64\dllhost.exe`. */
  path: string;
  /** Handles this process held (one Detail line each); default 2. */
  handles?: number;
}

const HIVE_KEYS = ['', '\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer'];
const CLASSES_KEYS = ['', '\\CLSID', '\\Interface'];

/**
 * Event 1530 listing every handle: lines interleave processes round-robin and a process holding more
 * handles than there are keys repeats a line, as real Detail text does.
 */
export function hiveLeak1530(
  spec: Common & { sid: string; classes?: boolean; processes: LeakingProcessSpec[] },
): EventSpec {
  const hive = spec.classes ? `${spec.sid}_Classes` : spec.sid;
  const keyRoot = `\\REGISTRY\\USER\\${spec.classes ? `${spec.sid}_CLASSES` : spec.sid}`;
  const keys = spec.classes ? CLASSES_KEYS : HIVE_KEYS;
  const lines: string[] = [];
  const most = Math.max(...spec.processes.map((p) => p.handles ?? 2));
  for (let i = 0; i < most; i++) {
    for (const p of spec.processes) {
      if (i >= (p.handles ?? 2)) continue;
      lines.push(`Process ${p.pid} (${p.path}) has opened key ${keyRoot}${keys[i % keys.length]}`);
    }
  }
  const detail = `${lines.length} user registry handles leaked from \\Registry\\User\\${hive}:\n${lines.join('\n')}\n`;
  return {
    provider: { ...PROFILE_SERVICE },
    eventId: 1530,
    level: 3,
    keywords: '0x8000000000000000',
    timeCreated: spec.time,
    recordId: spec.recordId,
    channel: 'Application',
    computer: spec.computer,
    userId: 'S-1-5-18',
    processId: 868,
    threadId: 3368,
    eventDataName: 'EVENT_HIVE_LEAK',
    data: [{ name: 'Detail', value: detail }],
    message:
      'Windows detected your registry file is still in use by other applications or services. The file will be ' +
      'unloaded now. The applications or services that hold your registry file may not function properly ' +
      `afterwards.  \n\n DETAIL - \n ${detail}`,
  };
}

/** DCOM 10006 on a client: `server` is param2, the server as this client named it. */
export function dcom10006(
  spec: Common & { server: string; clsid: string; errorText?: string; userId?: string; named?: boolean },
): EventSpec {
  const values = [spec.errorText ?? 'Unspecified error ', spec.server, spec.clsid];
  const names = ['param1', 'param2', 'param3'];
  return {
    provider: { ...DCOM_PROVIDER },
    eventId: 10006,
    qualifiers: 49152,
    level: 2,
    keywords: '0x8080000000000000',
    timeCreated: spec.time,
    recordId: spec.recordId,
    channel: 'System',
    computer: spec.computer,
    userId: spec.userId ?? 'S-1-5-21-3623811015-3361044348-30300820-1013',
    processId: 920,
    threadId: 4412,
    data: values.map((value, i) => (spec.named === false ? { value } : { name: names[i], value })),
    message: `DCOM got error "${values[0]}" from the computer ${values[1]} when attempting to activate the server:\n${values[2]}`,
  };
}

/** A COM+ error on the server whose text carries 0x800703fa (classic `COM+` source or the manifest provider). */
export function complusError(
  spec: Common & { appId: string; appName: string; eventId?: number; modern?: boolean; pid?: number },
): EventSpec {
  const text =
    `The system has called a custom component and that component has failed and generated an exception.\n\n` +
    `Server Application ID: ${spec.appId}\nServer Application Instance ID:\n{5A4E2C1B-0D3F-4E6A-9B8C-7D6E5F4A3B2C}\n` +
    `Server Application Name: ${spec.appName}\nError Code = 0x800703fa : ${KEY_DELETED_TEXT}\n` +
    'COM+ Services Internals Information:\nFile: d:\\w7rtm\\com\\complus\\src\\comsvcs\\tracker\\evregistrar.cpp, Line: 403';
  const common = {
    eventId: spec.eventId ?? 4689,
    level: 2,
    timeCreated: spec.time,
    recordId: spec.recordId,
    channel: 'Application',
    computer: spec.computer,
  };
  if (spec.modern) {
    return {
      ...common,
      provider: {
        name: 'Microsoft-Windows-Complus',
        guid: '{0a9ae2e6-9b24-4b6b-8c3f-2a1e5f3b7d21}',
        eventSourceName: 'COM+',
      },
      qualifiers: 49152,
      processId: spec.pid ?? 0,
      data: [{ name: 'param1', value: text }],
    };
  }
  return { ...common, provider: { name: 'COM+' }, qualifiers: 49152, classic: true, data: [{ value: text }] };
}

/**
 * ASP.NET 1309 with its ~30 unnamed Data: 15th the pid, 16th the process (w3wp.exe), 18th the
 * exception type, 19th the message and stack carrying 800703fa.
 */
export function aspnet1309(
  spec: Common & { pid: number; appPool: string; clsid: string; url?: string; eventGuid?: string },
): EventSpec {
  const url = spec.url ?? `http://${spec.computer.toLowerCase()}/orders/submit.aspx`;
  const message =
    `Retrieving the COM class factory for component with CLSID ${spec.clsid} failed due to the following error: ` +
    `800703fa Illegal operation attempted on a registry key that has been marked for deletion. ` +
    '(Exception from HRESULT: 0x800703FA).';
  const when = spec.time.slice(0, 19).replace('T', ' ');
  const values = [
    '3005',
    'An unhandled exception has occurred.',
    when,
    when,
    spec.eventGuid ?? '6b1c0f6e5d3a4c2b9e8f7a6b5c4d3e2f',
    '17',
    '1',
    '0',
    '/LM/W3SVC/1/ROOT-1-134081234567890123',
    'Full',
    '/',
    'C:\\inetpub\\wwwroot\\',
    spec.computer.split('.')[0] ?? spec.computer,
    '',
    String(spec.pid),
    'w3wp.exe',
    `IIS APPPOOL\\${spec.appPool}`,
    'COMException',
    `${message}\n   at System.RuntimeTypeHandle.CreateInstance(RuntimeType type)`,
    url,
    '/orders/submit.aspx',
    '10.20.4.17',
    'CORP\\jdoe',
    'True',
    'Negotiate',
    `IIS APPPOOL\\${spec.appPool}`,
    '12',
    `IIS APPPOOL\\${spec.appPool}`,
    'False',
    `   at System.RuntimeTypeHandle.CreateInstance(RuntimeType type, Boolean publicOnly)\n   at Orders.Submit.Page_Load(Object sender, EventArgs e)`,
  ];
  return {
    provider: { name: 'ASP.NET 4.0.30319.0' },
    eventId: 1309,
    qualifiers: 32768,
    classic: true,
    level: 3,
    task: 3,
    timeCreated: spec.time,
    recordId: spec.recordId,
    channel: 'Application',
    computer: spec.computer,
    data: values.map((value) => ({ value })),
  };
}

/** .NET Runtime 1026: the whole text in one unnamed Data. */
export function dotnet1026(spec: Common & { application?: string }): EventSpec {
  return dotnetUnhandled(
    spec,
    spec.application ?? 'Xrc.Host.exe',
    'System.Runtime.InteropServices.COMException',
    `   at Xrc.Broker.Connect()\n   (Exception from HRESULT: 0x800703FA) ${KEY_DELETED_TEXT}`,
  );
}

/** A classic .NET Runtime 1026: one unnamed Data with the whole text of an unhandled exception. */
export function dotnetUnhandled(
  spec: Common,
  application: string,
  exception: string,
  stack: string,
): EventSpec {
  const text =
    `Application: ${application}\nFramework Version: v4.0.30319\n` +
    'Description: The process was terminated due to an unhandled exception.\n' +
    `Exception Info: ${exception}\n${stack}\n`;
  return {
    provider: { name: '.NET Runtime' },
    eventId: 1026,
    qualifiers: 0,
    classic: true,
    level: 2,
    timeCreated: spec.time,
    recordId: spec.recordId,
    channel: 'Application',
    computer: spec.computer,
    data: [{ value: text }],
  };
}
