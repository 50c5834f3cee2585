import { describe, expect, it } from 'vitest';
import { eventParser, recordFromParsed, splitEvents } from '../../bench/full-parse.ts';
import { CORPORA } from '../../bench/generate-corpus.ts';
import { EventRecordSchema } from '../../functions/reader/event-record.ts';
import { readEvents } from '../../functions/reader/read-events.ts';
import { extractSignals } from '../../functions/signals/extract-signals.ts';
import { eventKey, type Signal } from '../../functions/signals/signal.ts';
import type { CorpusMix } from '../../samples/corpus-mix.ts';
import { corpusChunks, emptyCorpusStats } from '../../samples/corpus-stream.ts';

/** The bench corpora: deterministic, realistic enough to parse, and read alike by our reader and a full parse. */
function firstChunks(mix: CorpusMix, count: number) {
  const stats = emptyCorpusStats();
  const chunks: Buffer[] = [];
  for (const text of corpusChunks({ mix, seed: CORPORA[mix].seed, targetBytes: 100_000_000 }, stats)) {
    chunks.push(Buffer.from(text, 'utf8'));
    if (chunks.length === count) break;
  }
  return { chunks, stats };
}

async function* from(chunks: Buffer[]) {
  yield* chunks;
}

const byEvent = (signals: Signal[]) => new Map(signals.map((s) => [`${eventKey(s)}|${s.kind}`, s] as const));

describe.each(['general', 'security-heavy'] as const)('bench corpus, %s mix', (mix) => {
  const { chunks, stats } = firstChunks(mix, 8);

  it('is the same bytes on every run (seeded)', () => {
    const again = firstChunks(mix, 8).chunks;
    expect(Buffer.concat(again).equals(Buffer.concat(chunks))).toBe(true);
  });

  it('is at least 99.5% ordinary events, with leaks, failures and near-misses among them', () => {
    // 24 MB (~19,000 events): enough that the mix's 0.36% of other events shows as it is
    const { stats } = firstChunks(mix, 24);
    expect(stats.roles.ordinary / stats.events).toBeGreaterThanOrEqual(0.995);
    expect(stats.roles.leak + stats.roles.failure).toBeGreaterThan(0);
    expect(stats.roles['near-miss']).toBeGreaterThan(0);
    expect(stats.pretty).toBeGreaterThan(0);
  });

  it('maps every event through the fast-xml-parser reference to a valid EventRecord', async () => {
    const parser = eventParser();
    let events = 0;
    for await (const { xml } of splitEvents(from(chunks))) {
      const record = recordFromParsed(parser.parse(xml), xml);
      expect(EventRecordSchema.safeParse(record).success).toBe(true);
      events++;
    }
    expect(events).toBe(stats.events);
  });

  it('yields the same signals from our reader as from a full parse of every event', async () => {
    const parser = eventParser();
    const full: Signal[] = [];
    for await (const { offset, xml } of splitEvents(from(chunks))) {
      full.push(...extractSignals(recordFromParsed(parser.parse(xml), xml), { source: 'c', offset }));
    }
    const ours: Signal[] = [];
    const items = readEvents(from(chunks));
    for await (const item of items) {
      if (item.kind === 'event')
        ours.push(...extractSignals(item.event, { source: 'c', offset: item.offset }));
    }
    expect(items.stats.events).toBe(stats.events);
    expect(full.length).toBe(stats.roles.leak + stats.roles.failure);
    expect(byEvent(ours)).toEqual(byEvent(full));
  });
});

describe('the Security-heavy corpus (issue 9 §3: logons and logoffs by the thousand)', () => {
  it('is mostly logons, logoffs, special logons and process starts and exits, as the Security log writes them', async () => {
    const { chunks } = firstChunks('security-heavy', 4);
    const ids = new Map<number, number>();
    let events = 0;
    let security = 0;
    for await (const item of readEvents(from(chunks), { decode: 'all' })) {
      if (item.kind !== 'event') continue;
      events++;
      if (item.event.channel !== 'Security') continue;
      security++;
      ids.set(item.event.eventId, (ids.get(item.event.eventId) ?? 0) + 1);
    }
    expect(security / events).toBeGreaterThan(0.85);
    const audit = [4624, 4625, 4634, 4647, 4672, 4688, 4689].reduce((n, id) => n + (ids.get(id) ?? 0), 0);
    expect(audit / events).toBeGreaterThan(0.85);
    for (const id of [4624, 4634, 4647, 4672, 4688, 4689]) expect(ids.get(id)).toBeGreaterThan(100);
  });
});
