/**
 * The fleet's objects, window by window, lazily: each host's events of the window (its noise and what is planted on
 * it), numbered per channel where its previous object ended, in its shipper's shape. A host back from a reboot sends
 * the last events of its previous object again (its shipper's bookmark was saved before them). Each object says how
 * many events and signals it holds, and how many of those signals were never shipped before.
 */
import type { EventSpec } from './event-spec.ts';
import type { FleetHost, FleetShipper } from './fleet-hosts.ts';
import { folderOf } from './fleet-hosts.ts';
import { CHANNEL_SHARE, fleetNoise, HostWorld, type NoiseChannel } from './fleet-noise.ts';
import { type FleetPlan, windowOf } from './fleet-plan.ts';
import { type PlantedEvent, plantedIn } from './fleet-planted.ts';
import { shipFirehose, shipHost } from './fleet-shapes.ts';
import { isNoiseSignal } from './fleet-signals.ts';
import { seededRandom } from './seeded-random.ts';
import { mix } from './storm-plan.ts';

export interface FleetObject {
  key: string;
  window: number;
  shipper: FleetShipper;
  /** Short names (lower case) of the hosts whose events it carries. */
  hosts: string[];
  events: number;
  signals: number;
  /** Signals of events no earlier object held. */
  newSignals: number;
  body: Buffer;
  /** Its text before compression. */
  rawBytes: number;
  contentEncoding?: 'gzip' | 'zstd';
}

/** Shippers upload a little after the window closes. */
const SHIPPING_DELAY = 45_000;
/** What a shipper sends again after its host reboots. */
const RESENT = 5;

interface HostCursor {
  next: Record<string, number>;
  tail: PlantedEvent[];
}

/** Every object of the fleet, in upload order: window by window, hosts in order, then the Firehose object. */
export function* fleetObjects(plan: FleetPlan): Generator<FleetObject> {
  const cursors = new Map<string, HostCursor>();
  for (let w = 0; w < plan.windows; w++) yield* windowObjects(plan, w, cursors);
}

function* windowObjects(
  plan: FleetPlan,
  w: number,
  cursors: Map<string, HostCursor>,
): Generator<FleetObject> {
  const [from, to] = windowOf(plan, w);
  const viaFirehose: { host: FleetHost; events: EventSpec[] }[] = [];
  let firehose = { events: 0, signals: 0, newSignals: 0, hosts: [] as string[] };
  for (const host of plan.hosts) {
    const cursor = cursors.get(host.short) ?? { next: firstRecords(plan, host), tail: [] };
    cursors.set(host.short, cursor);
    const fresh = hostWindow(plan, host, w, cursor);
    const back = plan.planted.get(host.short)?.down.some(([, up]) => up >= from && up < to) ?? false;
    const resent = back ? cursor.tail : [];
    if (fresh.length > 0) cursor.tail = fresh.slice(-RESENT);
    const all = [...resent, ...fresh];
    const counts = {
      events: all.length,
      signals: all.filter((e) => e.signal).length,
      newSignals: fresh.filter((e) => e.signal).length,
    };
    if (host.shipper === 'cloudwatch') {
      viaFirehose.push({ host, events: all.map((e) => e.spec) });
      firehose = {
        events: firehose.events + counts.events,
        signals: firehose.signals + counts.signals,
        newSignals: firehose.newSignals + counts.newSignals,
        hosts: [...firehose.hosts, folderOf(host)],
      };
      continue;
    }
    const shipped = shipHost(
      host,
      all.map((e) => e.spec),
      from,
      to + SHIPPING_DELAY,
      mix(plan.seed, host.index, w, 3),
    );
    yield { ...shipped, window: w, shipper: host.shipper, hosts: [folderOf(host)], ...counts };
  }
  if (viaFirehose.length > 0) {
    const shipped = shipFirehose(viaFirehose, to + SHIPPING_DELAY + 15_000, w === 0, mix(plan.seed, w, 4));
    yield { ...shipped, window: w, shipper: 'cloudwatch', ...firehose };
  }
}

/** The host's events of window `w`, in time order, numbered per channel from the cursor (which moves past them). */
function hostWindow(plan: FleetPlan, host: FleetHost, w: number, cursor: HostCursor): PlantedEvent[] {
  const [from, to] = windowOf(plan, w);
  const hostPlan = plan.planted.get(host.short);
  const events = plantedIn(hostPlan, from, to);
  const rng = seededRandom(mix(plan.seed, host.index, w, 1));
  const world = new HostWorld(rng, plan.hosts, host);
  const count = Math.round(host.eventsPerObject * (0.7 + 0.6 * rng.next()));
  for (let i = 0; i < count; i++) {
    const ms = from + Math.floor(rng.next() * (to - from));
    if (hostPlan?.down.some(([d0, d1]) => ms >= d0 && ms < d1)) continue;
    world.pin(BigInt(ms) * 10_000n + BigInt(rng.int(0, 9_999)));
    const spec = fleetNoise(world, host, channelOf(rng.next()));
    events.push({ ms, spec, signal: isNoiseSignal(spec) });
  }
  events.sort((a, b) =>
    a.spec.timeCreated < b.spec.timeCreated ? -1 : a.spec.timeCreated > b.spec.timeCreated ? 1 : 0,
  );
  for (const { spec } of events) {
    spec.recordId = cursor.next[spec.channel] ?? 1;
    cursor.next[spec.channel] = spec.recordId + 1;
  }
  return events;
}

function channelOf(roll: number): NoiseChannel {
  let left = roll;
  for (const [channel, share] of CHANNEL_SHARE) {
    left -= share;
    if (left < 0) return channel;
  }
  return 'Security';
}

/** Where each host's logs stood when the run began (Windows numbers every log from its last clear). */
function firstRecords(plan: FleetPlan, host: FleetHost): Record<string, number> {
  const base = (channel: number) => 1_000 + (mix(plan.seed, host.index, channel) % 900_000);
  return { Security: base(1), System: base(2), Application: base(3) };
}
