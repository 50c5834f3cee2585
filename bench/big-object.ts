import { randomBytes } from 'node:crypto';
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
import { systemTime } from '../samples/event-spec.ts';
import { renderEventXml } from '../samples/render-events.ts';
import { complusError, hiveLeak1530 } from '../samples/windows-events.ts';

export interface BigObject {
  path: string;
  gzipBytes: number;
  rawBytes: number;
  events: number;
}

const FQDN = 'BIG01.corp.example.net';
const T0 = Date.parse('2026-11-20T00:00:00Z');
/** Hex without `f`: random Binary can then never spell 800703fa and raise a signal by chance. */
const HEX = '0123456789abcde';

/** An ordinary event with a Binary blob: realistic size, and random enough that gzip keeps it large. */
function noise(recordId: number, ms: number, entropy: Buffer, at: number): string {
  let binary = '';
  for (let i = 0; i < 600; i++) binary += HEX[(entropy[(at + i) % entropy.length] ?? 0) % 15];
  return (
    `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Service Control Manager' ` +
    `Guid='{555908d1-a6d7-4695-8e1e-26931d2012f4}' EventSourceName='Service Control Manager'/><EventID Qualifiers='16384'>7036</EventID>` +
    `<Version>0</Version><Level>4</Level><Task>0</Task><Opcode>0</Opcode><Keywords>0x8080000000000000</Keywords>` +
    `<TimeCreated SystemTime='${systemTime(ms)}'/><EventRecordID>${recordId}</EventRecordID><Correlation/>` +
    `<Execution ProcessID='720' ThreadID='4432'/><Channel>System</Channel><Computer>${FQDN}</Computer><Security/></System>` +
    `<EventData><Data Name='param1'>Windows Modules Installer</Data><Data Name='param2'>running</Data>` +
    `<Binary>${binary}</Binary></EventData></Event>\n`
  );
}

/**
 * A single wevtutil-style gzip object of at least `gzipBytes` on disk: ordinary events, then at the very end a
 * 1530 leak under dllhost.exe and a COM+ 0x800703FA error, so the alert needs the whole object read.
 * Kept under bench/.data and reused while its size still matches.
 */
export async function ensureBigObject(path: string, gzipBytes: number): Promise<BigObject> {
  const manifest = `${path}.json`;
  if (existsSync(path) && existsSync(manifest)) {
    const known = JSON.parse(readFileSync(manifest, 'utf8')) as BigObject;
    if (known.gzipBytes >= gzipBytes && statSync(path).size === known.gzipBytes) return known;
  }
  mkdirSync(dirname(path), { recursive: true });
  const entropy = randomBytes(1 << 20);
  let written = 0;
  let rawBytes = 0;
  let events = 0;
  const source = Readable.from(
    (function* () {
      let recordId = 1;
      while (written < gzipBytes) {
        const batch: string[] = [];
        for (let i = 0; i < 200; i++, recordId++)
          batch.push(noise(recordId, T0 + recordId * 50, entropy, recordId * 613));
        const text = batch.join('');
        rawBytes += Buffer.byteLength(text);
        events += batch.length;
        yield text;
      }
      const end = T0 + recordId * 50;
      const processes = [{ pid: 3316, path: '\\Device\\HarddiskVolume2\\Windows\\System32\\dllhost.exe' }];
      const tail = [
        hiveLeak1530({
          computer: FQDN,
          time: systemTime(end),
          recordId,
          sid: 'S-1-5-21-1-2-3-1201',
          processes,
        }),
        complusError({
          computer: FQDN,
          time: systemTime(end + 60_000),
          recordId: recordId + 1,
          appId: '{7D9F2E4A-1B3C-4D5E-8F6A-9B0C1D2E3F4A}',
          appName: 'Big',
        }),
      ].map((spec) => `${renderEventXml(spec)}\n`);
      rawBytes += Buffer.byteLength(tail.join(''));
      events += tail.length;
      yield tail.join('');
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
