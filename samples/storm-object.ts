/**
 * One object of the storm: the events one host shipped for one window, in time order and numbered
 * per channel from where its previous object ended, rendered and gzipped on demand. Its content is a
 * function of (plan, host, window, first record ids) alone, so objects can be rendered in any order.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { Host } from './corp-network.ts';
import { CorpusWorld } from './corpus-world.ts';
import type { EventSpec } from './event-spec.ts';
import { renderEvent } from './render-events.ts';
import { securityLogoff, securityLogon } from './security-events.ts';
import { seededRandom } from './seeded-random.ts';
import { stormNoise } from './storm-noise.ts';
import {
  failureTime,
  mix,
  NOISE_CHANNELS,
  type NoiseChannel,
  PRELUDE,
  preludeTime,
  SERVER_NAMES,
  STORM_CLSID,
  STORM_DLLHOST,
  STORM_IDENTITY,
  type StormPlan,
  windowSpan,
} from './storm-plan.ts';
import { dcom10006, hiveLeak1530 } from './windows-events.ts';

export interface ObjectPlan {
  host: Host;
  /** 0 for the server, 1… for the clients. */
  hostIndex: number;
  window: number;
  /** The first EventRecordID of each channel in this object. */
  firstRecord: Record<string, number>;
}

/** How many ordinary events of each channel the object holds: ±20% around the plan's rate. */
export function noiseCounts(
  plan: StormPlan,
  hostIndex: number,
  window: number,
): Record<NoiseChannel, number> {
  const rng = seededRandom(mix(plan.seed, hostIndex, window, 1));
  const counts = {} as Record<NoiseChannel, number>;
  for (const channel of NOISE_CHANNELS) {
    const mean = plan.noisePerMinute[channel] * plan.objectMinutes;
    counts[channel] = Math.round(mean * (0.8 + 0.4 * rng.next()));
  }
  return counts;
}

/** The server's events of the window before the storm: svc_xrc's RDP session ends, both hives leak. */
export function preludeEvents(plan: StormPlan): EventSpec[] {
  const computer = plan.server.fqdn;
  const on = (offset: number) => ({
    computer,
    time: preludeTime(plan, offset),
    recordId: 0,
    ...STORM_IDENTITY,
  });
  const leak = (offset: number, classes: boolean) =>
    hiveLeak1530({
      ...on(offset),
      classes,
      processes: [
        { ...STORM_DLLHOST, handles: classes ? 2 : 3 },
        {
          pid: 1140,
          path: '\\Device\\HarddiskVolume2\\Windows\\System32\\svchost.exe',
          handles: classes ? 1 : 2,
        },
      ],
    });
  return [
    securityLogon({ ...on(PRELUDE.logon), logonType: 10, ipAddress: '10.20.6.44' }),
    securityLogoff({ ...on(PRELUDE.userLogoff), eventId: 4647 }),
    securityLogoff({ ...on(PRELUDE.logoff), eventId: 4634, logonType: 10 }),
    leak(PRELUDE.leak, false),
    leak(PRELUDE.classesLeak, true),
  ];
}

/** Failures a client logs in window `w` (none before the storm). */
export function failureCount(plan: StormPlan, hostIndex: number, window: number): number {
  return hostIndex > 0 && window >= 0 ? plan.failuresPerWindow : 0;
}

function failures(plan: StormPlan, object: ObjectPlan): EventSpec[] {
  const client = object.hostIndex - 1;
  const first = object.window * plan.failuresPerWindow;
  const out: EventSpec[] = [];
  for (let j = first; j < first + failureCount(plan, object.hostIndex, object.window); j++) {
    out.push(
      dcom10006({
        computer: object.host.fqdn,
        time: failureTime(plan, client, j),
        recordId: 0,
        server: SERVER_NAMES[client % SERVER_NAMES.length] as string,
        clsid: STORM_CLSID,
      }),
    );
  }
  return out;
}

/** Every event of the object, in time order, numbered per channel from `firstRecord`. */
export function objectEvents(plan: StormPlan, object: ObjectPlan): EventSpec[] {
  const counts = noiseCounts(plan, object.hostIndex, object.window);
  const rng = seededRandom(mix(plan.seed, object.hostIndex, object.window, 2));
  const world = new CorpusWorld(rng);
  const [from, to] = windowSpan(plan, object.window);
  const events = failures(plan, object);
  if (object.hostIndex === 0 && object.window === -1) events.push(...preludeEvents(plan));
  for (const channel of NOISE_CHANNELS) {
    for (let i = 0; i < counts[channel]; i++) {
      world.pin(BigInt(from) * 10_000n + BigInt(Math.floor(rng.next() * (to - from) * 10_000)));
      events.push(stormNoise(world, object.host, channel));
    }
  }
  events.sort((a, b) => (a.timeCreated < b.timeCreated ? -1 : a.timeCreated > b.timeCreated ? 1 : 0));
  const next = { ...object.firstRecord };
  for (const event of events) {
    event.recordId = next[event.channel] ?? 1;
    next[event.channel] = event.recordId + 1;
  }
  return events;
}

/** The object's text in batches of about 64 KB, as the shipper wrote it. */
export function* objectText(plan: StormPlan, object: ObjectPlan): Generator<string> {
  let batch = '';
  for (const event of objectEvents(plan, object)) {
    batch += renderEvent(event, plan.style);
    if (batch.length >= 1 << 16) {
      yield batch;
      batch = '';
    }
  }
  if (batch) yield batch;
}

/** The object's gzip bytes as a stream. */
export function objectStream(plan: StormPlan, object: ObjectPlan): Readable {
  const gzip = createGzip();
  pipeline(Readable.from(objectText(plan, object)), gzip).catch((err: unknown) => gzip.destroy(err as Error));
  return gzip;
}
