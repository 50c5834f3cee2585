import { buffer } from 'node:stream/consumers';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { eventTimeToMs } from '../../functions/reader/event-time.ts';
import { readEvents } from '../../functions/reader/read-events.ts';
import { readSignals } from '../../functions/signals/read-signals.ts';
import type { ActivationFailure, HiveLeak } from '../../functions/signals/signal.ts';
import { SampleOptionsError } from '../../samples/errors.ts';
import {
  type StormObject,
  type StormOptions,
  stormFacts,
  stormObjects,
} from '../../samples/storm-scenario.ts';

/** The storm of issue 8, small: a quarter of an hour, three clients (4,500 failures each). */
const SMALL: StormOptions = { hours: 0.25, clients: 3 };

async function readObject(object: StormObject) {
  const read = await readSignals(await buffer(object.render()), { name: object.key });
  return {
    ...read,
    leaks: read.signals.filter((s): s is HiveLeak => s.kind === 'leak'),
    failures: read.signals.filter((s): s is ActivationFailure => s.kind === 'failure'),
  };
}

describe('the storm (issue 8): one server leaking under dllhost.exe, clients failing 5 times a second', async () => {
  const facts = stormFacts(SMALL);
  const objects = [...stormObjects(SMALL)];
  const reads = await Promise.all(objects.map(readObject));

  it('declares exact counts, and every object read back with the real reader holds exactly them', () => {
    expect(facts.failures).toBe(0.25 * 3600 * 5 * 3);
    expect(facts.failuresPerClient).toEqual({ web01: 4500, web02: 4500, web03: 4500 });
    objects.forEach((object, i) => {
      const read = reads[i];
      expect(read?.errors).toEqual([]);
      expect(read?.stats.events).toBe(object.events);
      expect(read?.failures).toHaveLength(object.failures);
    });
    expect(reads.reduce((n, r) => n + r.stats.events, 0)).toBe(facts.events);
    expect(objects.reduce((n, o) => n + o.failures, 0)).toBe(facts.failures);
  });

  it('ships one object per host per 5 minutes from the window before the storm, as incoming/<host>/<yyyy>/<mm>/<dd>/<name>.json.gz', () => {
    expect(objects).toHaveLength((3 + 1) * 4);
    expect(facts.objects).toBe(objects.length);
    for (const object of objects) {
      expect(object.key).toMatch(/^incoming\/(app01|web0[1-3])\/2026\/11\/20\/winevtlog-\d{6}\.json\.gz$/);
      expect(object.key.split('/')[1]).toBe(object.host);
    }
    expect(new Set(objects.map((o) => o.key)).size).toBe(objects.length);
    expect(objects.filter((o) => o.failures > 0).every((o) => o.failures === 1500)).toBe(true);
  });

  it('every failure is a DCOM 10006 naming app01, inside its object’s window, from the client that shipped it', () => {
    objects.forEach((object, i) => {
      for (const f of reads[i]?.failures ?? []) {
        expect(f).toMatchObject({ host: 'app01', failure: 'client-dcom-10006', reporter: object.host });
        const ms = eventTimeToMs(f.time);
        expect(ms >= Date.parse(object.start) && ms < Date.parse(object.end)).toBe(true);
      }
    });
  });

  it('the facts name the leak (both hives, dllhost.exe) and the first and last failure as the reader reports them', () => {
    const leaks = reads.flatMap((r) => r.leaks);
    expect(leaks.map((l) => [l.host, l.hive, l.time, l.sid])).toEqual([
      ['app01', 'user', facts.leakAt, facts.sid],
      ['app01', 'classes', facts.classesLeakAt, facts.sid],
    ]);
    expect(leaks[0]?.processes[0]).toEqual(facts.process);
    const times = reads.flatMap((r) => r.failures.map((f) => f.time)).sort();
    expect([times[0], times.at(-1)]).toEqual([facts.firstFailureAt, facts.lastFailureAt]);
    expect(facts.leakAt < facts.firstFailureAt).toBe(true);
  });

  it('numbers each log of each host without gap or repeat across its objects, as Windows does', async () => {
    const last = new Map<string, number>();
    for (const object of objects) {
      for await (const item of readEvents(await buffer(object.render()), { decode: 'all' })) {
        if (item.kind !== 'event') continue;
        const log = `${item.event.computer}|${item.event.channel}`;
        const before = last.get(log);
        if (before !== undefined) expect(item.event.recordId).toBe(before + 1);
        last.set(log, item.event.recordId);
      }
    }
    expect(last.size).toBe(4 * 3);
  });

  it('surrounds the failures with ordinary Security, System and Application events', async () => {
    const channels = new Map<string, number>();
    const client = objects.find((o) => o.failures > 0) as StormObject;
    for await (const item of readEvents(await buffer(client.render()), { decode: 'all' })) {
      if (item.kind === 'event')
        channels.set(item.event.channel, (channels.get(item.event.channel) ?? 0) + 1);
    }
    expect(channels.get('Security')).toBeGreaterThan(100);
    expect(channels.get('Application')).toBeGreaterThan(0);
    expect(channels.get('System')).toBeGreaterThan(client.failures);
  });
});

describe('the storm is deterministic', () => {
  const bytes = async (options: StormOptions) =>
    Promise.all([...stormObjects(options)].slice(0, 6).map(async (o) => buffer(o.render())));

  it('the same seed renders the same bytes, object by object, in any order', async () => {
    const first = await bytes(SMALL);
    const objects = [...stormObjects(SMALL)].slice(0, 6).reverse();
    const reversed = await Promise.all(objects.map(async (o) => buffer(o.render())));
    expect(reversed.reverse()).toEqual(first);
    expect(await bytes(SMALL)).toEqual(first);
  });

  it('another seed renders other bytes with the same counts', async () => {
    const other = { ...SMALL, seed: 7 };
    expect(await bytes(other)).not.toEqual(await bytes(SMALL));
    expect(stormFacts(other).failures).toBe(stormFacts(SMALL).failures);
  });

  it('wevtutil XML objects hold the same events as Fluent Bit ones', async () => {
    const xml = { ...SMALL, style: 'wevtutil' as const };
    const [a] = [...stormObjects(xml)].filter((o) => o.failures > 0);
    expect(a?.key).toMatch(/\.xml\.gz$/);
    const read = await readObject(a as StormObject);
    expect(read.stats.shape).toBe('xml');
    expect([read.stats.events, read.failures.length]).toEqual([a?.events, 1500]);
  });
});

describe('the storm is lazy', () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const heapMb = () => {
    gc();
    return process.memoryUsage().heapUsed / 2 ** 20;
  };

  it('describes the first object of a storm of ten million hours at once: nothing is built ahead', () => {
    const first = stormObjects({ hours: 10_000_000 }).next();
    expect(first.value?.key).toBe('incoming/app01/2026/11/20/winevtlog-075500.json.gz');
  });

  it('keeps memory flat while rendering object after object (one hour, 8 clients: 117 objects)', async () => {
    const heap: number[] = [];
    let rendered = 0;
    for (const object of stormObjects({ hours: 1, clients: 8 })) {
      await buffer(object.render());
      rendered++;
      if (rendered === 20 || rendered === 117) heap.push(heapMb());
    }
    expect(rendered).toBe(117);
    const [early = 0, late = 0] = heap;
    expect(late - early).toBeLessThan(8);
  }, 120_000);

  it('keeps memory flat while describing a day of storm objects without rendering them', () => {
    const before = heapMb();
    let failures = 0;
    for (const object of stormObjects({ hours: 24 })) failures += object.failures;
    expect(failures).toBe(24 * 3600 * 5 * 20);
    expect(heapMb() - before).toBeLessThan(4);
  });
});

describe('storm options', () => {
  it('refuses hours that are not whole 5-minute objects, naming the problem', () => {
    expect(() => [...stormObjects({ hours: 0.1 })]).toThrow(SampleOptionsError);
    expect(() => [...stormObjects({ hours: 0.1 })]).toThrow(/not a whole number of 5-minute objects/);
    expect(() => stormFacts({ hours: 1, clients: 39 })).toThrow(/clients must be 1–38/);
  });
});
