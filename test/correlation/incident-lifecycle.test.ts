import { describe, expect, it } from 'vitest';
import { correlate } from '../../functions/correlation/correlate.ts';
import { correlationConfig } from '../../functions/correlation/correlation-config.ts';
import type { Incident } from '../../functions/correlation/incident.ts';
import { at, failure, leak, T0 } from './signal-builders.ts';

/** The incidents with failures (the at-risk leaks have their own tests). */
const failing = (...args: Parameters<typeof correlate>): Incident[] =>
  correlate(...args).filter((incident) => incident.failureCount > 0);

const config = correlationConfig();

describe('incident lifecycle (quiet 24 h of event time)', () => {
  it('one open incident per host: later leaks and failures join it', () => {
    const incidents = failing(
      [
        leak({ recordId: 1 }),
        failure({ recordId: 2, time: at('+1h') }),
        leak({ recordId: 3, time: at('+5h'), sid: 'S-1-5-21-9-9-9-2000' }),
        failure({ recordId: 4, time: at('+6h') }),
        failure({ recordId: 5, time: at('+20h') }),
      ],
      config,
    );
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({
      leakAt: T0,
      failureCount: 3,
      lastFailureAt: at('+20h'),
      status: 'open',
    });
    expect(incidents[0]?.evidence.filter((e) => e.kind === 'leak').map((e) => e.recordId)).toEqual([1, 3]);
  });

  it('resolves after quiet without a failure, at lastFailure + quiet', () => {
    const signals = [leak({ recordId: 1 }), failure({ recordId: 2, time: at('+1h') })];
    expect(failing(signals, config, at('+25h') /* horizon */)[0]).toMatchObject({
      status: 'resolved',
      resolvedAt: at('+25h'),
    });
    const stillOpen = failing(signals, config, at('+24h'))[0];
    expect(stillOpen?.status).toBe('open');
    expect(stillOpen).not.toHaveProperty('resolvedAt');
  });

  it('the horizon defaults to the latest signal given, of any host', () => {
    const signals = [leak({ recordId: 1 }), failure({ recordId: 2, time: at('+1h') })];
    expect(failing(signals, config)[0]?.status).toBe('open');
    const later = leak({ host: 'other', recordId: 1, time: at('+2d') });
    expect(failing([...signals, later], config)[0]?.status).toBe('resolved');
  });

  it('a later leak + failure after the quiet period opens a new incident', () => {
    const incidents = failing(
      [
        leak({ recordId: 1 }),
        failure({ recordId: 2, time: at('+1h') }),
        leak({ recordId: 3, time: at('+3d') }),
        failure({ recordId: 4, time: at('+3d') }),
        failure({ recordId: 5, time: at('+90h') }),
      ],
      config,
    );
    expect(incidents.map((i) => [i.leakAt, i.failureCount, i.status])).toEqual([
      [T0, 1, 'resolved'],
      [at('+3d'), 2, 'open'],
    ]);
    expect(incidents[0]?.resolvedAt).toBe(at('+25h'));
    expect(incidents[0]?.id).not.toBe(incidents[1]?.id);
  });

  it('one open incident per host, even when the horizon (a clock behind the events) is earlier than a later incident', () => {
    const signals = [
      leak({ recordId: 1 }),
      failure({ recordId: 2, time: at('+1h') }),
      leak({ recordId: 3, time: at('+3d') }),
      failure({ recordId: 4, time: at('+3d') }),
    ];
    expect(failing(signals, config, at('+2h')).map((i) => [i.status, i.resolvedAt])).toEqual([
      ['resolved', at('+25h')],
      ['open', undefined],
    ]);
  });

  it('a leak during the open incident but after its last failure anchors the next incident', () => {
    const incidents = failing(
      [
        leak({ recordId: 1 }),
        failure({ recordId: 2, time: at('+1h') }),
        leak({ recordId: 3, time: at('+10h') }),
        failure({ recordId: 4, time: at('+2d') }),
      ],
      config,
    );
    expect(incidents.map((i) => [i.leakAt, i.evidence.map((e) => e.recordId)])).toEqual([
      [T0, [1, 2]],
      [at('+10h'), [3, 4]],
    ]);
  });

  it('a failure after the quiet period with no new leak raises nothing more', () => {
    const incidents = failing(
      [
        leak({ recordId: 1 }),
        failure({ recordId: 2, time: at('+1h') }),
        failure({ recordId: 3, time: at('+3d') }),
      ],
      config,
    );
    expect(incidents.map((i) => i.failureCount)).toEqual([1]);
  });

  it('a failure exactly `quiet` after the last one finds the incident resolved', () => {
    const incidents = failing(
      [
        leak({ recordId: 1 }),
        failure({ recordId: 2, time: at('+1h') }),
        failure({ recordId: 3, time: at('+25h') }),
      ],
      config,
    );
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ failureCount: 1, status: 'resolved' });
  });

  it('the anchoring leak is the latest one at or before the first failure', () => {
    const incidents = failing(
      [
        leak({ recordId: 1, time: at('-2d'), sid: 'S-old' }),
        leak({ recordId: 2, sid: 'S-new' }),
        failure({ recordId: 3, time: at('+1h') }),
      ],
      config,
    );
    expect(incidents[0]).toMatchObject({ leakAt: T0, sid: 'S-new' });
    expect(incidents[0]?.evidence.map((e) => e.recordId)).toEqual([1, 2, 3]);
  });

  it('the user and _Classes 1530s of one logoff anchor at the first of the two', () => {
    const incidents = failing(
      [
        leak({ recordId: 1, hive: 'user' }),
        leak({ recordId: 2, hive: 'classes', time: at('+2s') }),
        leak({ recordId: 3, hive: 'classes', time: at('-1d'), sid: 'S-someone-else' }),
        failure({ recordId: 4, time: at('+1h') }),
      ],
      config,
    );
    expect(incidents[0]).toMatchObject({ leakAt: T0, hive: 'user' });
    expect(incidents[0]?.evidence.map((e) => e.recordId)).toEqual([3, 1, 2, 4]);
  });

  it('when the failure is early (client clock behind), the anchoring leak is the first one after it', () => {
    const incidents = failing(
      [
        leak({ recordId: 1, sid: 'S-a' }),
        leak({ recordId: 2, time: at('+2s'), sid: 'S-b' }),
        failure({ recordId: 3, time: at('-60s') }),
      ],
      config,
    );
    expect(incidents[0]).toMatchObject({ leakAt: T0, sid: 'S-a' });
  });

  it('quiet is configurable', () => {
    const signals = [
      leak({ recordId: 1 }),
      failure({ recordId: 2, time: at('+1h') }),
      failure({ recordId: 3, time: at('+3h') }),
    ];
    expect(failing(signals, correlationConfig({ quiet: '1h' }))[0]).toMatchObject({
      failureCount: 1,
      status: 'resolved',
    });
  });
});
