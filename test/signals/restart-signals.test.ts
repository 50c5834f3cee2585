import { describe, expect, it } from 'vitest';
import { readSignals } from '../../functions/signals/read-signals.ts';
import { EVENT_STYLES, type EventSpec, renderFile } from '../../samples/render-events.ts';
import {
  appPoolRecycle,
  eventLogService,
  kernelGeneral,
  processExit,
  profileServiceState,
  unexpectedShutdown,
} from '../../samples/restart-events.ts';
import { at, signalsFrom } from './sample-signals.ts';

const APP01 = 'APP01.corp.example.net';
const c = (recordId: number) => ({ computer: APP01, time: at(recordId), recordId });

describe('host restarts (scope host)', () => {
  it.each([
    ['EventLog 6005 (corpus/real System)', eventLogService({ ...c(1), started: true }), 'host started'],
    ['EventLog 6006 (corpus/real System)', eventLogService({ ...c(2), started: false }), 'host shut down'],
    [
      'EventLog 6008 (documented message)',
      unexpectedShutdown({ ...c(3), at: '10:42:07 AM', on: '11/17/2026' }),
      'host restarted after an unexpected shutdown',
    ],
    ['Kernel-General 12 (corpus/real System)', kernelGeneral({ ...c(4), started: true }), 'host started'],
    ['Kernel-General 13 (corpus/real System)', kernelGeneral({ ...c(5), started: false }), 'host shut down'],
    [
      'User Profile Service 1531 (corpus/real Application)',
      profileServiceState({ ...c(6), started: true }),
      'host started',
    ],
    [
      'User Profile Service 1532 (corpus/real Application)',
      profileServiceState({ ...c(7), started: false }),
      'host shut down',
    ],
  ])('%s', async (_, spec, reason) => {
    expect(await signalsFrom([spec], { style: 'wevtutil' }, { decode: 'candidates' })).toEqual([
      {
        kind: 'restart',
        host: 'app01',
        hostFqdn: APP01,
        time: spec.timeCreated.replace(/Z$/, '00Z'),
        scope: 'host',
        reason,
        evidence: expect.objectContaining({ eventId: spec.eventId, recordId: spec.recordId }),
      },
    ]);
  });

  it("the same ids of other providers are no restart (Sysmon 12/13 share Kernel-General's ids)", async () => {
    const sysmon = (id: number, recordId: number): EventSpec => ({
      provider: { name: 'Microsoft-Windows-Sysmon', guid: '{5770385f-c22a-43e0-bf4c-06f5698ffbd9}' },
      eventId: id,
      timeCreated: at(recordId),
      recordId,
      channel: 'Microsoft-Windows-Sysmon/Operational',
      computer: APP01,
      data: [{ name: 'EventType', value: 'SetValue' }],
    });
    const other: EventSpec = {
      ...profileServiceState({ ...c(3), started: true }),
      provider: { name: 'Vendor-App' },
    };
    expect(
      await signalsFrom([sysmon(12, 1), sysmon(13, 2), other], { style: 'wevtutil' }, { decode: 'all' }),
    ).toEqual([]);
    // …and the prefilter does not even decode them.
    const read = await readSignals(renderFile([sysmon(12, 1), sysmon(13, 2), other], { style: 'libevtx' }), {
      name: 'sysmon.xml',
    });
    expect(read.stats).toMatchObject({ events: 3, decoded: 0 });
  });
});

describe('app pool recycles (WAS, scope process, image w3wp.exe)', () => {
  it.each([
    [5074, 'worker reached its processing time limit'],
    [5075, 'worker reached its request limit'],
    [5076, 'scheduled recycle'],
    [5077, 'worker reached its virtual memory limit'],
    [5078, 'an ISAPI reported the worker unhealthy'],
    [5117, 'worker reached a memory limit'],
    [5186, 'idle worker shut down'],
  ] as const)(
    'WAS %i names the pool and the worker pid, named or by insertion order',
    async (eventId, why) => {
      for (const named of [true, false]) {
        const spec = appPoolRecycle({ ...c(1), eventId, appPool: 'DefaultAppPool', pid: 26648, named });
        expect(await signalsFrom([spec], { style: 'wevtutil' }, { decode: 'candidates' })).toEqual([
          expect.objectContaining({
            kind: 'restart',
            scope: 'process',
            image: 'w3wp.exe',
            appPool: 'DefaultAppPool',
            pid: 26648,
            reason: `app pool DefaultAppPool recycled (${why})`,
          }),
        ]);
      }
    },
  );

  it.each([
    [5079, 'requested by an administrator'],
    [5080, 'configuration change'],
  ] as const)('WAS %i recycles the whole pool: no pid', async (eventId, why) => {
    const [signal] = await signalsFrom([appPoolRecycle({ ...c(1), eventId, appPool: 'OrdersPool' })]);
    expect(signal).toMatchObject({
      scope: 'process',
      appPool: 'OrdersPool',
      reason: `app pool OrdersPool recycled (${why})`,
    });
    expect(signal).not.toHaveProperty('pid');
  });
});

describe('process exit (Security 4689, MS Learn layout)', () => {
  it('a dllhost.exe exit is a process restart with its pid read from hex', async () => {
    const spec = processExit({ ...c(1), pid: 0xfb0, path: 'C:\\Windows\\SysWOW64\\DllHost.exe' });
    expect(await signalsFrom([spec], { style: 'wevtutil' }, { decode: 'candidates' })).toEqual([
      expect.objectContaining({
        kind: 'restart',
        scope: 'process',
        image: 'dllhost.exe',
        pid: 4016,
        reason: 'dllhost.exe (pid 4016) exited',
      }),
    ]);
  });

  it('w3wp.exe too; other processes are no restart and are not decoded', async () => {
    const w3wp = processExit({ ...c(1), pid: 77, path: 'C:\\Windows\\System32\\inetsrv\\w3wp.exe' });
    const notepad = processExit({ ...c(2), pid: 78, path: 'C:\\Windows\\System32\\notepad.exe' });
    const found = await signalsFrom([w3wp, notepad], { style: 'wevtutil' }, { decode: 'candidates' });
    expect(found.map((s) => s.kind === 'restart' && s.image)).toEqual(['w3wp.exe']);
    const read = await readSignals(renderFile([notepad], { style: 'wevtutil' }), { name: 'exit.xml' });
    expect(read.stats.decoded).toBe(0);
  });
});

describe('every restart form in every producer shape', () => {
  const specs = [
    eventLogService({ ...c(1), started: true }),
    unexpectedShutdown({ ...c(2), at: '10:42:07 AM', on: '11/17/2026' }),
    kernelGeneral({ ...c(3), started: false }),
    profileServiceState({ ...c(4), started: true }),
    appPoolRecycle({ ...c(5), eventId: 5186, appPool: 'DefaultAppPool', pid: 9 }),
    processExit({ ...c(6), pid: 12, path: 'C:\\Windows\\System32\\dllhost.exe' }),
  ];
  for (const style of EVENT_STYLES) {
    it(style, async () => {
      const found = await signalsFrom(specs, { style, gzip: true }, { decode: 'candidates' });
      expect(found.map((s) => s.evidence.recordId)).toEqual([1, 2, 3, 4, 5, 6]);
    });
  }
});
