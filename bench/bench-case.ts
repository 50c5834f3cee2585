import { createReadStream, readFileSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { SaxesParser } from 'saxes';
import type { EventRecord } from '../functions/reader/event-record.ts';
import { CASES, type CaseName, type CaseResult } from './case-result.ts';
import { eventParser, recordFromParsed, splitEvents } from './full-parse.ts';
import { extractSignals, readEvents, readerReady } from './our-reader.ts';
import { type SignalSink, signalFile } from './signal-sink.ts';

/**
 * One measured case, run in its own (pinned) child process so that its peak RSS is its own.
 * argv: case name, xml path, gz path (of the case's corpus), repeats, signals output path (or '-'). Prints one JSON line.
 * The first repetition writes the signals found (JSON lines) to the output path; the others only count
 * them, so the best run measures reading and signal extraction alone.
 */
const SOURCE = 'corpus';
const CHUNK = 64 * 1024;

type Run = {
  bytes: number;
  events: number;
  decoded: number;
  errors: number;
  signalCount: number;
};

async function ours(source: AsyncIterable<Uint8Array>, sink: SignalSink | undefined): Promise<Run> {
  const items = readEvents(source, { decode: 'candidates' });
  let signalCount = 0;
  for await (const item of items) {
    if (item.kind !== 'event') continue;
    const found = extractSignals(item.event, { source: SOURCE, offset: item.offset });
    signalCount += found.length;
    if (sink) for (const signal of found) sink.write(signal);
  }
  const s = items.stats;
  return {
    bytes: s.bytesDecoded,
    events: s.events,
    decoded: s.decoded,
    errors: s.errors,
    signalCount,
  };
}

async function fullParse(xmlPath: string, sink: SignalSink | undefined): Promise<Run> {
  const parser = eventParser();
  let signalCount = 0;
  let events = 0;
  let errors = 0;
  let bytes = 0;
  async function* counted(): AsyncGenerator<Buffer> {
    for await (const chunk of createReadStream(xmlPath, { highWaterMark: CHUNK })) {
      bytes += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
  }
  for await (const { offset, xml } of splitEvents(counted())) {
    events++;
    let record: EventRecord;
    try {
      record = recordFromParsed(parser.parse(xml), xml);
    } catch {
      errors++;
      continue;
    }
    const found = extractSignals(record, { source: SOURCE, offset });
    signalCount += found.length;
    if (sink) for (const signal of found) sink.write(signal);
  }
  return { bytes, events, decoded: events - errors, errors, signalCount };
}

async function saxes(xmlPath: string): Promise<Run> {
  const parser = new SaxesParser({ fragment: true });
  let events = 0;
  let errors = 0;
  let bytes = 0;
  parser.on('closetag', (tag) => {
    if (tag.name === 'Event') events++;
  });
  parser.on('error', () => {
    errors++;
  });
  for await (const chunk of createReadStream(xmlPath, { highWaterMark: CHUNK, encoding: 'utf8' })) {
    bytes += Buffer.byteLength(chunk as string);
    parser.write(chunk as string);
  }
  parser.close();
  return { bytes, events, decoded: events, errors, signalCount: 0 };
}

async function gunzip(gzPath: string): Promise<Run> {
  let bytes = 0;
  for await (const chunk of createReadStream(gzPath, { highWaterMark: CHUNK }).pipe(
    createGunzip({ chunkSize: CHUNK }),
  )) {
    bytes += (chunk as Buffer).length;
  }
  return { bytes, events: 0, decoded: 0, errors: 0, signalCount: 0 };
}

/** ~1 GB without materialising it: the corpus file streamed from disk `times` times back to back. */
async function* repeated(xmlPath: string, times: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < times; i++) yield* createReadStream(xmlPath, { highWaterMark: CHUNK });
}

let corpusBytes: Buffer | undefined;

/** The corpus already in memory, handed over in 64 KiB slices: the reader's own cost, without file I/O. */
async function* inMemory(xmlPath: string): AsyncGenerator<Uint8Array> {
  corpusBytes ??= readFileSync(xmlPath);
  for (let at = 0; at < corpusBytes.length; at += CHUNK) yield corpusBytes.subarray(at, at + CHUNK);
}

async function runOnce(
  name: CaseName,
  xmlPath: string,
  gzPath: string,
  sink: SignalSink | undefined,
): Promise<Run> {
  switch (name) {
    case 'ours-gzip':
    case 'ours-security':
      return ours(createReadStream(gzPath, { highWaterMark: CHUNK }), sink);
    case 'ours-xml':
      return ours(createReadStream(xmlPath, { highWaterMark: CHUNK }), sink);
    case 'ours-memory':
      return ours(inMemory(xmlPath), sink);
    case 'ours-1gb':
    case 'ours-1gb-capped':
      return ours(repeated(xmlPath, 10), undefined);
    case 'fxp':
    case 'fxp-security':
      return fullParse(xmlPath, sink);
    case 'saxes':
      return saxes(xmlPath);
    case 'gunzip':
      return gunzip(gzPath);
    case 'idle':
      return { bytes: 0, events: 0, decoded: 0, errors: 0, signalCount: 0 };
  }
}

function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

async function main(): Promise<void> {
  const [name, xmlPath, gzPath, repeatsArg, signalsPath] = process.argv.slice(2);
  if (!CASES.includes(name as CaseName) || !xmlPath || !gzPath)
    throw new Error(`usage: bench-case ${CASES.join('|')} XML GZ [REPEATS] [SIGNALS]`);
  const caseName = name as CaseName;
  const base = { name: caseName, bytes: 0, events: 0, decoded: 0, errors: 0, signals: 0 };
  if (!readerReady && caseName.startsWith('ours')) {
    process.stdout.write(
      `${JSON.stringify({ ...base, seconds: [], cpuSeconds: [], peakRssMb: peakRssMb(), pending: true })}\n`,
    );
    return;
  }
  const seconds: number[] = [];
  const cpuSeconds: number[] = [];
  let last: Run | undefined;
  for (let i = 0; i < Number(repeatsArg ?? 1); i++) {
    const sink = i === 0 && signalsPath && signalsPath !== '-' ? signalFile(signalsPath) : undefined;
    const started = performance.now();
    const cpu = process.cpuUsage();
    last = await runOnce(caseName, xmlPath, gzPath, sink);
    const used = process.cpuUsage(cpu);
    seconds.push((performance.now() - started) / 1000);
    cpuSeconds.push((used.user + used.system) / 1e6);
    sink?.close();
  }
  if (!last) throw new Error('no repetition ran');
  const result: CaseResult = {
    ...base,
    seconds,
    cpuSeconds,
    bytes: last.bytes,
    events: last.events,
    decoded: last.decoded,
    errors: last.errors,
    signals: last.signalCount,
    peakRssMb: peakRssMb(),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
