import { describe, expect, it } from 'vitest';
import { eventParser, recordFromParsed, splitEvents } from '../../bench/full-parse.ts';
import { corpusChunks } from '../../bench/generate-corpus.ts';
import { EventRecordSchema } from '../../functions/reader/event-record.ts';
import { readEvents } from '../../functions/reader/read-events.ts';
import { extractSignals } from '../../functions/signals/extract-signals.ts';
import { eventKey, type Signal } from '../../functions/signals/signal.ts';

/** The bench corpus: deterministic, realistic enough to parse, and read alike by our reader and a full parse. */
function firstChunks(count: number) {
  const stats = { events: 0, pretty: 0, roles: { ordinary: 0, leak: 0, failure: 0, 'near-miss': 0 } };
  const chunks: Buffer[] = [];
  for (const text of corpusChunks(stats)) {
    chunks.push(Buffer.from(text, 'utf8'));
    if (chunks.length === count) break;
  }
  return { chunks, stats };
}

async function* from(chunks: Buffer[]) {
  yield* chunks;
}

const byEvent = (signals: Signal[]) => new Map(signals.map((s) => [`${eventKey(s)}|${s.kind}`, s] as const));

describe('bench corpus', () => {
  const { chunks, stats } = firstChunks(8);

  it('is the same bytes on every run (seeded)', () => {
    const again = firstChunks(8).chunks;
    expect(Buffer.concat(again).equals(Buffer.concat(chunks))).toBe(true);
  });

  it('is at least 99.5% ordinary events, with leaks, failures and near-misses among them', () => {
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
