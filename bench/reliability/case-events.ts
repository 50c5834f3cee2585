/**
 * The few real-shaped events the hostile cases hide their attacks among, all from samples/: a COM+ server's 1530
 * naming dllhost.exe, a client's DCOM 10006 naming that server, the server's own 0x800703FA error, ordinary noise.
 */
import {
  complusError,
  dcom10006,
  type EventSpec,
  hiveLeak1530,
  noiseEvent,
  renderEventXml,
  seededRandom,
} from '../../samples/render-events.ts';

export const LeakAt = '2026-11-17T06:00:00.0000000Z';
export const FailureAt = '2026-11-17T06:10:00.0000000Z';
export const Sid = 'S-1-5-21-3623811015-3361044348-30300820-1104';
export const Clsid = '{4E14FBA2-2E22-11D1-9964-00C04FBBB345}';
const Dllhost = '\\Device\\HarddiskVolume2\\Windows\\System32\\dllhost.exe';

export function leak(
  computer = 'APP01.corp.example.net',
  recordId = 101,
  time = LeakAt,
  processes = [{ pid: 2428, path: Dllhost }],
): EventSpec {
  return hiveLeak1530({ computer, time, recordId, sid: Sid, processes });
}

/** DCOM 10006 logged by `client`, naming `server`. */
export function failure(
  client = 'WS01.corp.example.net',
  server = 'APP01',
  recordId = 201,
  time = FailureAt,
): EventSpec {
  return dcom10006({ computer: client, time, recordId, server, clsid: Clsid });
}

/** The server's own COM+ error carrying 0x800703fa. */
export function serverError(
  computer = 'APP01.corp.example.net',
  recordId = 102,
  time = FailureAt,
): EventSpec {
  return complusError({
    computer,
    time,
    recordId,
    appId: '{7D9F2E4A-1B3C-4D5E-8F6A-9B0C1D2E3F4A}',
    appName: 'Contoso Orders',
  });
}

/** Ordinary events of a host, record ids from `first`. */
export function noise(count: number, computer = 'APP01.corp.example.net', first = 1): EventSpec[] {
  const rng = seededRandom(first);
  return Array.from({ length: count }, (_, i) =>
    noiseEvent(rng, {
      computer,
      time: `2026-11-17T05:${String(10 + (i % 40)).padStart(2, '0')}:00.0000000Z`,
      recordId: first + i,
    }),
  );
}

/** One event's XML as wevtutil writes it. */
export const xml = (spec: EventSpec) => renderEventXml(spec);

/** The morning in three events: the server's leak, then its own failure and a client's, as one XML text. */
export function morning(server = 'APP01.corp.example.net'): string {
  return [leak(server), serverError(server), failure('WS01.corp.example.net', server.split('.')[0])]
    .map(xml)
    .join('\n');
}

export const utf8 = (text: string) => Buffer.from(text, 'utf8');
export const bytesOf = (text: string) => Buffer.byteLength(text, 'utf8');
