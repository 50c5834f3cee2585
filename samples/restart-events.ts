/**
 * Events that show the leaking process is gone (issue 9 §2): the host restarting, an IIS app pool
 * recycling, a dllhost/w3wp exiting. Layouts from real renderings (corpus/real) or Microsoft's
 * documentation, named on each builder.
 */
import type { EventSpec } from './event-spec.ts';
import { WAS_PROVIDER } from './failure-forms.ts';
import { PROFILE_SERVICE } from './windows-events.ts';

interface Common {
  computer: string;
  time: string;
  recordId: number;
}

/** EventLog 6005 "started" / 6006 "stopped" as in corpus/real windows-export System: classic, Binary only. */
export function eventLogService(spec: Common & { started: boolean }): EventSpec {
  return {
    provider: { name: 'EventLog' },
    eventId: spec.started ? 6005 : 6006,
    qualifiers: 32768,
    keywords: '0x80000000000000',
    timeCreated: spec.time,
    recordId: spec.recordId,
    channel: 'System',
    computer: spec.computer,
    processId: spec.started ? 2240 : 3060,
    threadId: 2292,
    binary: spec.started ? 'E9070600010002001000300001002C020000000000000000' : '0100000000000000',
  };
}

/**
 * EventLog 6008 "The previous system shutdown at %1 on %2 was unexpected." (documented message; no
 * corpus sample, so its Data beyond the two insertions is not modelled).
 */
export function unexpectedShutdown(spec: Common & { at: string; on: string }): EventSpec {
  return {
    provider: { name: 'EventLog' },
    eventId: 6008,
    qualifiers: 32768,
    level: 2,
    keywords: '0x80000000000000',
    timeCreated: spec.time,
    recordId: spec.recordId,
    channel: 'System',
    computer: spec.computer,
    data: [{ value: spec.at }, { value: spec.on }],
    message: `The previous system shutdown at ${spec.at} on ${spec.on} was unexpected.`,
  };
}

/** Kernel-General 12 (StartTime and the build) / 13 (StopTime), as in corpus/real windows-export System. */
export function kernelGeneral(spec: Common & { started: boolean }): EventSpec {
  const time = spec.time;
  return {
    provider: { name: 'Microsoft-Windows-Kernel-General', guid: '{a68ca8b7-004f-d7b6-a698-07e2de0f1f5d}' },
    eventId: spec.started ? 12 : 13,
    task: spec.started ? 1 : 2,
    keywords: '0x8000000000000080',
    timeCreated: time,
    recordId: spec.recordId,
    channel: 'System',
    computer: spec.computer,
    processId: 4,
    threadId: 8,
    ...(spec.started ? { userId: 'S-1-5-18' } : {}),
    data: spec.started
      ? [
          { name: 'MajorVersion', value: '10' },
          { name: 'MinorVersion', value: '0' },
          { name: 'BuildVersion', value: '20348' },
          { name: 'QfeVersion', value: '2700' },
          { name: 'ServiceVersion', value: '0' },
          { name: 'BootMode', value: '0' },
          { name: 'StartTime', value: time },
        ]
      : [{ name: 'StopTime', value: time }],
  };
}

/** User Profile Service 1531 "has started successfully" / 1532 "has stopped": empty EventData (corpus/real Application). */
export function profileServiceState(spec: Common & { started: boolean }): EventSpec {
  return {
    provider: { ...PROFILE_SERVICE },
    eventId: spec.started ? 1531 : 1532,
    keywords: '0x8000000000000000',
    timeCreated: spec.time,
    recordId: spec.recordId,
    channel: 'Application',
    computer: spec.computer,
    userId: 'S-1-5-18',
    processId: 1404,
    threadId: 1432,
    data: [],
    message: spec.started
      ? 'The User Profile Service has started successfully.  \n\n'
      : 'The User Profile Service has stopped.  \n\n',
  };
}

/**
 * A WAS recycle or idle shutdown (TechNet "IIS Application Pool Recycling"): 5074–5078, 5117, 5186 carry
 * the worker's pid as %1 and the pool as %2; 5079 / 5080 only the pool as %1. Data names for these ids
 * are not confirmed: `named` writes WAS's AppPoolID / ProcessID (confirmed on 5011), otherwise the Data
 * are unnamed in insertion order.
 */
export function appPoolRecycle(
  spec: Common & {
    eventId: 5074 | 5075 | 5076 | 5077 | 5078 | 5079 | 5080 | 5117 | 5186;
    appPool: string;
    pid?: number;
    named?: boolean;
  },
): EventSpec {
  const poolOnly = spec.eventId === 5079 || spec.eventId === 5080;
  const pid = String(spec.pid ?? 4242);
  const values = poolOnly
    ? [spec.appPool]
    : spec.eventId === 5186
      ? [pid, spec.appPool, '20']
      : [pid, spec.appPool];
  const names = poolOnly
    ? ['AppPoolID']
    : spec.eventId === 5186
      ? ['ProcessID', 'AppPoolID', 'Minutes']
      : ['ProcessID', 'AppPoolID'];
  return {
    provider: { ...WAS_PROVIDER },
    eventId: spec.eventId,
    qualifiers: 16384,
    keywords: '0x80000000000000',
    timeCreated: spec.time,
    recordId: spec.recordId,
    channel: 'System',
    computer: spec.computer,
    processId: 0,
    threadId: 0,
    data: values.map((value, i) => (spec.named === false ? { value } : { name: names[i], value })),
  };
}

/** Security 4689 "A process has exited" (MS Learn event-4689 XML): ProcessId in hex, ProcessName the full path. */
export function processExit(spec: Common & { pid: number; path: string; status?: string }): EventSpec {
  return {
    provider: { name: 'Microsoft-Windows-Security-Auditing', guid: '{54849625-5478-4994-A5BA-3E3B0328C30D}' },
    eventId: 4689,
    level: 0,
    task: 13313,
    keywords: '0x8020000000000000',
    timeCreated: spec.time,
    recordId: spec.recordId,
    channel: 'Security',
    computer: spec.computer,
    processId: 4,
    threadId: 144,
    data: [
      { name: 'SubjectUserSid', value: 'S-1-5-18' },
      { name: 'SubjectUserName', value: `${spec.computer.split('.')[0]}$` },
      { name: 'SubjectDomainName', value: 'CORP' },
      { name: 'SubjectLogonId', value: '0x3e7' },
      { name: 'Status', value: spec.status ?? '0x0' },
      { name: 'ProcessId', value: `0x${spec.pid.toString(16)}` },
      { name: 'ProcessName', value: spec.path },
    ],
  };
}
