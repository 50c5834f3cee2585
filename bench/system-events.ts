import type { CorpusEvent } from './corpus-event.ts';
import type { CorpusWorld } from './corpus-world.ts';

/** System log noise: Service Control Manager, DCOM 10016/10010, WAS recycles, time and kernel events. */
const SCM = {
  name: 'Service Control Manager',
  guid: '{555908d1-a6d7-4695-8e1e-26931d2012f4}',
  eventSourceName: 'Service Control Manager',
};
export const DCOM = {
  name: 'Microsoft-Windows-DistributedCOM',
  guid: '{1B562E86-B7AA-4131-BADC-B6F3A001407E}',
  eventSourceName: 'DCOM',
};
export const WAS = {
  name: 'Microsoft-Windows-WAS',
  guid: '{524B5D04-133C-4A62-8362-64E8EDB9CE40}',
  eventSourceName: 'WAS',
};

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

/** Windows appends the service key name as UTF-16LE hex in <Binary>. */
function utf16Hex(text: string): string {
  return `${Buffer.from(`${text}\0`, 'utf16le').toString('hex').toUpperCase()}`;
}

function rendered(w: CorpusWorld, message: string, level: string) {
  return w.rnd.chance(0.35)
    ? { culture: 'en-US', message, level, task: 'None', opcode: 'Info', keywords: ['Classic'] }
    : undefined;
}

export function serviceState(w: CorpusWorld): CorpusEvent {
  const host = w.host();
  const [display, key] = w.rnd.pick(SERVICES);
  const state = w.rnd.pick(['running', 'stopped']);
  const named = w.rnd.chance(0.5);
  const e = w.base(host, 'System', SCM, 7036, {
    qualifiers: 16384,
    keywords: '0x8080000000000000',
    classic: !named,
    userId: undefined,
  });
  e.eventData = {
    items: named
      ? [
          { name: 'param1', value: display },
          { name: 'param2', value: state },
        ]
      : [{ value: display }, { value: state }],
    binary: utf16Hex(key),
  };
  e.rendering = rendered(w, `The ${display} service entered the ${state} state.`, 'Information');
  return e;
}

export function serviceStartType(w: CorpusWorld): CorpusEvent {
  const host = w.host();
  const [display, key] = w.rnd.pick(SERVICES);
  const from = w.rnd.pick(['auto start', 'demand start', 'disabled']);
  const to = from === 'auto start' ? 'demand start' : 'auto start';
  const named = w.rnd.chance(0.5);
  const e = w.base(host, 'System', SCM, 7040, {
    qualifiers: 16384,
    keywords: '0x8080000000000000',
    userId: 'S-1-5-18',
    classic: !named,
  });
  const values = [display, from, to, key];
  e.eventData = {
    items: values.map((value, i) => (named ? { name: `param${i + 1}`, value } : { value })),
    binary: named ? undefined : utf16Hex(key),
  };
  e.rendering = rendered(
    w,
    `The start type of the ${display} service was changed from ${from} to ${to}.`,
    'Information',
  );
  return e;
}

export function dcomPermission(w: CorpusWorld): CorpusEvent {
  const host = w.host();
  const who = w.account();
  const clsid = w.rnd.pick([
    '{2593F8B9-4EAF-457C-B68A-50F6B8EA6B54}',
    '{D63B10C5-BB46-4990-A94F-E40B9D520160}',
    '{C2F03A33-21F5-47FA-B4BB-156362A2F239}',
  ]);
  const appid = w.rnd.pick([
    '{15C20B67-12E7-4BB6-92BB-7AFF07997402}',
    '{9CA88EE3-ACB7-47C8-AFC4-AB702511C276}',
    '{316CDED5-E4AE-4B15-9113-7055D84DCC97}',
  ]);
  const e = w.base(host, 'System', DCOM, 10016, {
    qualifiers: 0,
    level: 3,
    keywords: '0x8080000000000000',
    userId: who.sid,
  });
  e.eventData = {
    items: [
      { name: 'param1', value: 'application-specific' },
      { name: 'param2', value: 'Local' },
      { name: 'param3', value: 'Activation' },
      { name: 'param4', value: clsid },
      { name: 'param5', value: appid },
      { name: 'param6', value: who.domain },
      { name: 'param7', value: who.name },
      { name: 'param8', value: who.sid },
      { name: 'param9', value: 'LocalHost (Using LRPC)' },
      { name: 'param10', value: 'Unavailable' },
      { name: 'param11', value: 'Unavailable' },
    ],
  };
  e.rendering = rendered(
    w,
    `The application-specific permission settings do not grant Local Activation permission for the COM Server application with CLSID \r\n${clsid}\r\n and APPID \r\n${appid}\r\n to the user ${who.domain}\\${who.name} SID (${who.sid}) from address LocalHost (Using LRPC) running in the application container Unavailable SID (Unavailable). This security permission can be modified using the Component Services administrative tool.`,
    'Warning',
  );
  return e;
}

export function dcomTimeout(w: CorpusWorld): CorpusEvent {
  const e = w.base(w.host(), 'System', DCOM, 10010, {
    qualifiers: 0,
    level: 2,
    keywords: '0x8080000000000000',
    userId: 'S-1-5-18',
  });
  const clsid = w.rnd.guid(true);
  e.eventData = { items: [{ name: 'param1', value: clsid }] };
  e.rendering = rendered(
    w,
    `The server ${clsid} did not register with DCOM within the required timeout.`,
    'Error',
  );
  return e;
}

export function poolRecycle(w: CorpusWorld): CorpusEvent {
  const host = w.host('web');
  const pool = w.rnd.pick(POOLS);
  const id = w.rnd.pick([5186, 5186, 5074, 5076]);
  const e = w.base(host, 'System', WAS, id, {
    qualifiers: id === 5186 ? 16384 : 32768,
    keywords: '0x80000000000000',
  });
  const pid = String(w.rnd.int(1000, 30000));
  e.eventData = {
    items:
      id === 5186
        ? [
            { name: 'AppPoolID', value: pool },
            { name: 'ProcessID', value: pid },
            { name: 'TimeLimit', value: '20' },
          ]
        : [
            { name: 'AppPoolID', value: pool },
            { name: 'ProcessID', value: pid },
          ],
  };
  return e;
}

/** WAS 5011/5002: the HRESULT is little-endian hex in <Binary>, never text (not a failure signal). */
export function poolFault(w: CorpusWorld): CorpusEvent {
  const host = w.host('web');
  const e = w.base(host, 'System', WAS, w.rnd.pick([5011, 5002]), {
    qualifiers: 32768,
    level: 3,
    keywords: '0x80000000000000',
  });
  e.eventData = {
    items: [
      { name: 'AppPoolID', value: w.rnd.pick(POOLS) },
      { name: 'ProcessID', value: String(w.rnd.int(1000, 30000)) },
    ],
    binary: w.rnd.pick(['6D000780', 'FA030780', '05000780', '0E000780']),
  };
  return e;
}

export function timeService(w: CorpusWorld): CorpusEvent {
  const source = { name: 'Microsoft-Windows-Time-Service', guid: '{06EDCFEB-0FD0-4E53-ACCA-A6F8BBF81BCB}' };
  const host = w.host();
  const e = w.base(host, 'System', source, 37, { keywords: '0x8000000000000000', userId: 'S-1-5-19' });
  e.eventData = {
    items: [
      {
        name: 'TimeSource',
        value: `DC0${w.rnd.int(1, 3)}.corp.example.net (ntp.d|0.0.0.0:123->10.20.4.11:123)`,
      },
      { name: 'TimeSourceRefId', value: '0x0B04140A' },
      { name: 'CurrentStratumNumber', value: String(w.rnd.int(2, 4)) },
    ],
  };
  return e;
}

export function kernelTimeChange(w: CorpusWorld): CorpusEvent {
  const source = { name: 'Microsoft-Windows-Kernel-General', guid: '{A68CA8B7-004F-D7B6-A698-07E2DE0F1F5D}' };
  const e = w.base(w.host(), 'System', source, 1, {
    version: 2,
    task: 5,
    keywords: '0x8000000000000010',
    userId: 'S-1-5-19',
  });
  const now = new Date(Number(e.ticks / 10_000n)).toISOString();
  e.eventData = {
    items: [
      { name: 'NewTime', value: now.replace('Z', '0000Z') },
      { name: 'OldTime', value: now.replace(/\.\d+Z/, '.4411092Z') },
      { name: 'Reason', value: '2' },
      { name: 'ProcessName', value: '\\Device\\HarddiskVolume2\\Windows\\System32\\svchost.exe' },
      { name: 'ProcessID', value: String(w.rnd.int(1000, 5000)) },
    ],
  };
  return e;
}
