import { CORP_HOSTS } from '../samples/corp-network.ts';
import { CORPUS_MIXES, type CorpusMix, nextEvents } from '../samples/corpus-mix.ts';
import { CorpusWorld, type RoledEvent } from '../samples/corpus-world.ts';
import { EVTXEXPORT_FORMAT, renderEventXml } from '../samples/render-events.ts';
import { seededRandom } from '../samples/seeded-random.ts';

/**
 * The events of a bench corpus as specs, in the order samples/corpus-stream.ts corpusChunks renders
 * them, drawn from the same seeded generator with the same draws (sections of pretty-printed or
 * one-line renderings and their separators), so the shipper corpora carry exactly the events of the
 * XML corpus. test/bench/shipper-corpus.test.ts checks that rendering them as corpusChunks does gives
 * its bytes. (It belongs beside corpusChunks in samples/; it lives here until that file can take it.)
 */
export interface CorpusEvent extends RoledEvent {
  /** corpusChunks renders it as evtxexport does (pretty-printed) and puts this after it. */
  pretty: boolean;
  separator: string;
}

export function* corpusEvents(options: {
  mix: CorpusMix;
  seed: number;
  targetBytes: number;
}): Generator<CorpusEvent> {
  const rnd = seededRandom(options.seed);
  const w = new CorpusWorld(rnd, CORP_HOSTS, undefined, CORPUS_MIXES[options.mix].maxStep);
  let bytes = 0;
  let pretty = false;
  let separator = '';
  let sectionLeft = 0;
  while (bytes < options.targetBytes) {
    if (sectionLeft-- <= 0) {
      pretty = rnd.chance(0.12);
      separator = pretty ? '\n\n' : rnd.pick(['', '\r\n', '\n']);
      sectionLeft = rnd.int(50, 400);
    }
    for (const { event, role } of nextEvents(w, options.mix)) {
      bytes += Buffer.byteLength(asInCorpus(event, pretty, separator));
      yield { event, role, pretty, separator };
    }
  }
}

/** The event's text in the XML corpus. */
export function asInCorpus(event: CorpusEvent['event'], pretty: boolean, separator: string): string {
  return (pretty ? renderEventXml(event, EVTXEXPORT_FORMAT) : renderEventXml(event)) + separator;
}
