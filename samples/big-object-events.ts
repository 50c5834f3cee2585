/**
 * The events of one very large object (the pipeline bench's): ordinary SCM 7036 events whose Binary is
 * random enough that gzip keeps the object large, then at the very end a 1530 leak under dllhost.exe and
 * a COM+ 0x800703FA error, so that an alert needs the whole object read.
 */
import { type EventSpec, systemTime } from './event-spec.ts';
import { SERVICE_CONTROL_MANAGER } from './providers.ts';
import { seededRandom } from './seeded-random.ts';
import { complusError, hiveLeak1530 } from './windows-events.ts';

export const BIG_OBJECT_HOST = 'BIG01.corp.example.net';
const T0 = Date.parse('2026-11-20T00:00:00Z');
/** Hex without `f`: random Binary can then never spell 800703fa and raise a signal by chance. */
const HEX = '0123456789abcde';

/** 1 MiB of seeded noise that the Binary of successive events is cut from. */
function entropy(seed: number): string {
  const rng = seededRandom(seed);
  let out = '';
  for (let i = 0; i < 1 << 20; i++) out += HEX[rng.int(0, 14)];
  return out;
}

/** Ordinary events while `more()` says so, then the leak and the failure; each event's time is 50 ms after the last. */
export function* bigObjectEvents(more: () => boolean, seed = 0xb16): Generator<EventSpec> {
  const noise = entropy(seed);
  let recordId = 1;
  for (; more(); recordId++) {
    const at = (recordId * 613) % (noise.length - 600);
    yield {
      provider: SERVICE_CONTROL_MANAGER,
      eventId: 7036,
      qualifiers: 16384,
      keywords: '0x8080000000000000',
      timeCreated: systemTime(T0 + recordId * 50),
      recordId,
      channel: 'System',
      computer: BIG_OBJECT_HOST,
      processId: 720,
      threadId: 4432,
      data: [
        { name: 'param1', value: 'Windows Modules Installer' },
        { name: 'param2', value: 'running' },
      ],
      binary: noise.slice(at, at + 600),
    };
  }
  const end = T0 + recordId * 50;
  yield hiveLeak1530({
    computer: BIG_OBJECT_HOST,
    time: systemTime(end),
    recordId,
    sid: 'S-1-5-21-1-2-3-1201',
    processes: [{ pid: 3316, path: '\\Device\\HarddiskVolume2\\Windows\\System32\\dllhost.exe' }],
  });
  yield complusError({
    computer: BIG_OBJECT_HOST,
    time: systemTime(end + 60_000),
    recordId: recordId + 1,
    appId: '{7D9F2E4A-1B3C-4D5E-8F6A-9B0C1D2E3F4A}',
    appName: 'Big',
  });
}
