import { describe, expect, it } from 'vitest';
import { asInCorpus, corpusEvents } from '../../bench/corpus-events.ts';
import { type JsonLayout, jsonEvents } from '../../bench/full-parse-json.ts';
import { CORPORA } from '../../bench/generate-corpus.ts';
import { readEvents } from '../../functions/reader/read-events.ts';
import { extractSignals } from '../../functions/signals/extract-signals.ts';
import type { Signal } from '../../functions/signals/signal.ts';
import { corpusChunks } from '../../samples/corpus-stream.ts';
import {
  CONTROL_ENVELOPE,
  cloudWatchAgentMessage,
  firehoseObject,
  fluentBitJsonLine,
  winlogbeatLine,
} from '../../samples/shipper-shapes.ts';

const TARGET = 3_000_000;
const options = { mix: 'general' as const, seed: CORPORA.general.seed, targetBytes: TARGET };

/** The first events of the general corpus with a few signals among them (the corpus has ~1% of them). */
const events = [...corpusEvents(options)];

describe('the shipper corpora carry the events of the XML corpus', () => {
  it('corpusEvents draws exactly what corpusChunks renders', () => {
    const rendered = events.map((e) => asInCorpus(e.event, e.pretty, e.separator)).join('');
    expect(rendered).toBe([...corpusChunks(options)].join(''));
    expect(events.some((e) => e.role !== 'ordinary')).toBe(true);
  });
});

async function* inChunks(bytes: Buffer, size = 7919): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function ours(object: Buffer): Promise<Signal[]> {
  const signals: Signal[] = [];
  for await (const item of readEvents(object)) {
    expect(item.kind).toBe('event');
    if (item.kind === 'event')
      signals.push(...extractSignals(item.event, { source: 's', offset: item.offset }));
  }
  return signals;
}

async function fullParse(object: Buffer, layout: JsonLayout): Promise<Signal[]> {
  const signals: Signal[] = [];
  const counts = { records: 0, errors: 0 };
  for await (const { offset, record } of jsonEvents(inChunks(object), layout, counts)) {
    signals.push(...extractSignals(record, { source: 's', offset }));
  }
  expect(counts.errors).toBe(0);
  return signals;
}

describe("the bench's full parse of a shipper's JSON (bench/full-parse-json.ts) gives the reader's signals", () => {
  const specs = events.map((e) => e.event);
  const signalEvents = events.filter((e) => e.role !== 'ordinary' && e.role !== 'near-miss').length;

  it.each([
    ['fluentbit', () => Buffer.from(specs.map((s) => fluentBitJsonLine(s)).join(''))],
    ['winlogbeat', () => Buffer.from(specs.map((s) => winlogbeatLine(s)).join(''))],
    [
      'cloudwatch',
      () => {
        const messages = specs.map(cloudWatchAgentMessage);
        const envelopes = [CONTROL_ENVELOPE];
        for (let i = 0; i < messages.length; i += 7)
          envelopes.push({ messageType: 'DATA_MESSAGE', messages: messages.slice(i, i + 7) });
        // Decompressed, as the bench's gunzip of the object as sent gives it.
        return firehoseObject(envelopes, { processing: 'decompressed' });
      },
    ],
  ] as const)('%s: the same signals, offsets included', async (layout, object) => {
    const bytes = object();
    const reference = await fullParse(bytes, layout);
    expect(reference.length).toBeGreaterThanOrEqual(signalEvents);
    expect(await ours(bytes)).toEqual(reference);
  });
});
