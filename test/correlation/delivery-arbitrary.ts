import fc from 'fast-check';
import { eventTimeToNs, nsToEventTime } from '../../functions/reader/event-time.ts';
import type { Signal } from '../../functions/signals/signal.ts';
import { failure, leak, restart, session, T0 } from './signal-builders.ts';

/**
 * Scenarios as servers really ship them: each computer's channels are streams of events in record-id order (ids
 * rising with time, gaps where ordinary events were, ids starting again after a cleared log); objects are slices
 * of those streams (oldest or newest first, several channels in one object, slices re-sent after a shipper
 * restart); objects arrive in any order and some twice. The signals are leaks, failures (storms included),
 * restarts and logons/logoffs over three servers, clients and decoys.
 */
export interface Delivery {
  /** Every distinct event once. */
  signals: Signal[];
  /** The objects in arrival order, each its signals in the order read. */
  objects: Signal[][];
}

const SERVERS = ['app01', 'web01'] as const;
const CLIENTS = ['ws01', 'ws02', 'ws03', 'ws04'] as const;
const PIDS = [2428, 3112] as const;
const SIDS = ['S-1-5-21-1111-2222-3333-1004', 's-1-5-21-1111-2222-3333-1190'] as const;
const MINUTE_NS = 60_000_000_000n;

/** Minutes from T0, biased to the edges: near a leak (skew), days later (quiet, window). */
const minutes = fc.oneof(
  fc.integer({ min: -30, max: 60 }),
  fc.integer({ min: -2 * 1440, max: 10 * 1440 }),
  fc.constantFrom(-5, 5, 7 * 1440, 24 * 60, 25 * 60),
);
const within = fc.integer({ min: 0, max: 59_999_999_999 });
const timeAt = (m: number, n: number) => nsToEventTime(eventTimeToNs(T0) + BigInt(m) * MINUTE_NS + BigInt(n));

const spec = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('leak' as const),
      host: fc.constantFrom(...SERVERS),
      m: fc.oneof(fc.integer({ min: -60, max: 60 }), minutes),
      n: within,
      pid: fc.constantFrom(...PIDS),
      sid: fc.constantFrom(...SIDS),
      classes: fc.boolean(),
    }),
  },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('failure' as const),
      host: fc.constantFrom(...SERVERS, ...SERVERS, 'db01'),
      reporter: fc.constantFrom(...CLIENTS, 'self'),
      m: fc.oneof(minutes, fc.integer({ min: 0, max: 3 * 1440 })),
      n: within,
      storm: fc.nat({ max: 30 }),
      clsid: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('restart' as const),
      host: fc.constantFrom(...SERVERS),
      m: minutes,
      n: within,
      pid: fc.option(fc.constantFrom(...PIDS)),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom('logon' as const, 'logoff' as const),
      host: fc.constantFrom(...SERVERS),
      m: minutes,
      n: within,
      sid: fc.constantFrom(...SIDS),
    }),
  },
);

type Spec = typeof spec extends fc.Arbitrary<infer T> ? T : never;

function signalsOf(specs: readonly Spec[]): Signal[] {
  const out: Signal[] = [];
  for (const s of specs) {
    const time = timeAt(s.m, s.n);
    if (s.kind === 'leak') {
      out.push(
        leak({
          host: s.host,
          recordId: 0,
          time,
          sid: s.sid,
          hive: s.classes ? 'classes' : 'user',
          processes: [
            {
              name: 'dllhost.exe',
              pid: s.pid,
              path: '\\Device\\HarddiskVolume2\\Windows\\SysWOW64\\dllhost.exe',
            },
          ],
        }),
      );
    } else if (s.kind === 'failure') {
      // a storm: the same client failing every few seconds
      for (let i = 0; i <= s.storm; i++) {
        const t = nsToEventTime(eventTimeToNs(time) + BigInt(i) * 3_000_000_000n);
        out.push(
          failure({
            host: s.host,
            reporter: s.reporter === 'self' ? s.host : s.reporter,
            recordId: 0,
            time: t,
            ...(s.clsid ? { clsid: '{4E14FBA2-2E22-11D1-9964-00C04FBBB345}' } : {}),
          }),
        );
      }
    } else if (s.kind === 'restart') {
      out.push(
        restart({
          host: s.host,
          time,
          recordId: 0,
          ...(s.pid === null
            ? { scope: 'host' as const }
            : { scope: 'process' as const, pid: s.pid, image: 'dllhost.exe' }),
        }),
      );
    } else {
      out.push(session({ kind: s.kind, host: s.host, time, recordId: 0, sid: s.sid, logonType: 10 }));
    }
  }
  return out;
}

const streamKey = (s: Signal) => `${s.evidence.computer.toLowerCase()}|${s.evidence.channel.toLowerCase()}`;

/** Record ids in time order per stream, with gaps; after `clearAt` events the log was cleared (ids start again). */
function numbered(signals: Signal[], gaps: readonly number[], clears: readonly number[]): Signal[][] {
  const streams = new Map<string, Signal[]>();
  for (const s of signals) {
    const list = streams.get(streamKey(s));
    if (list) list.push(s);
    else streams.set(streamKey(s), [s]);
  }
  return [...streams.values()].map((stream, k) => {
    stream.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
    const clearAt = clears[k % Math.max(clears.length, 1)] ?? 0;
    let id = 100;
    return stream.map((s, i) => {
      if (clearAt > 0 && i === clearAt && i < stream.length) id = 1;
      id += 1 + (gaps[(i + k) % Math.max(gaps.length, 1)] ?? 0);
      return { ...s, evidence: { ...s.evidence, recordId: id } };
    });
  });
}

export const deliveryArbitrary: fc.Arbitrary<Delivery> = fc
  .record({
    specs: fc.array(spec, { maxLength: 26 }),
    gaps: fc.array(fc.nat({ max: 3 }), { maxLength: 8 }),
    clears: fc.array(fc.nat({ max: 6 }), { maxLength: 3 }),
    cuts: fc.array(fc.nat({ max: 40 }), { maxLength: 10 }),
    resend: fc.array(fc.nat({ max: 4 }), { maxLength: 6 }),
    reversed: fc.array(fc.boolean(), { maxLength: 6 }),
    joins: fc.array(fc.nat(), { maxLength: 4 }),
    order: fc.array(fc.nat(), { maxLength: 60 }),
    again: fc.array(fc.nat(), { maxLength: 3 }),
  })
  .map(({ specs, gaps, clears, cuts, resend, reversed, joins, order, again }) => {
    const streams = numbered(signalsOf(specs), gaps, clears);
    let slices: Signal[][] = [];
    streams.forEach((stream, k) => {
      const points = [...new Set(cuts.map((c) => (c + k) % (stream.length + 1)))].sort((a, b) => a - b);
      let from = 0;
      points.push(stream.length);
      points.forEach((p, j) => {
        if (p <= from) return;
        // a shipper restarted: the slice starts again a few events back
        const back = j > 0 ? Math.min(resend[(j + k) % Math.max(resend.length, 1)] ?? 0, from) : 0;
        slices.push(stream.slice(from - back, p));
        from = p;
      });
    });
    slices = slices.map((s, i) => (reversed[i % Math.max(reversed.length, 1)] ? [...s].reverse() : s));
    // several channels in one object (never two slices of one stream: an object is a complete slice of each)
    for (const j of joins) {
      if (slices.length < 2) break;
      const a = j % slices.length;
      const channelsOf = (slice: Signal[]) => new Set(slice.map(streamKey));
      const taken = channelsOf(slices[a] ?? []);
      const b = slices.findIndex((other, i) => i !== a && [...channelsOf(other)].every((c) => !taken.has(c)));
      if (b < 0) continue;
      const merged = [...(slices[a] ?? []), ...(slices[b] ?? [])];
      slices = slices.filter((_, i) => i !== a && i !== b);
      slices.push(merged);
    }
    const objects = shuffle(slices, order);
    for (const n of again) if (objects.length) objects.push(objects[n % objects.length] ?? []);
    const placed = objects.map((object, o) =>
      object.map((s, i) => ({
        ...s,
        evidence: { ...s.evidence, source: `object-${o % slices.length}`, offset: i * 100 },
      })),
    );
    return { signals: streams.flat(), objects: placed };
  });

function shuffle<T>(items: readonly T[], order: readonly number[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = (order[i % Math.max(order.length, 1)] ?? 0) % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
