/**
 * zstd (Fluent Bit's `compression zstd`, RFC 8878) and gzip member by member (RFC 1952): recognised
 * by their magic bytes, every frame or member read, cuts and junk reported with what came before kept,
 * and bombs stopped at maxInflatedBytes.
 */
import { gzipSync, zstdCompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { renderFile } from '../../samples/render-events.ts';
import { fluentBitJsonLine, fluentBitObject } from '../../samples/shipper-shapes.ts';
import { cutAt, hazardSpecs, readAll } from './reader-fixtures.ts';

const specs = hazardSpecs().filter((s) => s.eventId !== 908);
const ids = specs.map((s) => s.recordId);
const xml = renderFile(specs, { style: 'toxml' });

/** A zstd frame of `blocks` RLE blocks of 128 KiB each: 4 bytes per 128 KiB inflated (RFC 8878 3.1.1.2). */
function rleBomb(blocks: number, windowDescriptor = 0x38): Buffer {
  const header = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, windowDescriptor]);
  const block = (last: boolean) => {
    const value = (last ? 1 : 0) | (1 << 1) | ((128 * 1024) << 3);
    return Buffer.from([value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, 0x20]);
  };
  return Buffer.concat([header, ...Array.from({ length: blocks }, (_, i) => block(i === blocks - 1))]);
}

/** The same text in pieces, each its own zstd frame (one per multipart part). */
function zstdFrames(bytes: Buffer, parts: number): Buffer {
  const size = Math.ceil(bytes.length / parts);
  const frames: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) frames.push(zstdCompressSync(bytes.subarray(i, i + size)));
  return Buffer.concat(frames);
}

describe('zstd', () => {
  it('recognised by its magic bytes, whatever Content-Encoding says', async () => {
    const object = zstdCompressSync(xml);
    for (const contentEncoding of [undefined, 'zstd', 'gzip']) {
      const { events, errors, stats } = await readAll(object, contentEncoding ? { contentEncoding } : {});
      expect(errors).toEqual([]);
      expect(events.map((e) => e.recordId)).toEqual(ids);
      expect(stats).toMatchObject({ compressed: true, compression: 'zstd', bytesDecoded: xml.length });
    }
  });

  it('every frame of concatenated frames (Node reads only the first by itself), with a skippable frame between', async () => {
    const frames = zstdFrames(xml, 4);
    const skippable = Buffer.concat([Buffer.from([0x5a, 0x2a, 0x4d, 0x18, 3, 0, 0, 0]), Buffer.from('abc')]);
    const object = Buffer.concat([frames.subarray(0, 0), frames, skippable, zstdCompressSync(xml)]);
    const { events, errors, stats } = await readAll(object);
    expect(errors).toEqual([]);
    expect(events.map((e) => e.recordId)).toEqual([...ids, ...ids]);
    expect(stats.bytesDecoded).toBe(2 * xml.length);
  });

  it('with checksums, as `zstd -C` writes them', async () => {
    const { constants } = await import('node:zlib');
    const object = zstdCompressSync(xml, { params: { [constants.ZSTD_c_checksumFlag]: 1 } });
    const { events, errors } = await readAll(object);
    expect(errors).toEqual([]);
    expect(events).toHaveLength(specs.length);
  });

  it('cut short: the events before the cut are read and the cut reported (Node says nothing of it)', async () => {
    const object = zstdFrames(Buffer.concat(Array.from({ length: 20 }, () => xml)), 20);
    // Inside a frame, not between two.
    const cut = object.subarray(0, Math.floor(object.length * 0.6) + 1000);
    const whole = await readAll(cut);
    expect(whole.events.length).toBeGreaterThan(0);
    expect(whole.events.length).toBeLessThan(20 * specs.length);
    expect(whole.errors.at(-1)?.reason).toBe(
      'zstd stream is truncated (unexpected end of data): the events before the cut were read',
    );
    for (const size of [1000, 4096, 65_536]) {
      const pieces = Array.from({ length: Math.ceil(cut.length / size) }, (_, i) => i * size);
      expect((await readAll(cutAt(cut, pieces))).items).toEqual(whole.items);
    }
  });

  it('junk after the last frame: every event is kept, the junk reported', async () => {
    const { events, errors } = await readAll(
      Buffer.concat([zstdCompressSync(xml), Buffer.from('\n\ngarbage')]),
    );
    expect(events.map((e) => e.recordId)).toEqual(ids);
    expect(errors.map((e) => e.reason)).toEqual([
      'zstd stream is corrupt (not a zstd frame (unknown magic number)): the events before this point were read',
    ]);
  });

  it('a bomb (1 GiB from 32 KiB of RLE blocks) stops at maxInflatedBytes with a fatal error, memory bounded', async () => {
    const bomb = rleBomb(8192);
    expect(bomb.length).toBeLessThan(40_000);
    const limit = 64 * 1024 * 1024;
    const before = process.memoryUsage().rss;
    // White space never makes the reader give up early here: the inflate limit must be what stops it.
    const { errors, stats } = await readAll(bomb, { maxInflatedBytes: limit, noEventLimit: 2 ** 40 });
    expect(errors.at(-1)).toMatchObject({ offset: limit, fatal: true });
    expect(errors.at(-1)?.reason).toMatch(/zstd output exceeds the limit of 67108864 bytes/);
    expect(stats.bytesDecoded).toBe(limit);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  }, 60_000);

  it('white space alone gives up at noEventLimit, without keeping it', async () => {
    const { errors, stats } = await readAll(rleBomb(8192));
    expect(errors).toEqual([
      {
        kind: 'error',
        offset: 1024 * 1024,
        reason: 'no <Event> in the first 1048576 bytes: this is not Windows event XML; stopped',
        fatal: true,
      },
    ]);
    expect(stats.bytesDecoded).toBeLessThan(64 * 1024 * 1024);
  });

  it('a frame that asks for a window larger than 16 MiB is refused, not allocated', async () => {
    const { events, errors } = await readAll(rleBomb(2, 0xa0)); // windowLog 30: 1 GiB
    expect(events).toEqual([]);
    expect(errors.at(-1)?.reason).toMatch(/^zstd stream is corrupt/);
  });

  it('Fluent Bit JSON lines in zstd parts, Content-Encoding zstd (out_s3 compression zstd)', async () => {
    const object = fluentBitObject(
      specs.map((s) => fluentBitJsonLine(s)),
      { compression: 'zstd', partRecords: 3 },
    );
    const { events, errors, stats } = await readAll(object, { contentEncoding: 'zstd' });
    expect(errors).toEqual([]);
    expect(events.map((e) => e.recordId)).toEqual(ids);
    expect(stats).toMatchObject({ compression: 'zstd', shape: 'json-lines' });
  });
});

describe('gzip, member by member', () => {
  it('members separated by a newline (Firehose appends one to each gzip record) or zero padding', async () => {
    const member = gzipSync(xml);
    for (const between of ['\n', '\r\n', '\0\0\0\0']) {
      const object = Buffer.concat([member, Buffer.from(between), member, Buffer.from(between)]);
      const { events, errors } = await readAll(object);
      expect(errors).toEqual([]);
      expect(events.map((e) => e.recordId)).toEqual([...ids, ...ids]);
    }
  });

  it('gzip inside gzip (CloudWatch Logs records, then Firehose GZIP for S3) is inflated twice', async () => {
    const { events, errors, stats } = await readAll(gzipSync(Buffer.concat([gzipSync(xml), gzipSync(xml)])));
    expect(errors).toEqual([]);
    expect(events).toHaveLength(2 * specs.length);
    expect(stats).toMatchObject({ compression: 'gzip', bytesDecoded: 2 * xml.length });
  });

  it('a member whose trailer disagrees with what it inflated to is reported, the events kept', async () => {
    const member = Buffer.from(gzipSync(xml));
    member.writeUInt32LE(12345, member.length - 4);
    const { events, errors } = await readAll(member);
    expect(events).toHaveLength(specs.length);
    expect(errors.map((e) => e.reason)).toEqual([
      'gzip stream is corrupt (a gzip member inflates to another size than its trailer says): the events before this point were read',
    ]);
  });

  it('header fields (FEXTRA, FNAME, FCOMMENT, FHCRC) are read past', async () => {
    const member = gzipSync(xml);
    const extra = Buffer.from([4, 0, 0x41, 0x42, 2, 0]);
    const header = Buffer.from(member.subarray(0, 10));
    header[3] = 0x04 | 0x08 | 0x10 | 0x02;
    const object = Buffer.concat([
      header,
      extra,
      Buffer.from('events.xml\0a comment\0'),
      Buffer.from([0, 0]),
      member.subarray(10),
    ]);
    const { events, errors } = await readAll(object);
    expect(errors).toEqual([]);
    expect(events).toHaveLength(specs.length);
  });
});
