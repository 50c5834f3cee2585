/**
 * The incident's events in the corpus (1530 naming dllhost/w3wp, DCOM 10006, 0x800703FA errors) and
 * the everyday 1530 that names only Windows' own processes.
 */

import type { Host } from './corp-network.ts';
import { dotNetCrash } from './corpus-application-events.ts';
import { accountLoggedOff } from './corpus-security-events.ts';
import { aspNetError, complusEvent, complusText } from './corpus-server-errors.ts';
import type { CorpusWorld, RoledEvent } from './corpus-world.ts';
import { type EventSpec, systemTimeOfTicks } from './event-spec.ts';
import { DCOM_PROVIDER, PROFILE_SERVICE, WAS_PROVIDER } from './providers.ts';
import { KEY_DELETED_TEXT } from './windows-events.ts';

const APP_CLSIDS = [
  '{3F2A9C10-7B1E-4C55-9E0A-2D41C7A0B8E3}',
  '{8E1D7A55-0C3B-4F0E-A1D2-77B3C9E4F601}',
  '{B04E3A2C-9D18-4E77-8C5A-1F6D2E0A9B44}',
];
const HOLDERS = ['svchost.exe', 'winlogon.exe', 'lsass.exe', 'taskhostw.exe', 'explorer.exe'];
const KEYS = [
  '',
  '\\Software\\Microsoft\\SystemCertificates\\My',
  '\\Software\\Policies',
  '\\Control Panel\\International',
  '\\CLSID',
  '\\Interface',
  '\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings',
];

function devicePath(w: CorpusWorld, image: string): string {
  const volume = `\\Device\\HarddiskVolume${w.rnd.int(1, 4)}`;
  if (image === 'w3wp.exe') return `${volume}\\Windows\\System32\\inetsrv\\w3wp.exe`;
  const dir = image === 'dllhost.exe' && w.rnd.chance(0.6) ? 'SysWOW64' : 'System32';
  const path = `${volume}\\Windows\\${dir}\\${image}`;
  return w.rnd.chance(0.2) ? path.toUpperCase() : path;
}

/** A 1530 whose Detail lists 1–9 extra handles of `images`; `after` places it a few seconds after a first one. */
function leakEvent(
  w: CorpusWorld,
  host: Host,
  sid: string,
  classes: boolean,
  images: string[],
  after?: bigint,
): EventSpec {
  const provider = w.rnd.chance(0.5)
    ? PROFILE_SERVICE
    : { ...PROFILE_SERVICE, guid: PROFILE_SERVICE.guid.toUpperCase() };
  const e = w.base(host, 'Application', provider, 1530, {
    level: 3,
    keywords: '0x8000000000000000',
    userId: 'S-1-5-18',
    processId: 868,
  });
  if (after !== undefined) e.timeCreated = systemTimeOfTicks(w.later(after));
  const hive = `${sid}${classes ? '_Classes' : ''}`;
  const processes = images.map((image) => ({ pid: w.rnd.int(300, 30000) & ~3, path: devicePath(w, image) }));
  const count = w.rnd.int(images.length, images.length + 9);
  let detail = `${count} user registry handles leaked from \\Registry\\User\\${hive}:\n`;
  for (let i = 0; i < count; i++) {
    const p = processes[i < processes.length ? i : w.rnd.int(0, processes.length - 1)];
    if (!p) continue;
    detail += `Process ${p.pid} (${p.path}) has opened key \\REGISTRY\\USER\\${hive.toUpperCase()}${w.rnd.pick(KEYS)}\n`;
  }
  e.eventDataName = 'EVENT_HIVE_LEAK';
  e.data = [{ name: 'Detail', value: detail }];
  if (w.rnd.chance(0.3)) {
    e.message =
      'Windows detected your registry file is still in use by other applications or services. The file will be unloaded now. ' +
      `The applications or services that hold your registry file may not function properly afterwards.  \r\n\r\n DETAIL - \r\n ${detail}`;
    e.rendering = { level: 'Warning' };
  }
  return e;
}

/** A COM+ or IIS identity logs off and both of its hives are force-unloaded (its logoff, the user hive, then _Classes). */
export function leakPair(w: CorpusWorld): RoledEvent[] {
  const host = w.rnd.pick(w.servers().filter((h) => h.role === 'app' || h.role === 'web'));
  const account = w.rnd.pick(w.accounts.filter((a) => a.name.startsWith('svc_')));
  const sid = account.sid;
  const leaker = host.role === 'web' ? 'w3wp.exe' : w.rnd.chance(0.2) ? 'DLLHOST.EXE' : 'dllhost.exe';
  const user = w.rnd.chance(0.5) ? [w.rnd.pick(HOLDERS), leaker] : [w.rnd.pick(HOLDERS)];
  const classes = [leaker, w.rnd.pick(HOLDERS), ...(w.rnd.chance(0.3) ? [leaker] : [])];
  // The identity's session ended just before: a scheduled task, an RDP or console session, or its service stopping.
  const loggedOff = accountLoggedOff(w, host, account, w.rnd.pick([4, 4, 10, 5, 2]));
  const first = leakEvent(w, host, sid, false, user);
  const second = leakEvent(w, host, sid, true, classes, w.now());
  w.broken.add(host);
  const role = (images: string[]) =>
    images.some((i) => /^(dllhost|w3wp)\.exe$/i.test(i)) ? 'leak' : 'near-miss';
  return [...loggedOff, { event: first, role: role(user) }, { event: second, role: role(classes) }];
}

/** The everyday 1530: only system processes held the hive. */
export function harmlessLeak(w: CorpusWorld): EventSpec {
  const images = Array.from({ length: w.rnd.int(1, 3) }, () => w.rnd.pick(HOLDERS));
  return leakEvent(w, w.host(), w.account().sid, w.rnd.chance(0.5), images);
}

function victim(w: CorpusWorld): Host {
  const broken = [...w.broken];
  return broken.length > 0 ? w.rnd.pick(broken) : w.host('app');
}

/** DCOM 10006 on a client, naming the server however the client knew it. */
export function clientFailure(w: CorpusWorld): EventSpec {
  const server = victim(w);
  const client = w.rnd.chance(0.1) ? server : w.host(w.rnd.pick(['ws', 'web'] as const));
  const named = w.rnd.pick([
    server.short,
    server.fqdn,
    server.fqdn.toLowerCase(),
    server.short.toLowerCase(),
    server.ip,
  ]);
  const clsid = w.rnd.pick(APP_CLSIDS);
  const e = w.base(client, 'System', DCOM_PROVIDER, 10006, {
    qualifiers: 0,
    level: 2,
    keywords: '0x8080000000000000',
    userId: w.account().sid,
  });
  const error = w.rnd.chance(0.9) ? 'Unspecified error ' : '2147943418';
  e.data = w.rnd.chance(0.8)
    ? [
        { name: 'param1', value: error },
        { name: 'param2', value: named },
        { name: 'param3', value: clsid },
      ]
    : [{ value: error }, { value: named }, { value: clsid }];
  if (w.rnd.chance(0.3)) {
    e.message = `DCOM got error "${error}" from the computer ${named} when attempting to activate the server:\r\n${clsid}`;
    e.rendering = { level: 'Error' };
  }
  return e;
}

/** WAS 5011 whose Binary is 0x800703FA as a little-endian DWORD: a worker of the broken pool died of it. */
function poolFaultKeyDeleted(w: CorpusWorld, host: Host): EventSpec {
  const e = w.base(host, 'System', WAS_PROVIDER, 5011, {
    qualifiers: 32768,
    level: 3,
    keywords: '0x80000000000000',
  });
  e.data = [
    { name: 'AppPoolID', value: w.rnd.pick(['ReportsPool', 'Portal.Web', 'API (v2)']) },
    { name: 'ProcessID', value: String(w.rnd.int(1000, 30000)) },
  ];
  e.binary = 'FA030780';
  return e;
}

/** Errors logged on the broken server itself, each carrying 0x800703FA in some spelling. */
export function serverFailure(w: CorpusWorld): EventSpec {
  const host = victim(w);
  const clsid = w.rnd.pick(APP_CLSIDS);
  if (host.role === 'web' && w.rnd.chance(0.2)) return poolFaultKeyDeleted(w, host);
  switch (w.rnd.int(0, 3)) {
    case 0:
      return complusEvent(w, host, complusText('0x800703fa', KEY_DELETED_TEXT));
    case 1:
      return aspNetError(
        w,
        host,
        'COMException',
        `Retrieving the COM class factory for component with CLSID ${clsid} failed due to the following error: 800703fa ${KEY_DELETED_TEXT} (Exception from HRESULT: 0x800703FA).`,
      );
    case 2:
      return dotNetCrash(w, 'System.IO.IOException', `: ${KEY_DELETED_TEXT}`, host);
    default: {
      const source = {
        name: 'Microsoft-SharePoint Products-SharePoint Foundation',
        guid: '{6FB7E0CD-52E7-47DD-997A-241563931FC2}',
      };
      const e = w.base(host, 'Application', source, 6398, {
        version: 15,
        level: 1,
        task: 12,
        keywords: '0x4000000000000000',
        userId: w.account().sid,
      });
      e.data = [
        { name: 'string0', value: 'Microsoft.SharePoint.Administration.SPUsageImportJobDefinition' },
        { name: 'string1', value: w.rnd.guid().slice(1, -1) },
        {
          name: 'string2',
          value: `System.Runtime.InteropServices.COMException (0x800703FA): ${KEY_DELETED_TEXT} (Exception from HRESULT: 0x800703FA)`,
        },
      ];
      return e;
    }
  }
}
