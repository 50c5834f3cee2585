import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readSignals } from '../../functions/signals/read-signals.ts';
import { renderEvents, renderEventXml, renderFile, seededRandom } from '../../samples/render-events.ts';
import { hazardSpecs, readAll } from './reader-fixtures.ts';

const specs = hazardSpecs();
const good = (from: number, to: number) => renderEvents(specs.slice(from, to), 'wevtutil');

describe('malformed and truncated events', () => {
  const broken: [string, string][] = [
    [
      'an unclosed start tag',
      "<Event xmlns='x'><System><Provider Name='A'/><EventID>1</EventID></System><EventData><Data Name='a'>v</Data></Event>",
    ],
    ['a mismatched end tag', '<Event><System><EventID>1</EventID></Sys></Event>'],
    ['an attribute without quotes', '<Event><System><Provider Name=A/></System></Event>'],
    [
      'a header with no Computer and no time',
      "<Event><System><Provider Name='A'/><EventID>1</EventID></System></Event>",
    ],
    [
      'an unknown entity',
      "<Event><System><Provider Name='A'/></System><EventData><Data>&bogus;</Data></EventData></Event>",
    ],
  ];

  it.each(broken)(
    '%s yields an error with offset and reason, and reading resumes at the next event',
    async (_, bad) => {
      const before = good(0, 3);
      const { events, errors, items } = await readAll(Buffer.from(`${before}${bad}${good(3, 6)}`));
      expect(events.map((e) => e.recordId)).toEqual(specs.slice(0, 6).map((s) => s.recordId));
      expect(errors).toHaveLength(1);
      const error = errors[0];
      expect(error?.fatal).toBe(false);
      expect(error?.reason).toMatch(/\w{4,}/);
      expect(error?.offset).toBeGreaterThanOrEqual(Buffer.byteLength(before));
      expect(error?.offset).toBeLessThan(Buffer.byteLength(before + bad));
      expect(items.findIndex((i) => i.kind === 'error')).toBe(3);
    },
  );

  it('a malformed candidate is reported in the default candidates mode too', async () => {
    const leak = renderEventXml(specs[0] as (typeof specs)[0]);
    const bad = leak.replace('<EventRecordID>994</EventRecordID>', '<EventRecordID>994</EventRecordId>');
    const { errors, stats } = await readAll(Buffer.from(`${good(1, 4)}${bad}${good(4, 6)}`), {
      decode: 'candidates',
    });
    expect(errors).toHaveLength(1);
    expect(stats.events).toBeGreaterThanOrEqual(5);
  });

  it('an event truncated by the end of the object keeps the events before it and reports the cut', async () => {
    const text = good(0, 5);
    const cut = text.length - 40;
    const { events, errors } = await readAll(Buffer.from(text.slice(0, cut)));
    expect(events.map((e) => e.recordId)).toEqual(specs.slice(0, 4).map((s) => s.recordId));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.offset).toBe(Buffer.byteLength(good(0, 4)));
  });

  it('an event larger than maxEventBytes is an error, and the next event is read', async () => {
    const text = `${good(0, 2)}${good(9, 10)}${good(2, 4)}`;
    const { events, errors } = await readAll(Buffer.from(text), { maxEventBytes: 64 * 1024 });
    expect(events.map((e) => e.recordId)).toEqual([994, 5120, 77, 995]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.offset).toBe(Buffer.byteLength(good(0, 2)));
  });

  it('text that is not event XML at all yields an error, not an exception', async () => {
    const { events, errors } = await readAll(
      Buffer.from('host,time,id\nAPP01,2026-11-17,1530\n'.repeat(100)),
    );
    expect(events).toEqual([]);
    expect(errors.length).toBeGreaterThan(0);
  });

  it('an empty object reads as nothing', async () => {
    const { items, stats } = await readAll(Buffer.alloc(0));
    expect(items).toEqual([]);
    expect(stats.events).toBe(0);
  });
});

describe('DOCTYPE and ENTITY declarations are refused, nothing expanded', () => {
  const laughs = [
    '<!DOCTYPE Events [',
    '<!ENTITY lol "lol">',
    ...Array.from(
      { length: 9 },
      (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
    ),
    ']>',
  ].join('\n');

  it('a billion laughs before the root rejects the whole object', async () => {
    const leak = renderEventXml(specs[0] as (typeof specs)[0]).replace('</Data>', '&lol9;</Data>');
    const text = `<?xml version="1.0"?>\n${laughs}\n<Events>${leak}${good(1, 4)}</Events>`;
    const { events, errors, stats } = await readAll(Buffer.from(text));
    expect(stats.rejected).toBe(true);
    expect(errors.some((e) => e.fatal && /doctype|entit|dtd|declaration/i.test(e.reason))).toBe(true);
    expect(JSON.stringify(events)).not.toContain('lollol');
  });

  it('an ENTITY declaration after good events rejects the object and its signals', async () => {
    const text = `${good(0, 3)}<!ENTITY x SYSTEM "file:///etc/passwd">${good(3, 5)}`;
    const { errors, stats } = await readAll(Buffer.from(text));
    expect(stats.rejected).toBe(true);
    expect(errors.some((e) => e.fatal)).toBe(true);
    const read = await readSignals(Buffer.from(text), { name: 'laughs.xml' });
    expect(read.signals).toEqual([]);
    expect(read.stats.rejected).toBe(true);
  });

  it('a DOCTYPE inside an event is refused as well', async () => {
    const bad = "<Event><!DOCTYPE x [<!ENTITY a 'b'>]><System/></Event>";
    const { stats, errors } = await readAll(Buffer.from(`${good(0, 2)}${bad}`));
    expect(stats.rejected).toBe(true);
    expect(errors.some((e) => e.fatal && /doctype|entit|dtd|declaration/i.test(e.reason))).toBe(true);
  });
});

describe('binary junk and compression faults', () => {
  /** Seeded random bytes, generated lazily so the test never holds them all. */
  async function* junk(total: number, seed: number): AsyncGenerator<Uint8Array> {
    const rng = seededRandom(seed);
    for (let sent = 0; sent < total; sent += 1 << 20) {
      const chunk = new Uint8Array(Math.min(1 << 20, total - sent));
      for (let i = 0; i < chunk.length; i += 4) {
        const v = (rng.next() * 2 ** 32) >>> 0;
        chunk[i] = v;
        chunk[i + 1] = v >>> 8;
        chunk[i + 2] = v >>> 16;
        chunk[i + 3] = v >>> 24;
      }
      yield chunk;
    }
  }

  it('50 MB of random bytes finishes with an error and no events', async () => {
    const { events, errors } = await readAll(junk(50 * 1024 * 1024, 3));
    expect(events).toEqual([]);
    expect(errors.length).toBeGreaterThan(0);
  }, 120_000);

  it('50 MB of random bytes sprinkled with <Event> tags finishes with errors and no events', async () => {
    async function* sprinkled(): AsyncGenerator<Uint8Array> {
      for await (const chunk of junk(50 * 1024 * 1024, 4)) {
        const buf = Buffer.from(chunk);
        for (let i = 0; i + 8 < buf.length; i += 9_973)
          buf.write(i % 2 ? '<Event>' : '</Event>', i, 'latin1');
        yield buf;
      }
    }
    const { events, errors } = await readAll(sprinkled());
    expect(events).toEqual([]);
    expect(errors.length).toBeGreaterThan(0);
  }, 120_000);

  it('a truncated gzip keeps the events before the cut and reports the cut', async () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      specs.map((s) => ({ ...s, recordId: s.recordId + i * 10_000 })),
    ).flat();
    const gz = renderFile(many, { style: 'libevtx', gzip: true });
    const { events, errors, stats } = await readAll(gz.subarray(0, Math.floor(gz.length * 0.6)));
    expect(stats.compressed).toBe(true);
    expect(events.length).toBeGreaterThan(0);
    expect(events.length).toBeLessThan(many.length);
    expect(events.map((e) => e.recordId)).toEqual(many.slice(0, events.length).map((s) => s.recordId));
    expect(errors.some((e) => /gzip|truncat|unexpected end/i.test(e.reason))).toBe(true);
  });

  it('a gzip cut inside its own header reports the cut and yields nothing', async () => {
    const gz = renderFile(specs.slice(0, 3), { style: 'wevtutil', gzip: true });
    for (const length of [2, 5, 9]) {
      const { events, errors, stats } = await readAll(gz.subarray(0, length));
      expect(events).toEqual([]);
      expect(stats.compressed).toBe(true);
      expect(errors.length).toBeGreaterThan(0);
    }
  });

  it('a gzip bomb stops at maxInflatedBytes with a clear, fatal error', async () => {
    const bomb = gzipSync(Buffer.concat([Buffer.from(good(0, 3)), Buffer.alloc(64 * 1024 * 1024, 0x20)]));
    const limit = 1024 * 1024;
    const { errors, stats } = await readAll(bomb, { maxInflatedBytes: limit });
    expect(errors.some((e) => e.fatal && /limit|exceed|maxInflatedBytes/i.test(e.reason))).toBe(true);
    expect(stats.bytesDecoded).toBeLessThan(8 * limit);
  });
});
