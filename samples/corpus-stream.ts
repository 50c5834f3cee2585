/**
 * The bench corpora as text, produced lazily in ~1 MB strings: sections of wevtutil / ToXml
 * renderings and of evtxexport's pretty printing, one after the other as a collection of exports is.
 */
import { CORP_HOSTS } from './corp-network.ts';
import { CORPUS_MIXES, type CorpusMix, nextEvents } from './corpus-mix.ts';
import { CorpusWorld, EVENT_ROLES, type EventRole } from './corpus-world.ts';
import { EVTXEXPORT_FORMAT, renderEventXml } from './render-events.ts';
import { seededRandom } from './seeded-random.ts';

export interface CorpusOptions {
  mix: CorpusMix;
  seed: number;
  /** Uncompressed bytes to produce (the last event may pass it). */
  targetBytes: number;
}

/** Counted while the corpus is produced: the bench's ground truth. */
export interface CorpusStats {
  events: number;
  pretty: number;
  roles: Record<EventRole, number>;
}

export function emptyCorpusStats(): CorpusStats {
  const roles = Object.fromEntries(EVENT_ROLES.map((role) => [role, 0])) as Record<EventRole, number>;
  return { events: 0, pretty: 0, roles };
}

export function* corpusChunks(
  options: CorpusOptions,
  stats: CorpusStats = emptyCorpusStats(),
): Generator<string> {
  const rnd = seededRandom(options.seed);
  const w = new CorpusWorld(rnd, CORP_HOSTS, undefined, CORPUS_MIXES[options.mix].maxStep);
  let bytes = 0;
  let pretty = false;
  let separator = '';
  let sectionLeft = 0;
  let chunk = '';
  while (bytes < options.targetBytes) {
    if (sectionLeft-- <= 0) {
      pretty = rnd.chance(0.12);
      separator = pretty ? '\n\n' : rnd.pick(['', '\r\n', '\n']);
      sectionLeft = rnd.int(50, 400);
    }
    for (const { event, role } of nextEvents(w, options.mix)) {
      const xml = (pretty ? renderEventXml(event, EVTXEXPORT_FORMAT) : renderEventXml(event)) + separator;
      chunk += xml;
      bytes += Buffer.byteLength(xml);
      stats.events++;
      stats.roles[role]++;
      if (pretty) stats.pretty++;
    }
    if (chunk.length >= 1 << 20) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
