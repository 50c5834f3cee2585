import { once } from 'node:events';
import {
  closeSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { z } from 'zod';
import * as app from './application-events.ts';
import type { CorpusEvent, EventRole, RoledEvent } from './corpus-event.ts';
import { CorpusWorld } from './corpus-world.ts';
import { nearMissText } from './near-miss-events.ts';
import { type RenderStyle, renderEvent } from './render-xml.ts';
import * as security from './security-events.ts';
import { SeededRandom } from './seeded-random.ts';
import * as signals from './signal-events.ts';
import * as system from './system-events.ts';

/** Bump when the output changes, so a cached corpus from an older generator is rebuilt. */
export const GENERATOR_VERSION = 6;
const SEED = 0x1530_0a3f;
const TARGET_BYTES = 100_000_000;

export const CorpusManifestSchema = z.object({
  generatorVersion: z.number(),
  seed: z.number(),
  xmlPath: z.string(),
  gzPath: z.string(),
  bytes: z.number(),
  gzBytes: z.number(),
  events: z.number(),
  prettyEvents: z.number(),
  roles: z.object({ ordinary: z.number(), leak: z.number(), failure: z.number(), 'near-miss': z.number() }),
});
export type CorpusManifest = z.infer<typeof CorpusManifestSchema>;

export const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '.data');

type Maker = (w: CorpusWorld) => CorpusEvent;
const ORDINARY: [number, Maker][] = [
  [18, security.logonSuccess],
  [5, security.logonFailure],
  [14, security.logoff],
  [10, security.specialLogon],
  [9, security.processCreation],
  [9, system.serviceState],
  [2, system.serviceStartType],
  [5, system.dcomPermission],
  [1.5, system.dcomTimeout],
  [3, system.poolRecycle],
  [0.5, system.poolFault],
  [1.5, system.timeService],
  [0.5, system.kernelTimeChange],
  [2, app.applicationError],
  [1, (w) => app.dotNetCrash(w)],
  [4, app.sqlServer],
  [2, app.groupPolicy],
  [2, app.userDataEvent],
  [1.5, app.profileService],
  [3, app.scheduledTask],
  [1.5, app.scriptBlock],
];

/** One event (or a leak pair) at a time: ~0.25% signals and ~0.2% near-misses among ordinary events. */
function nextEvents(w: CorpusWorld): RoledEvent[] {
  const roll = w.rnd.next();
  if (roll < 0.0003) return signals.leakPair(w);
  if (roll < 0.0012) return [{ event: signals.clientFailure(w), role: 'failure' }];
  if (roll < 0.0018) return [{ event: signals.serverFailure(w), role: 'failure' }];
  if (roll < 0.0026) return [{ event: signals.harmlessLeak(w), role: 'near-miss' }];
  if (roll < 0.0036) return [{ event: nearMissText(w), role: 'near-miss' }];
  return [{ event: w.rnd.weighted(ORDINARY)(w), role: 'ordinary' }];
}

/** Yields the corpus as ~1 MB strings: sections of wevtutil, ToXml and libevtx-style renderings. */
export function* corpusChunks(stats: { events: number; pretty: number; roles: Record<EventRole, number> }) {
  const rnd = new SeededRandom(SEED);
  const w = new CorpusWorld(rnd);
  let bytes = 0;
  let style: RenderStyle = 'compact';
  let separator = '';
  let sectionLeft = 0;
  let chunk = '';
  while (bytes < TARGET_BYTES) {
    if (sectionLeft-- <= 0) {
      style = rnd.chance(0.12) ? 'pretty' : 'compact';
      separator = style === 'pretty' ? '\n\n' : rnd.pick(['', '\r\n', '\n']);
      sectionLeft = rnd.int(50, 400);
    }
    for (const { event, role } of nextEvents(w)) {
      const xml = renderEvent(event, style) + separator;
      chunk += xml;
      bytes += Buffer.byteLength(xml);
      stats.events++;
      stats.roles[role]++;
      if (style === 'pretty') stats.pretty++;
    }
    if (chunk.length >= 1 << 20) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

function readManifest(path: string): CorpusManifest | undefined {
  if (!existsSync(path)) return undefined;
  const parsed = CorpusManifestSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) return undefined;
  const m = parsed.data;
  const intact =
    existsSync(m.xmlPath) &&
    existsSync(m.gzPath) &&
    statSync(m.xmlPath).size === m.bytes &&
    statSync(m.gzPath).size === m.gzBytes;
  return intact && m.generatorVersion === GENERATOR_VERSION && m.seed === SEED ? m : undefined;
}

/** Builds bench/.data/corpus.xml and its gzip, or reuses them when the same generator made them. */
export async function ensureCorpus(log: (line: string) => void = () => {}): Promise<CorpusManifest> {
  const manifestPath = join(DATA_DIR, 'corpus.json');
  const cached = readManifest(manifestPath);
  if (cached) return cached;
  mkdirSync(DATA_DIR, { recursive: true });
  const xmlPath = join(DATA_DIR, 'corpus.xml');
  const gzPath = join(DATA_DIR, 'corpus.xml.gz');
  log(`generating ${TARGET_BYTES / 1e6} MB corpus (generator v${GENERATOR_VERSION}) in ${DATA_DIR}`);
  const stats = { events: 0, pretty: 0, roles: { ordinary: 0, leak: 0, failure: 0, 'near-miss': 0 } };
  const fd = openSync(xmlPath, 'w');
  const gzip = createGzip({ level: 6 });
  const gzOut = createWriteStream(gzPath);
  gzip.pipe(gzOut);
  let bytes = 0;
  for (const text of corpusChunks(stats)) {
    const buf = Buffer.from(text, 'utf8');
    writeSync(fd, buf);
    bytes += buf.length;
    if (!gzip.write(buf)) await once(gzip, 'drain');
  }
  closeSync(fd);
  gzip.end();
  await once(gzOut, 'close');
  const manifest: CorpusManifest = {
    generatorVersion: GENERATOR_VERSION,
    seed: SEED,
    xmlPath,
    gzPath,
    bytes,
    gzBytes: statSync(gzPath).size,
    events: stats.events,
    prettyEvents: stats.pretty,
    roles: stats.roles,
  };
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const manifest = await ensureCorpus(console.log);
  console.log(JSON.stringify(manifest, null, 2));
  console.log(`ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
