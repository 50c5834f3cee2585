import type { AlertKind } from '../../functions/alerts/stored-incident.ts';
import type { ForgedHostAction } from '../../functions/ingest/object-origin.ts';
import type { ByteSource } from '../../functions/reader/read-events.ts';
import type { IngestOutcome } from './ingest-bed.ts';
import type { ReaderOutcome } from './reader-run.ts';

/** One reader error as expected: where (when it matters), why, and whether reading stopped there. */
export interface ExpectedError {
  reason: RegExp;
  offset?: number;
  fatal?: boolean;
}

/** What the reader must give for a case; fields left out are not checked. */
export interface ReaderExpectation {
  events?: number;
  decoded?: number;
  signals?: number;
  rejected?: boolean;
  /** Every error, in order; a number: how many (reasons not checked). */
  errors?: readonly ExpectedError[] | number;
  /** Wall-clock bound for the whole read: a blow-up shows here. */
  maxMs?: number;
  /** Memory the read may hold at most: heap and buffers after a full GC, above what was held before (MB). */
  maxLiveMb?: number;
  check?: (outcome: ReaderOutcome) => string[];
}

/** An incident as expected: host, status, failures counted. */
export type ExpectedIncident = readonly [host: string, status: string, failures: number];

/** What ingest must leave behind for a case. The object must never make ingest throw unless `threw` says so. */
export interface IngestExpectation {
  events?: number;
  signals?: number;
  newSignals?: number;
  errors?: number;
  rejected?: boolean;
  /** Every incident stored, by host. */
  incidents: readonly ExpectedIncident[];
  /** Every alert sent, in order. */
  alerts: readonly AlertKind[];
  /** The ingest use case throws (the object goes back to SQS): the reason it must give. */
  threw?: RegExp;
  check?: (outcome: IngestOutcome) => string[] | Promise<string[]>;
}

/** Ingest of an object with many errors: at most 50 kept in memory, under 64 MB held after a full GC. */
export function errorsKeptBounded(o: IngestOutcome): string[] {
  return (o.report?.readerErrors.length ?? 0) <= 50 && o.heldMb < 64
    ? []
    : [`${o.report?.readerErrors.length} errors kept, ${o.heldMb.toFixed(0)} MB held`];
}

export interface HostileCase {
  name: string;
  /** The input, in a few words (the table's column). */
  input: string;
  /** The expected outcome, in words (the table's column and docs/hostile-input.md). */
  expected: string;
  /** A fresh source each time: the giants are streamed and never held whole. */
  bytes: () => ByteSource;
  /** The object key ingest reads it under; default `incoming/app01/2026/11/17/<name>.xml`. */
  key?: string;
  forgedHost?: ForgedHostAction;
  /** Ingest the same object this many times into the same tables (a redelivery); default 1. */
  deliveries?: number;
  /**
   * `object` (default): the real ingest of the object. `signals`: its signals, as the reader gives them, written as
   * ingest writes a host's change, without ingest's per-computer de-duplication items (too many to write here).
   */
  via?: 'object' | 'signals';
  reader: ReaderExpectation;
  ingest: IngestExpectation;
  /** Too slow for `npm test`: only in `npm run reliability:hostile`. */
  slow?: boolean;
  /**
   * A real defect this case finds and that is not fixed yet: what it is, where. The row fails (the expected outcome
   * stands); `npm test` pins it with `it.fails`, which starts failing once it is fixed.
   */
  known?: string;
  /** Checks the incident page in headless chromium (test/cli/chromium.ts): `npm test` skips it where chromium is missing. */
  chromium?: boolean;
}

/** The key a case is ingested under. */
export function keyOf(c: HostileCase): string {
  return c.key ?? `incoming/app01/2026/11/17/${c.name}.xml`;
}

/** The differences between what the reader gave and what the case expects, as sentences (none: it passed). */
export function readerMisses(expected: ReaderExpectation, got: ReaderOutcome): string[] {
  const misses: string[] = [];
  const field = (name: string, want: unknown, have: unknown) => {
    if (want !== undefined && want !== have)
      misses.push(`reader ${name} ${String(have)}, expected ${String(want)}`);
  };
  if (got.threw) misses.push(`reader threw ${got.threw}`);
  field('events', expected.events, got.stats.events);
  field('decoded', expected.decoded, got.stats.decoded);
  field('signals', expected.signals, got.signals);
  field('rejected', expected.rejected, got.stats.rejected);
  if (typeof expected.errors === 'number') field('errors', expected.errors, got.errorCount);
  else if (expected.errors) misses.push(...errorMisses(expected.errors, got));
  if (expected.maxMs !== undefined && got.ms > expected.maxMs)
    misses.push(`reader took ${got.ms.toFixed(0)} ms, bound ${expected.maxMs} ms`);
  // held memory is measured after a full GC: only with --expose-gc (the npm script), not under vitest
  if (expected.maxLiveMb !== undefined && got.liveMb > expected.maxLiveMb)
    misses.push(`reader held ${got.liveMb.toFixed(1)} MB, bound ${expected.maxLiveMb} MB`);
  misses.push(...(expected.check?.(got) ?? []));
  return misses;
}

function errorMisses(expected: readonly ExpectedError[], got: ReaderOutcome): string[] {
  if (got.errorCount !== expected.length)
    return [
      `reader errors ${got.errorCount} (${got.errors.map((e) => e.reason).join(' | ')}), expected ${expected.length}`,
    ];
  return expected.flatMap((want, i) => {
    const have = got.errors[i];
    if (!have) return [`reader error ${i} not kept`];
    const misses: string[] = [];
    if (!want.reason.test(have.reason))
      misses.push(`reader error ${i} reason '${have.reason}' !~ ${want.reason}`);
    if (want.offset !== undefined && want.offset !== have.offset)
      misses.push(`reader error ${i} at ${have.offset}, expected ${want.offset}`);
    if ((want.fatal ?? false) !== have.fatal) misses.push(`reader error ${i} fatal ${have.fatal}`);
    return misses;
  });
}

/** The differences between what ingest left and what the case expects. */
export async function ingestMisses(expected: IngestExpectation, got: IngestOutcome): Promise<string[]> {
  const misses: string[] = [];
  if (expected.threw) {
    if (!got.threw || !expected.threw.test(got.threw))
      misses.push(
        `ingest ${got.threw ? `threw '${got.threw}'` : 'did not throw'}, expected ${expected.threw}`,
      );
  } else if (got.threw) misses.push(`ingest threw ${got.threw}`);
  const record = got.report?.record;
  const field = (name: string, want: unknown, have: unknown) => {
    if (want !== undefined && want !== have)
      misses.push(`ingest ${name} ${String(have)}, expected ${String(want)}`);
  };
  if (record) {
    field('events', expected.events, record.events);
    field('signals', expected.signals, record.signals);
    field('newSignals', expected.newSignals, record.newSignals);
    field('errors', expected.errors, record.errors);
    field('rejected', expected.rejected, record.rejected);
  }
  const incidents = got.incidents.map((i) => `${i.host} ${i.status} ${i.failureCount}`).sort();
  const wanted = expected.incidents.map(([host, status, n]) => `${host} ${status} ${n}`).sort();
  if (incidents.join(', ') !== wanted.join(', '))
    misses.push(`incidents [${incidents.join(', ')}], expected [${wanted.join(', ')}]`);
  if (got.unreadable.length > 0) misses.push(`unreadable incidents: ${got.unreadable.join('; ')}`);
  const alerts = got.alerts.map((a) => a.attributes.kind);
  if (alerts.join(',') !== expected.alerts.join(','))
    misses.push(`alerts [${alerts.join(',')}], expected [${expected.alerts.join(',')}]`);
  if (got.largestItem.bytes >= 400 * 1024)
    misses.push(`item ${got.largestItem.table}/${got.largestItem.key} is ${got.largestItem.bytes} bytes`);
  misses.push(...((await expected.check?.(got)) ?? []));
  return misses;
}
