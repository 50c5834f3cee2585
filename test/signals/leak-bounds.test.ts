/**
 * What one 1530 may put in a leak (and so in the host's state and its incident's item): its first PROCESSES_KEPT
 * dllhost/w3wp processes, each path cut to PATH_KEPT characters from its end. A hostile 1530 can name 25,000.
 */
import { describe, expect, it } from 'vitest';
import { nsToEventTime } from '../../functions/reader/event-time.ts';
import { aheadOfClock, MAX_AHEAD_MS } from '../../functions/signals/event-clock.ts';
import { PATH_KEPT, PROCESSES_KEPT } from '../../functions/signals/hive-leak.ts';
import type { HiveLeak } from '../../functions/signals/signal.ts';
import { hiveLeak1530 } from '../../samples/windows-events.ts';
import { at, signalsFrom } from './sample-signals.ts';

const DLLHOST = '\\Device\\HarddiskVolume2\\Windows\\System32\\dllhost.exe';
const leakOf = async (processes: { pid: number; path: string }[]) => {
  const spec = hiveLeak1530({
    computer: 'APP01.corp.example.net',
    time: at(0),
    recordId: 1,
    sid: 'S-1-5-21-1-2-3-1004',
    processes,
  });
  const [leak] = await signalsFrom([spec]);
  return leak as HiveLeak;
};

describe('a 1530 naming many processes', () => {
  it(`keeps its first ${PROCESSES_KEPT} dllhost/w3wp processes, in order of mention, each pid once`, async () => {
    const processes = Array.from({ length: 40 }, (_, i) => ({ pid: 1000 + i, path: DLLHOST }));
    const leak = await leakOf([
      { pid: 4, path: '\\Device\\HarddiskVolume2\\Windows\\explorer.exe' },
      ...processes,
    ]);
    expect(leak.processes.map((p) => p.pid)).toEqual(processes.slice(0, PROCESSES_KEPT).map((p) => p.pid));
  });

  it(`keeps the last ${PATH_KEPT} characters of a longer path, which name the image`, async () => {
    const long = `\\Device\\${'x'.repeat(10_000)}\\dllhost.exe`;
    const leak = await leakOf([{ pid: 5, path: long }]);
    const [process] = leak.processes;
    expect(process).toMatchObject({ name: 'dllhost.exe', pid: 5 });
    expect(process?.path).toHaveLength(PATH_KEPT);
    expect(process?.path).toBe(`…${long.slice(-(PATH_KEPT - 1))}`);
    // a real path is kept as written
    expect((await leakOf([{ pid: 6, path: DLLHOST }])).processes[0]?.path).toBe(DLLHOST);
  });
});

describe('an event stamped ahead of the clock', () => {
  const now = new Date('2026-11-17T09:00:00Z');
  it('up to a day ahead is taken (a server clock set a time zone wrong); more is refused, naming both times', () => {
    const iso = (ms: number) => nsToEventTime(BigInt(ms) * 1_000_000n);
    expect(aheadOfClock(now)({ time: iso(now.getTime() + MAX_AHEAD_MS) })).toBeUndefined();
    expect(aheadOfClock(now)({ time: '2026-11-17T08:00:00.000000000Z' })).toBeUndefined();
    expect(aheadOfClock(now)({ time: iso(now.getTime() + MAX_AHEAD_MS + 1) })).toBe(
      'event time 2026-11-18T09:00:00.001000000Z is more than a day ahead of this clock (2026-11-17T09:00:00.000Z): refused',
    );
    expect(aheadOfClock(now)({ time: '9999-12-31T23:00:00.000000000Z' })).toMatch(
      /^event time 9999-12-31T23:00:00/,
    );
  });
});
