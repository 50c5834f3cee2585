import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_STYLES, renderEvents, renderFile } from '../../samples/render-events.ts';
import { byteByByte, expectedRecord, hazardSpecs, readAll } from './reader-fixtures.ts';

describe('every producer shape reads to the same events', () => {
  const specs = hazardSpecs();

  it.each(EVENT_STYLES)('%s: every event, every field, no error', async (style) => {
    const { events, errors, stats } = await readAll(renderFile(specs, { style }));
    expect(errors).toEqual([]);
    expect(events).toHaveLength(specs.length);
    // Fluent Bit carries the rendered message in its own field beside the XML: the reader takes it there.
    const withMessage = style !== 'fluent-bit';
    specs.forEach((spec, i) => {
      expect(events[i]).toMatchObject(expectedRecord(spec, { withMessage }));
      if (!withMessage) expect(events[i]?.message).toBe(spec.message);
    });
    expect(stats.events).toBe(specs.length);
    expect(stats.shape).toBe(style === 'fluent-bit' ? 'json-lines' : 'xml');
  });

  it('wevtutil: fragments back to back with no separator and no root', async () => {
    const text = renderEvents(specs.slice(0, 3), 'wevtutil');
    expect(text).not.toMatch(/<\/Event>\s+<Event/);
    const { events } = await readAll(Buffer.from(text));
    expect(events.map((e) => e.recordId)).toEqual(specs.slice(0, 3).map((s) => s.recordId));
  });

  it('event-viewer: <Events> root with or without the <?xml?> declaration', async () => {
    const full = renderEvents(specs.slice(0, 3), 'event-viewer');
    const noDeclaration = full.slice(full.indexOf('<Events>'));
    for (const text of [full, noDeclaration, `\uFEFF${full}`]) {
      const { events, errors } = await readAll(Buffer.from(text));
      expect(errors).toEqual([]);
      expect(events).toHaveLength(3);
    }
  });

  it('libevtx: double quotes, indentation, blank lines, 9-digit times and padded Keywords', async () => {
    const text = renderEvents(specs.slice(0, 2), 'libevtx');
    expect(text).toContain('SystemTime="2026-11-17T11:00:00.000123400Z"');
    expect(text).toMatch(/<\/Event>\n\n<Event/);
    const { events } = await readAll(Buffer.from(text));
    expect(events[0]?.timeCreated).toBe('2026-11-17T11:00:00.000123400Z');
    expect(BigInt(events[1]?.keywords ?? 'x')).toBe(0x8080000000000000n);
  });

  it('toxml: one event per CRLF line (Get-WinEvent | % ToXml)', async () => {
    const text = renderEvents(specs.slice(0, 4), 'toxml');
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(4);
    const { events } = await readAll(Buffer.from(text));
    expect(events).toHaveLength(4);
  });

  it('the shape is taken from the content: the same bytes read alike whatever the chunking', async () => {
    for (const style of EVENT_STYLES) {
      const bytes = renderFile(specs.slice(0, 5), { style });
      const whole = await readAll(bytes);
      const trickled = await readAll(byteByByte(bytes));
      expect(trickled.items).toEqual(whole.items);
    }
  });

  it('reads from a Node Readable (file stream with small chunks)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hivewatch-shapes-'));
    try {
      const file = join(dir, 'events.xml.gz');
      await writeFile(file, renderFile(specs, { style: 'libevtx', encoding: 'utf-16le', gzip: true }));
      const { events, errors, stats } = await readAll(createReadStream(file, { highWaterMark: 1000 }));
      expect(errors).toEqual([]);
      expect(events).toHaveLength(specs.length);
      expect(stats).toMatchObject({ compressed: true, encoding: 'utf-16le', shape: 'xml' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
