/** Sources for the giant cases: streamed, so that the harness never holds what it feeds the reader. */
import { constants, createZstdCompress } from 'node:zlib';

/** `unit` `times` over, each chunk a fresh copy (as a network stream gives). */
export async function* repeated(unit: Buffer, times: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < times; i++) yield Buffer.from(unit);
}

/** `head`, then `fill` until `total` bytes, then `tail`: one value of any size without ever holding it. */
export async function* spliced(
  head: Buffer,
  fill: Buffer,
  total: number,
  tail: Buffer,
): AsyncGenerator<Uint8Array> {
  yield Buffer.from(head);
  for (let sent = 0; sent < total; sent += fill.length) {
    yield Buffer.from(total - sent >= fill.length ? fill : fill.subarray(0, total - sent));
  }
  yield Buffer.from(tail);
}

/** A zstd frame of ordinary text whose header asks the decoder for a 2 GiB window (windowLog 31). */
export async function* windowBomb(): AsyncGenerator<Uint8Array> {
  const zstd = createZstdCompress({
    params: {
      [constants.ZSTD_c_windowLog]: 31,
      [constants.ZSTD_c_enableLongDistanceMatching]: 1,
    },
  });
  const parts: Buffer[] = [];
  zstd.on('data', (part: Buffer) => parts.push(part));
  const ended = new Promise((resolve) => zstd.on('end', resolve));
  zstd.end(Buffer.from('<Event>'.repeat(100_000)));
  await ended;
  yield Buffer.concat(parts);
}

/** Deterministic junk: the same bytes every run (a xorshift stream). */
export function junk(length: number, seed = 0x9e3779b9): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
