import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { bigObjectEvents } from '../samples/big-object-events.ts';
import { renderEventXml } from '../samples/render-events.ts';

export interface BigObject {
  path: string;
  gzipBytes: number;
  rawBytes: number;
  events: number;
}

/**
 * A single wevtutil-style gzip object of at least `gzipBytes` on disk, its events from samples/big-object-events.ts
 * (ordinary events, then at the very end a leak and a failure, so the alert needs the whole object read).
 * Kept under bench/.data and reused while its size still matches.
 */
export async function ensureBigObject(path: string, gzipBytes: number): Promise<BigObject> {
  const manifest = `${path}.json`;
  if (existsSync(path) && existsSync(manifest)) {
    const known = JSON.parse(readFileSync(manifest, 'utf8')) as BigObject;
    if (known.gzipBytes >= gzipBytes && statSync(path).size === known.gzipBytes) return known;
  }
  mkdirSync(dirname(path), { recursive: true });
  let written = 0;
  let rawBytes = 0;
  let events = 0;
  const source = Readable.from(
    (function* () {
      let batch = '';
      for (const spec of bigObjectEvents(() => written < gzipBytes)) {
        batch += `${renderEventXml(spec)}\n`;
        events++;
        if (events % 200 === 0) {
          rawBytes += Buffer.byteLength(batch);
          yield batch;
          batch = '';
        }
      }
      rawBytes += Buffer.byteLength(batch);
      yield batch;
    })(),
  );
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      written += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(source, createGzip({ level: 1 }), count, createWriteStream(`${path}.partial`));
  renameSync(`${path}.partial`, path);
  const made: BigObject = { path, gzipBytes: statSync(path).size, rawBytes, events };
  writeFileSync(manifest, JSON.stringify(made));
  return made;
}
