/** System log noise of the corpus: Service Control Manager, DCOM 10016/10010, WAS recycles, time and kernel events. */
import type { Host } from './corp-network.ts';
import type { CorpusWorld } from './corpus-world.ts';
import type { EventSpec } from './event-spec.ts';
import { dcomPermissionDenied, type Rendered, serviceStateChanged } from './ordinary-events.ts';
import { DCOM_PROVIDER, SERVICE_CONTROL_MANAGER, WAS_PROVIDER } from './providers.ts';

const SERVICES: [string, string][] = [
  ['Windows Update', 'wuauserv'],
  ['Background Intelligent Transfer Service', 'BITS'],
  ['Windows Modules Installer', 'TrustedInstaller'],
  ['COM+ System Application', 'COMSysApp'],
  ['World Wide Web Publishing Service', 'W3SVC'],
  ['SQL Server Agent (MSSQLSERVER)', 'SQLSERVERAGENT'],
  ['Microsoft Defender Antivirus Service', 'WinDefend'],
  ['Überwachungsagent für Leistungsdaten', 'PerfAgent'],
  ['WinHTTP Web Proxy Auto-Discovery Service', 'WinHttpAutoProxySvc'],
  ['Device Setup Manager', 'DsmSvc'],
];

export const POOLS = [
  'DefaultAppPool',
  'ReportsPool',
  'IntranetPool',
  'Portal.Web',
  'SharePoint - 80',
  'API (v2)',
];

/** Windows writes a string in <Binary> as UTF-16LE hex with its terminating NUL (7040 keeps the key alone). */
function utf16Hex(text: string): string {
  return Buffer.from(`${text}\0`, 'utf16le').toString('hex').toUpperCase();
}

/** About a third of collected events carry their rendered message (wevtutil /f:RenderedXml, Event Viewer). */
function rendered(w: CorpusWorld, message: string, level: string): Rendered {
  if (!w.rnd.chance(0.35)) return {};
  return { message, rendering: { level, task: 'None', opcode: 'Info', keywords: ['Classic'] } };
}

/** SCM 7036, named or classic Data, its rendered message on a third of them. */
export function serviceState(w: CorpusWorld, host: Host = w.host()): EventSpec {
  const [service, key] = w.rnd.pick(SERVICES);
  const running = w.rnd.chance(0.5);
  const classic = !w.rnd.chance(0.5);
  const at = w.place(host, 'System');
  const message = `The ${service} service entered the ${running ? 'running' : 'stopped'} state.`;
  return serviceStateChanged({
    ...at,
    service,
    key,
    running,
    classic,
    ...rendered(w, message, 'Information'),
  });
}

export function serviceStartType(w: CorpusWorld, host: Host = w.host()): EventSpec {
  const [display, key] = w.rnd.pick(SERVICES);
  const from = w.rnd.pick(['auto start', 'demand start', 'disabled']);
  const to = from === 'auto start' ? 'demand start' : 'auto start';
  const named = w.rnd.chance(0.5);
  const e = w.base(host, 'System', SERVICE_CONTROL_MANAGER, 7040, {
    qualifiers: 16384,
    keywords: '0x8080000000000000',
    userId: 'S-1-5-18',
    classic: !named,
  });
  e.data = [display, from, to, key].map((value, i) => (named ? { name: `param${i + 1}`, value } : { value }));
  if (!named) e.binary = utf16Hex(key);
  const message = `The start type of the ${display} service was changed from ${from} to ${to}.`;
  return { ...e, ...rendered(w, message, 'Information') };
}

export function dcomPermission(w: CorpusWorld, host: Host = w.host()): EventSpec {
  const who = w.account();
  const clsid = w.rnd.pick([
    '{2593F8B9-4EAF-457C-B68A-50F6B8EA6B54}',
    '{D63B10C5-BB46-4990-A94F-E40B9D520160}',
    '{C2F03A33-21F5-47FA-B4BB-156362A2F239}',
  ]);
  const appId = w.rnd.pick([
    '{15C20B67-12E7-4BB6-92BB-7AFF07997402}',
    '{9CA88EE3-ACB7-47C8-AFC4-AB702511C276}',
    '{316CDED5-E4AE-4B15-9113-7055D84DCC97}',
  ]);
  const message =
    `The application-specific permission settings do not grant Local Activation permission for the COM Server application with CLSID \r\n${clsid}\r\n` +
    ` and APPID \r\n${appId}\r\n to the user ${who.domain}\\${who.name} SID (${who.sid}) from address LocalHost (Using LRPC) running in the ` +
    'application container Unavailable SID (Unavailable). This security permission can be modified using the Component Services administrative tool.';
  return dcomPermissionDenied({
    ...w.place(host, 'System'),
    clsid,
    appId,
    domain: who.domain,
    user: who.name,
    sid: who.sid,
    userId: who.sid,
    ...rendered(w, message, 'Warning'),
  });
}

export function dcomTimeout(w: CorpusWorld, host: Host = w.host()): EventSpec {
  const e = w.base(host, 'System', DCOM_PROVIDER, 10010, {
    qualifiers: 0,
    level: 2,
    keywords: '0x8080000000000000',
    userId: 'S-1-5-18',
  });
  const clsid = w.rnd.guid(true);
  e.data = [{ name: 'param1', value: clsid }];
  return {
    ...e,
    ...rendered(w, `The server ${clsid} did not register with DCOM within the required timeout.`, 'Error'),
  };
}

export function poolRecycle(w: CorpusWorld, host: Host = w.host('web')): EventSpec {
  const pool = w.rnd.pick(POOLS);
  const id = w.rnd.pick([5186, 5186, 5074, 5076]);
  const e = w.base(host, 'System', WAS_PROVIDER, id, {
    qualifiers: id === 5186 ? 16384 : 32768,
    keywords: '0x80000000000000',
  });
  const pid = String(w.rnd.int(1000, 30000));
  e.data = [
    { name: 'AppPoolID', value: pool },
    { name: 'ProcessID', value: pid },
    ...(id === 5186 ? [{ name: 'TimeLimit', value: '20' }] : []),
  ];
  return e;
}

/**
 * WAS 5011/5002: the HRESULT is little-endian hex in <Binary>, never text. Ordinary codes only: 0x800703FA
 * (`FA030780`) makes it a failure (issue 9 §1), which the corpus writes on a broken host (corpus-signal-events.ts).
 */
export function poolFault(w: CorpusWorld, host: Host = w.host('web')): EventSpec {
  const e = w.base(host, 'System', WAS_PROVIDER, w.rnd.pick([5011, 5002]), {
    qualifiers: 32768,
    level: 3,
    keywords: '0x80000000000000',
  });
  e.data = [
    { name: 'AppPoolID', value: w.rnd.pick(POOLS) },
    { name: 'ProcessID', value: String(w.rnd.int(1000, 30000)) },
  ];
  e.binary = w.rnd.pick(['6D000780', '05000780', '0E000780']);
  return e;
}

export function timeService(w: CorpusWorld, host: Host = w.host()): EventSpec {
  const source = { name: 'Microsoft-Windows-Time-Service', guid: '{06EDCFEB-0FD0-4E53-ACCA-A6F8BBF81BCB}' };
  const e = w.base(host, 'System', source, 37, { keywords: '0x8000000000000000', userId: 'S-1-5-19' });
  e.data = [
    {
      name: 'TimeSource',
      value: `DC0${w.rnd.int(1, 3)}.corp.example.net (ntp.d|0.0.0.0:123->10.20.4.11:123)`,
    },
    { name: 'TimeSourceRefId', value: '0x0B04140A' },
    { name: 'CurrentStratumNumber', value: String(w.rnd.int(2, 4)) },
  ];
  return e;
}

export function kernelTimeChange(w: CorpusWorld, host: Host = w.host()): EventSpec {
  const source = { name: 'Microsoft-Windows-Kernel-General', guid: '{A68CA8B7-004F-D7B6-A698-07E2DE0F1F5D}' };
  const e = w.base(host, 'System', source, 1, {
    version: 2,
    task: 5,
    keywords: '0x8000000000000010',
    userId: 'S-1-5-19',
  });
  e.data = [
    { name: 'NewTime', value: e.timeCreated },
    { name: 'OldTime', value: e.timeCreated.replace(/\.\d+Z/, '.4411092Z') },
    { name: 'Reason', value: '2' },
    { name: 'ProcessName', value: '\\Device\\HarddiskVolume2\\Windows\\System32\\svchost.exe' },
    { name: 'ProcessID', value: String(w.rnd.int(1000, 5000)) },
  ];
  return e;
}
