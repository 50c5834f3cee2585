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
import type { CorpusMix } from '../samples/corpus-mix.ts';
import { corpusChunks, emptyCorpusStats } from '../samples/corpus-stream.ts';
import { EVENT_ROLES, type EventRole } from '../samples/corpus-world.ts';

/**
 * The bench's inputs, written once under bench/.data and reused: each corpus is the samples' seeded
 * stream of one mix (samples/corpus-stream.ts), as plain XML and gzip.
 */
/** Bump when the output changes, so a cached corpus from an older generator is rebuilt. */
export const GENERATOR_VERSION = 8;
const TARGET_BYTES = 100_000_000;
export const CORPORA: Record<CorpusMix, { file: string; seed: number }> = {
  general: { file: 'corpus', seed: 0x1530_0a3f },
  'security-heavy': { file: 'security', seed: 0x4624_4634 },
};

export const CorpusManifestSchema = z.object({
  generatorVersion: z.number(),
  mix: z.enum(['general', 'security-heavy']),
  seed: z.number(),
  xmlPath: z.string(),
  gzPath: z.string(),
  bytes: z.number(),
  gzBytes: z.number(),
  events: z.number(),
  prettyEvents: z.number(),
  roles: z.object(
    Object.fromEntries(EVENT_ROLES.map((role) => [role, z.number()])) as Record<EventRole, z.ZodNumber>,
  ),
});
export type CorpusManifest = z.infer<typeof CorpusManifestSchema>;

export const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '.data');

function readManifest(path: string, mix: CorpusMix): CorpusManifest | undefined {
  if (!existsSync(path)) return undefined;
  const parsed = CorpusManifestSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) return undefined;
  const m = parsed.data;
  const intact =
    existsSync(m.xmlPath) &&
    existsSync(m.gzPath) &&
    statSync(m.xmlPath).size === m.bytes &&
    statSync(m.gzPath).size === m.gzBytes;
  return intact && m.generatorVersion === GENERATOR_VERSION && m.mix === mix && m.seed === CORPORA[mix].seed
    ? m
    : undefined;
}

/** Builds bench/.data/<corpus>.xml and its gzip, or reuses them when the same generator made them. */
export async function ensureCorpus(
  mix: CorpusMix = 'general',
  log: (line: string) => void = () => {},
): Promise<CorpusManifest> {
  const { file, seed } = CORPORA[mix];
  const manifestPath = join(DATA_DIR, `${file}.json`);
  const cached = readManifest(manifestPath, mix);
  if (cached) return cached;
  mkdirSync(DATA_DIR, { recursive: true });
  const xmlPath = join(DATA_DIR, `${file}.xml`);
  const gzPath = join(DATA_DIR, `${file}.xml.gz`);
  log(`generating ${TARGET_BYTES / 1e6} MB ${mix} corpus (generator v${GENERATOR_VERSION}) in ${DATA_DIR}`);
  const stats = emptyCorpusStats();
  const fd = openSync(xmlPath, 'w');
  const gzip = createGzip({ level: 6 });
  const gzOut = createWriteStream(gzPath);
  gzip.pipe(gzOut);
  let bytes = 0;
  for (const text of corpusChunks({ mix, seed, targetBytes: TARGET_BYTES }, stats)) {
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
    mix,
    seed,
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
  for (const mix of Object.keys(CORPORA) as CorpusMix[]) {
    console.log(JSON.stringify(await ensureCorpus(mix, console.log), null, 2));
  }
  console.log(`ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
