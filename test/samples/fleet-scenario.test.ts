import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { correlateAll } from '../../functions/correlation/correlate.ts';
import { correlationConfig } from '../../functions/correlation/correlation-config.ts';
import { objectOrigin } from '../../functions/ingest/object-origin.ts';
import { nsToEventTime } from '../../functions/reader/event-time.ts';
import { readSignals } from '../../functions/signals/read-signals.ts';
import type { Signal } from '../../functions/signals/signal.ts';
import { SampleOptionsError } from '../../samples/errors.ts';
import { type FleetObject, fleetFacts, fleetObjects, fleetPlan } from '../../samples/fleet-scenario.ts';

/** The smallest fleet the generator makes: 40 hosts, 2 hours (1,032 objects), every incident and decoy in it. */
const SMALL = { hosts: 40, hours: 2 };
const config = correlationConfig();

describe('the fleet of npm run reliability:load (issue 12): objects in the shippers’ layouts, facts exact', async () => {
  const plan = fleetPlan(SMALL);
  const facts = fleetFacts(plan);
  const objects = [...fleetObjects(plan)];
  const reads = await Promise.all(
    objects.map((o) =>
      readSignals(o.body, {
        name: o.key,
        ...(o.contentEncoding ? { contentEncoding: o.contentEncoding } : {}),
      }),
    ),
  );
  const signals: Signal[] = reads.flatMap((r) => r.signals);

  it('ships one object per host per 5 minutes, the Firehose hosts sharing one, under the keys their shippers write', () => {
    const firehose = objects.filter((o) => o.shipper === 'cloudwatch');
    expect(objects.length - firehose.length).toBe((40 - (facts.shippers.cloudwatch ?? 0)) * 24);
    expect(firehose).toHaveLength(24);
    expect(new Set(objects.map((o) => o.key)).size).toBe(objects.length);
    for (const o of objects) {
      // README "Point the shipper at the bucket" (Fluent Bit s3_key_format); vector.dev aws_s3 (key_prefix, %s, uuid);
      // docs.aws.amazon.com/firehose/latest/dev/s3-object-name.html (YYYY/MM/dd/HH/<stream>-<version>-<time>-<uuid>)
      const layouts: Record<string, RegExp> = {
        'fluent-bit-gzip': /^incoming\/[a-z0-9]+\/2026\/11\/20\/[a-z0-9]{8}\.json\.gz$/,
        'fluent-bit-zstd': /^incoming\/[a-z0-9]+\/2026\/11\/20\/[a-z0-9]{8}\.json\.zst$/,
        wevtutil: /^incoming\/[a-z0-9]+\/2026\/11\/20\/events-\d{6}\.xml\.gz$/,
        vector: /^incoming\/[a-z0-9]+\/2026\/11\/20\/\d{10}-[0-9a-f-]{36}\.json\.gz$/,
        cloudwatch:
          /^firehose\/2026\/11\/20\/\d\d\/hivewatch-windows-1-2026-11-20-\d\d-\d\d-\d\d-[0-9a-f-]{36}$/,
      };
      expect(o.key).toMatch(layouts[o.shipper] as RegExp);
      expect(objectOrigin(o.key).success).toBe(true);
    }
  });

  it('every object read back with the real reader holds exactly the events and signals it declares', () => {
    objects.forEach((object, i) => {
      expect(reads[i]?.errors).toEqual([]);
      expect(reads[i]?.stats.events).toBe(object.events);
      expect(reads[i]?.signals).toHaveLength(object.signals);
      expect(object.hosts.length).toBeGreaterThan(0);
    });
  });

  it('a host back from a reboot sends its last events again: they are the only repeated events', () => {
    const identities = signals.map(
      (s) => `${s.evidence.computer}|${s.evidence.channel}|${s.evidence.recordId}|${s.time}`,
    );
    const repeats = identities.length - new Set(identities).size;
    const declared = objects.reduce((n, o) => n + o.signals - o.newSignals, 0);
    expect(repeats).toBe(declared);
    expect(facts.decoys.filter((d) => d.kind === 'reboot')).toHaveLength(2);
  });

  it('the detection rules on all its signals find exactly the twelve planted incidents, with the facts declared', () => {
    const horizon = nsToEventTime(BigInt(Date.parse(facts.end) + 20 * 60_000) * 1_000_000n);
    const { incidents } = correlateAll(signals, config, horizon);
    const alertable = incidents.filter((i) => i.alertable);
    expect(alertable).toHaveLength(12);
    for (const planted of facts.incidents) {
      const found = alertable.filter((i) => i.host === planted.host && i.leakAt === planted.leakAt);
      expect(found, planted.name).toHaveLength(1);
      expect(found[0], planted.name).toMatchObject({
        process: planted.process,
        pid: planted.pid,
        sid: planted.sid,
        firstFailureAt: planted.firstFailureAt,
        lastFailureAt: planted.lastFailureAt,
        failureCount: planted.failureCount,
        clients: planted.clients,
        status: planted.status,
      });
      expect(found[0]?.cause?.logoff.time, planted.name).toBe(planted.causeLogoffAt);
      expect(found[0]?.resolution?.by, planted.name).toBe(planted.resolvedBy);
    }
    const atRisk = incidents.filter((i) => !i.alertable).map((i) => [i.host, i.status]);
    expect(atRisk.sort()).toEqual([
      ['app11', 'at-risk'],
      ['app12', 'at-risk'],
      ['app14', 'at-risk'],
      ['web03', 'cleared'],
    ]);
  });

  it('has storms of hundreds of failures a minute from several clients, and every kind of decoy', () => {
    const storms = facts.incidents.filter((i) => i.storm && i.clients.length >= 4);
    expect(storms.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...storms.map((s) => s.peakPerMinute))).toBeGreaterThanOrEqual(300);
    expect(facts.incidents.filter((i) => i.status === 'resolved').length).toBeGreaterThanOrEqual(5);
    expect(facts.incidents.some((i) => i.causeLogoffAt)).toBe(true);
    expect(new Set(facts.decoys.map((d) => d.kind))).toEqual(
      new Set([
        'at-risk',
        'cleared',
        'other-process-1530',
        'failures-without-leak',
        'failure-before-leak',
        'reboot',
      ]),
    );
  });

  it('is deterministic: the same options give the same bytes', () => {
    const digest = (list: Iterable<FleetObject>) => {
      const hash = createHash('sha256');
      let n = 0;
      for (const o of list) {
        if (o.window > 2) break;
        hash.update(o.key).update(o.body);
        n++;
      }
      return `${n}:${hash.digest('hex')}`;
    };
    expect(digest(fleetObjects(fleetPlan(SMALL)))).toBe(digest(objects));
  });

  it('refuses a fleet too small for its incidents, or hours that are not whole objects', () => {
    expect(() => fleetPlan({ hosts: 39 })).toThrow(SampleOptionsError);
    expect(() => fleetPlan({ hours: 1.01 })).toThrow(SampleOptionsError);
  });
});
