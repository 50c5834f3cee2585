import type { IngestOutcome } from './ingest-bed.ts';
import type { ReaderOutcome } from './reader-run.ts';

/** One row of the catalogue's table: a case, what it expects, what was seen, and whether they agree. */
export interface CaseRow {
  name: string;
  input: string;
  expected: string;
  observed: string;
  pass: boolean;
  /** The known defect the case finds (hostile-case.ts `known`). */
  known?: string;
  /** What disagreed, when it did not pass. */
  misses: string[];
  ms: number;
}

/** What the reader gave, in a few words. */
export function readerSummary(o: ReaderOutcome): string {
  const s = o.stats;
  const first = o.errors[0];
  const error = first
    ? ` (${first.fatal ? 'fatal ' : ''}@${first.offset}: ${first.reason.slice(0, 70)}${first.reason.length > 70 ? '…' : ''})`
    : '';
  const shape = [s.compression !== 'none' ? s.compression : '', s.encoding !== 'utf-8' ? s.encoding : '']
    .filter(Boolean)
    .join(' ');
  return (
    `reader: ${s.events} events, ${s.decoded} decoded, ${o.signals} signals, ${o.errorCount} errors${error}` +
    `${s.rejected ? ', REJECTED' : ''}${shape ? `, ${shape}` : ''}, ${o.ms.toFixed(0)} ms, peak RSS +${o.growthMb.toFixed(0)} MB${Number.isNaN(o.liveMb) ? '' : `, ${o.liveMb.toFixed(1)} MB held`}`
  );
}

/** What ingest left, in a few words. */
export function ingestSummary(o: IngestOutcome): string {
  if (o.threw) return `ingest: THREW ${o.threw.slice(0, 90)}`;
  const r = o.report?.record;
  const incidents =
    o.incidents.map((i) => `${i.host.slice(0, 24)} ${i.status} ${i.failureCount}`).join(', ') || 'none';
  const alerts = o.alerts.map((a) => a.attributes.kind).join(',') || 'none';
  return (
    `ingest: ${r?.events ?? 0} events, ${r?.newSignals ?? 0} new signals, ${r?.errors ?? 0} errors` +
    `${r?.rejected ? ', REJECTED' : ''}; incidents ${incidents}; alerts ${alerts}; largest item ${(o.largestItem.bytes / 1024).toFixed(1)} KB; ${o.ms.toFixed(0)} ms${Number.isNaN(o.heldMb) || o.heldMb === 0 ? '' : `, ${o.heldMb.toFixed(1)} MB held`}`
  );
}
