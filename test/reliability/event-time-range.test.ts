/**
 * Event times at the edges a hostile server can write (hostile-input.md: "timestamps at year 1601 and 9999"): the
 * correlation's bigint arithmetic must give back valid event times, or the incident it stores cannot be read again.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { correlate } from '../../functions/correlation/correlate.ts';
import { correlationConfig } from '../../functions/correlation/correlation-config.ts';
import { IncidentSchema } from '../../functions/correlation/incident.ts';
import { EventTimeSchema } from '../../functions/reader/event-record.ts';
import { eventTimeToNs, nsToEventTime } from '../../functions/reader/event-time.ts';
import { readSignals } from '../../functions/signals/read-signals.ts';
import { hiveLeak1530, renderFile } from '../../samples/render-events.ts';

const FIRST = '0000-01-01T00:00:00.000000000Z';
const LAST = '9999-12-31T23:59:59.999999999Z';

describe('nsToEventTime over the whole range of four-digit years', () => {
  it('round-trips every time from year 0000 to 9999, before 1970 too (100 ns steps)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: eventTimeToNs(FIRST), max: eventTimeToNs(LAST) }), (ns) => {
        const time = nsToEventTime(ns);
        expect(EventTimeSchema.safeParse(time).success).toBe(true);
        expect(eventTimeToNs(time)).toBe(ns);
      }),
      { numRuns: 2000 },
    );
  });

  it('1601-01-01T00:00:00.0000001Z, the first 100 ns tick of the Windows epoch, reads back', () => {
    const time = '1601-01-01T00:00:00.000000100Z';
    expect(nsToEventTime(eventTimeToNs(time))).toBe(time);
  });

  it('arithmetic past year 9999 or before year 0000 stops at the edge (string order stays time order)', () => {
    expect(nsToEventTime(eventTimeToNs(LAST) + 7n * 86_400_000_000_000n)).toBe(LAST);
    expect(nsToEventTime(eventTimeToNs(FIRST) - 1n)).toBe(FIRST);
  });
});

describe('a 1530 naming dllhost.exe at the edges of time gives an incident that validates', () => {
  it.each(['1601-01-01T00:00:00.0000001Z', '9999-12-31T23:00:00.0000000Z'])(
    'leak at %s, no failure yet: its at-risk end is a valid event time',
    async (time) => {
      const bytes = renderFile(
        [
          hiveLeak1530({
            computer: 'APP01',
            time,
            recordId: 1,
            sid: 'S-1-5-21-1-2-3-1004',
            processes: [{ pid: 2428, path: '\\Device\\HarddiskVolume2\\Windows\\System32\\dllhost.exe' }],
          }),
        ],
        { style: 'wevtutil' },
      );
      const { signals } = await readSignals(bytes, { name: 'edge' });
      const [incident] = correlate(signals, correlationConfig());
      expect(incident?.status).toBe('at-risk');
      expect(IncidentSchema.safeParse(incident).success).toBe(true);
    },
  );
});
