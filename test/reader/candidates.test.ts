import { describe, expect, it } from 'vitest';
import { type EventSpec, renderFile, systemTime } from '../../samples/render-events.ts';
import { APP01, BASE_MS, hazardSpecs, readAll } from './reader-fixtures.ts';

const plain = (recordId: number, extra: Partial<EventSpec>): EventSpec => ({
  provider: { name: 'Vendor-App' },
  eventId: 2000 + recordId,
  timeCreated: systemTime(BASE_MS + recordId * 1000),
  recordId,
  channel: 'Application',
  computer: APP01,
  ...extra,
});

/** Events whose failure text hides somewhere other than Data. */
const hidden: EventSpec[] = [
  plain(1, { binary: Buffer.from('Error 0x800703FA opening key', 'utf16le').toString('hex').toUpperCase() }),
  plain(2, { data: [{ value: 'ok' }], message: 'The key has been marked for deletion.' }),
  plain(3, { userData: '<Failure><Code>ERROR_KEY_DELETED</Code></Failure>' }),
  plain(4, { data: [{ name: 'hr', value: 'HRESULT 800703FA' }] }),
];
const ordinary: EventSpec[] = [
  plain(5, { data: [{ value: 'access denied 0x80070005' }] }),
  plain(6, { binary: Buffer.from('nothing to see', 'utf16le').toString('hex') }),
  plain(7, { eventId: 1531, data: [] }),
];

describe("decode 'candidates' (the default)", () => {
  const specs = [...hazardSpecs(), ...hidden, ...ordinary];
  const bytes = renderFile(specs, { style: 'wevtutil' });

  it('counts every event but decodes only those that can be signals', async () => {
    const { events, stats, errors } = await readAll(bytes, { decode: 'candidates' });
    expect(errors).toEqual([]);
    expect(stats.events).toBe(specs.length);
    const ids = events.map((e) => e.recordId);
    // 1530, 10006, ASP.NET 1309 and COM+ with 800703fa, and the four with hidden failure text.
    for (const id of [994, 5120, 77, 995, 1, 2, 3, 4]) expect(ids).toContain(id);
    for (const id of [5, 6, 7, 104, 105, 106, 107, 109, 110]) expect(ids).not.toContain(id);
    expect(stats.decoded).toBe(events.length);
  });

  it("decodes each candidate exactly as decode 'all' does", async () => {
    const candidates = await readAll(bytes, { decode: 'candidates' });
    const all = await readAll(bytes, { decode: 'all' });
    expect(all.events).toHaveLength(specs.length);
    for (const event of candidates.events) {
      expect(all.events.find((e) => e.recordId === event.recordId)).toEqual(event);
    }
  });

  it('finds candidates in every shape and encoding alike', async () => {
    const reference = (await readAll(bytes, { decode: 'candidates' })).events.map((e) => e.recordId);
    for (const style of ['libevtx', 'fluent-bit', 'event-viewer'] as const) {
      for (const encoding of ['utf-8', 'utf-16le', 'utf-16be'] as const) {
        const file = renderFile(specs, { style, encoding, gzip: true });
        const { events } = await readAll(file, { decode: 'candidates' });
        // Fluent Bit drops RenderingInfo but carries the message in its Message field: found there.
        expect(events.map((e) => e.recordId)).toEqual(reference);
        expect(events.find((e) => e.recordId === 2)?.message).toMatch(/marked for deletion/);
      }
    }
  });
});
