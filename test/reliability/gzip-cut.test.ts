/**
 * A gzip cut anywhere is reported as cut (README: "a truncated gzip keeps every event inflated before the cut and
 * reports the cut"), including right after its header or after its deflate data, before the trailer.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { byteByByte, readAll } from '../reader/reader-fixtures.ts';

const empty = gzipSync(Buffer.alloc(0)); // header (10) + an empty final block (2) + CRC and size (8)
const event = gzipSync(
  Buffer.from(
    "<Event><System><Provider Name='A'/><EventID>1</EventID><TimeCreated SystemTime='2026-11-17T06:00:00.0000000Z'/><EventRecordID>1</EventRecordID><Channel>Application</Channel><Computer>APP01</Computer></System></Event>",
  ),
);

describe('a gzip member cut short is reported, wherever the cut', () => {
  it.each([
    ['after its 10-byte header', empty.subarray(0, 10)],
    ['after its deflate data, before the trailer', empty.subarray(0, 12)],
    ['inside its trailer', empty.subarray(0, 15)],
  ])('%s', async (_, bytes) => {
    for (const source of [bytes, byteByByte(bytes)]) {
      const read = await readAll(source);
      expect(read.errors.map((e) => e.reason)).toEqual([
        'gzip stream is truncated (unexpected end of data): the events before the cut were read',
      ]);
    }
  });

  it('a whole member reads with no error, in one chunk or byte by byte', async () => {
    for (const source of [event, byteByByte(event), empty]) {
      const read = await readAll(source);
      expect(read.errors).toEqual([]);
    }
  });

  it('an event member cut before its trailer keeps its event and reports the cut', async () => {
    const read = await readAll(event.subarray(0, event.length - 8));
    expect(read.stats.events).toBe(1);
    expect(read.errors.map((e) => e.reason)).toEqual([
      'gzip stream is truncated (unexpected end of data): the events before the cut were read',
    ]);
  });
});
