/**
 * The corpus's restart evidence (issue 9 §2), at the rates servers write it: a host reboot writes its
 * shutdown and boot events once (corpus/real windows-export: 1532, 6006 and Kernel-General 13 within a
 * second, then Kernel-General 12, 6005 and 1531 on boot, with SYSTEM's and UMFD/DWM logons), and IIS
 * recycles each pool a few times a day (MS Learn periodicRestart: every 29 hours by default; idle
 * shutdown after 20 minutes, WAS 5186). Built with restart-events.ts.
 */
import { CORP_HOSTS, type Host, WELL_KNOWN } from './corp-network.ts';
import { POOLS } from './corpus-system-events.ts';
import type { CorpusWorld, RoledEvent } from './corpus-world.ts';
import type { EventSpec } from './event-spec.ts';
import {
  appPoolRecycle,
  eventLogService,
  kernelGeneral,
  profileServiceState,
  unexpectedShutdown,
} from './restart-events.ts';
import { securityLogon } from './security-events.ts';

const WEB = CORP_HOSTS.filter((h) => h.role === 'web');

/** The app pools of a web server: two to four of POOLS, different per server. */
export function poolsOf(host: Host): string[] {
  const i = Math.max(0, WEB.indexOf(host));
  return Array.from({ length: 2 + (i % 3) }, (_, k) => POOLS[(i + k) % POOLS.length] as string);
}

/** Pools across the forest's web servers: the unit of the recycle rate. */
export const POOL_COUNT = WEB.reduce((n, h) => n + poolsOf(h).length, 0);

type RecycleId = Parameters<typeof appPoolRecycle>[0]['eventId'];

/** Idle shutdowns and the 29-hour periodic recycle dominate; on-demand, configuration and memory recycles are rare. */
const RECYCLES: [number, RecycleId][] = [
  [55, 5186],
  [30, 5074],
  [5, 5080],
  [5, 5079],
  [3, 5076],
  [2, 5117],
];

/** One WAS recycle or idle shutdown of one pool on one web server. */
export function poolRecycled(w: CorpusWorld): RoledEvent {
  const host = w.rnd.pick(WEB);
  const event = appPoolRecycle({
    ...w.place(host, 'System'),
    eventId: w.rnd.weighted(RECYCLES),
    appPool: w.rnd.pick(poolsOf(host)),
    pid: w.rnd.int(1000, 30000) & ~3,
    named: w.rnd.chance(0.8),
  });
  return { event, role: 'restart' };
}

/** Boot logons and the process that makes them (corpus/real windows-export 4624). */
const BOOT_LOGONS = [
  [WELL_KNOWN.fontDriver, 'wininit.exe'],
  [WELL_KNOWN.windowManager, 'winlogon.exe'],
  [WELL_KNOWN.system, 'services.exe'],
] as const;

/** `9:14:03 AM` and `5/10/2026`, as 6008's message writes them on an en-US server (UTC here). */
function usTimeAndDate(d: Date): [string, string] {
  const h = d.getUTCHours();
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${h % 12 || 12}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
  return [time, `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`];
}

const restart = (event: EventSpec): RoledEvent => ({ event, role: 'restart' });
const ordinary = (event: EventSpec): RoledEvent => ({ event, role: 'ordinary' });

/** A host reboots: shutdown events, 30 s – 3 min, boot events; 1 in 20 is an unexpected shutdown (6008, no shutdown events). */
export function reboot(w: CorpusWorld, host: Host = w.host()): RoledEvent[] {
  const crashed = w.rnd.chance(0.05);
  const before = w.now();
  const down: RoledEvent[] = crashed
    ? []
    : [
        restart(profileServiceState({ ...w.place(host, 'Application'), started: false })),
        restart(eventLogService({ ...w.place(host, 'System'), started: false })),
        restart(kernelGeneral({ ...w.place(host, 'System'), started: false })),
      ];
  w.later(w.now() + BigInt(w.rnd.int(30, 180)) * 10_000_000n);
  const up: RoledEvent[] = [
    restart(kernelGeneral({ ...w.place(host, 'System'), started: true })),
    restart(eventLogService({ ...w.place(host, 'System'), started: true })),
  ];
  if (crashed) {
    const [at, on] = usTimeAndDate(new Date(Number(before / 10_000n)));
    up.push(restart(unexpectedShutdown({ ...w.place(host, 'System'), at, on })));
  }
  up.push(restart(profileServiceState({ ...w.place(host, 'Application'), started: true })));
  // Boot logons of built-in identities: never signals.
  for (const [who, image] of BOOT_LOGONS) {
    const at = w.place(host, 'Security');
    up.push(
      ordinary(
        securityLogon({
          computer: at.computer,
          time: at.time,
          recordId: at.recordId,
          sid: who.sid,
          user: who.name,
          domain: who.domain,
          logonId: 'logonId' in who ? who.logonId : `0x${w.rnd.hex(5)}`,
          logonType: who === WELL_KNOWN.system ? 5 : 2,
          logonProcess: 'Advapi  ',
          process: { id: `0x${w.rnd.hex(3)}`, name: `C:\\Windows\\System32\\${image}` },
          elevatedToken: true,
        }),
      ),
    );
  }
  return [...down, ...up];
}
