import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeText, renderEvents, renderFile, TEXT_ENCODINGS } from '../../samples/render-events.ts';
import { cutAt, expectedRecord, hazardSpecs, NON_ASCII, readAll } from './reader-fixtures.ts';

const specs = hazardSpecs();

describe('text encodings', () => {
  it.each(TEXT_ENCODINGS)('%s reads every event with its text intact', async (encoding) => {
    const { events, errors, stats } = await readAll(renderFile(specs, { style: 'wevtutil', encoding }));
    expect(errors).toEqual([]);
    expect(events).toHaveLength(specs.length);
    for (const [i, spec] of specs.entries()) expect(events[i]).toMatchObject(expectedRecord(spec));
    expect(stats.encoding).toBe(encoding === 'utf-8-bom' ? 'utf-8' : encoding);
  });

  it('UTF-16LE with BOM as Windows PowerShell 5.1 `>` writes it, one event per CRLF line', async () => {
    const bytes = renderFile(specs, { style: 'toxml', encoding: 'utf-16le' });
    expect([...bytes.subarray(0, 4)]).toEqual([0xff, 0xfe, 0x3c, 0x00]);
    const { events, stats } = await readAll(bytes);
    expect(events).toHaveLength(specs.length);
    expect(stats.bytesDecoded).toBe(bytes.length);
  });

  it('non-ASCII text survives every encoding, cut inside characters and code units', async () => {
    for (const encoding of TEXT_ENCODINGS) {
      const bytes = renderFile(specs, { style: 'libevtx', encoding });
      const cuts = Array.from({ length: 400 }, (_, i) => 1 + i * 7);
      const { events } = await readAll(cutAt(bytes, cuts));
      expect(events.find((e) => e.eventId === 909)?.data[0]?.value).toBe(NON_ASCII);
    }
  });

  it('an error offset counts bytes of the object in its own encoding', async () => {
    const good = renderEvents(specs.slice(0, 2), 'wevtutil');
    const text = `${good}<Event><System><EventID>1</EventID></System><Broken</Event>${good}`;
    for (const encoding of ['utf-8', 'utf-16le'] as const) {
      const bytes = encodeText(text, encoding);
      const { errors, events } = await readAll(bytes);
      expect(events).toHaveLength(4);
      expect(errors.length).toBeGreaterThan(0);
      const unit = encoding === 'utf-16le' ? 2 : 1;
      const bom = encoding === 'utf-16le' ? 2 : 0;
      const brokenAt = bom + Buffer.byteLength(good, 'utf8') * unit;
      const brokenEnd =
        brokenAt + '<Event><System><EventID>1</EventID></System><Broken</Event>'.length * unit;
      expect(errors[0]?.offset).toBeGreaterThanOrEqual(brokenAt);
      expect(errors[0]?.offset).toBeLessThan(brokenEnd);
    }
  });
});

describe('gzip', () => {
  it('is recognised by its magic bytes, whatever the rest looks like', async () => {
    const bytes = renderFile(specs, { style: 'event-viewer', gzip: true });
    expect([...bytes.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    const { events, errors, stats } = await readAll(bytes);
    expect(errors).toEqual([]);
    expect(events).toHaveLength(specs.length);
    expect(stats.compressed).toBe(true);
    expect(stats.bytesIn).toBe(bytes.length);
    expect(stats.bytesDecoded).toBe(renderFile(specs, { style: 'event-viewer' }).length);
  });

  it('with contentEncoding gzip (S3 Content-Encoding) reads the same', async () => {
    const bytes = renderFile(specs, { style: 'fluent-bit', gzip: true });
    const { events, stats } = await readAll(bytes, { contentEncoding: 'gzip' });
    expect(events).toHaveLength(specs.length);
    expect(stats.compressed).toBe(true);
  });

  it('a plain object labelled gzip is still read as what it is', async () => {
    const { events, stats } = await readAll(renderFile(specs, { style: 'wevtutil' }), {
      contentEncoding: 'gzip',
    });
    expect(events).toHaveLength(specs.length);
    expect(stats.compressed).toBe(false);
  });

  it('UTF-16BE inside gzip, cut inside the gzip header', async () => {
    const bytes = renderFile(specs, { style: 'wevtutil', encoding: 'utf-16be', gzip: true });
    const { events, stats } = await readAll(cutAt(bytes, [1, 2, 3, 5, 9, 10, 11]));
    expect(events).toHaveLength(specs.length);
    expect(stats).toMatchObject({ compressed: true, encoding: 'utf-16be' });
  });

  it('concatenated gzip members (appended uploads) read as one stream', async () => {
    const a = renderFile(specs.slice(0, 3), { style: 'wevtutil' });
    const b = renderFile(specs.slice(3), { style: 'wevtutil' });
    const { events } = await readAll(Buffer.concat([gzipSync(a), gzipSync(b)]));
    expect(events.map((e) => e.recordId)).toEqual(specs.map((s) => s.recordId));
  });
});
