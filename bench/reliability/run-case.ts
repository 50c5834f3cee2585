import { type CaseRow, ingestSummary, readerSummary } from './case-row.ts';
import { type HostileCase, ingestMisses, keyOf, readerMisses } from './hostile-case.ts';
import type { IngestBed } from './ingest-bed.ts';
import { readOutcome } from './reader-run.ts';

/** Runs one case against the reader, then through ingest, and compares both with what it expects. */
export async function runCase(c: HostileCase, bed: IngestBed): Promise<CaseRow> {
  const started = performance.now();
  const viaSignals = c.via === 'signals';
  const reader = await readOutcome(c.bytes(), viaSignals);
  const ingest = viaSignals
    ? await bed.storeSignals(reader.kept)
    : await bed.ingest(keyOf(c), c.bytes, {
        ...(c.forgedHost ? { forgedHost: c.forgedHost } : {}),
        ...(c.deliveries ? { deliveries: c.deliveries } : {}),
      });
  reader.kept = [];
  const misses = [...readerMisses(c.reader, reader), ...(await ingestMisses(c.ingest, ingest))];
  return {
    name: c.name,
    input: c.input,
    expected: c.expected,
    observed: `${readerSummary(reader)}; ${ingestSummary(ingest)}`,
    pass: misses.length === 0,
    ...(c.known ? { known: c.known } : {}),
    misses,
    ms: performance.now() - started,
  };
}
