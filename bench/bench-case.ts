import { createReadStream, readFileSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { SaxesParser } from 'saxes';
import type { EventRecord } from '../functions/reader/event-record.ts';
import { DEFAULT_MAX_INFLATED_BYTES, inflateIfCompressed } from '../functions/reader/inflate.ts';
import { CASES, type CaseName, type CaseResult } from './case-result.ts';
import { eventParser, recordFromParsed, splitEvents } from './full-parse.ts';
import { type JsonLayout, jsonEvents } from './full-parse-json.ts';
import { extractSignals, readEvents, readerReady } from './our-reader.ts';
import { type SignalSink, signalFile } from './signal-sink.ts';

/**
 * One measured case, run in its own (pinned) child process so that its peak RSS is its own.
 * argv: case name, the path of the file it reads, repeats, signals output path (or '-'). Prints one JSON line.
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

/** The full parse of a shipper's gzip'd JSON object (bytes: the object after decompression). */
async function fullParseJson(gzPath: string, layout: JsonLayout, sink: SignalSink | undefined): Promise<Run> {
  let signalCount = 0;
  let events = 0;
  let bytes = 0;
  const counts = { records: 0, errors: 0 };
  async function* counted(): AsyncGenerator<Buffer> {
    for await (const chunk of createReadStream(gzPath, { highWaterMark: CHUNK }).pipe(
      createGunzip({ chunkSize: CHUNK }),
    )) {
      bytes += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
  }
  for await (const { offset, record } of jsonEvents(counted(), layout, counts)) {
    events++;
    const found = extractSignals(record, { source: SOURCE, offset });
    signalCount += found.length;
    if (sink) for (const signal of found) sink.write(signal);
  }
  return { bytes, events, decoded: events, errors: counts.errors, signalCount };
}

/** The reader's inflate layer alone (gzip members or zstd frames found and inflated), no reading. */
async function inflateOnly(path: string): Promise<Run> {
  const inflated = inflateIfCompressed(
    createReadStream(path, { highWaterMark: CHUNK }),
    DEFAULT_MAX_INFLATED_BYTES,
  );
  let bytes = 0;
  for await (const chunk of inflated.chunks) bytes += chunk.length;
  return { bytes, events: 0, decoded: 0, errors: inflated.errors.length, signalCount: 0 };
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

async function runOnce(name: CaseName, path: string, sink: SignalSink | undefined): Promise<Run> {
  switch (name) {
    case 'ours-gzip':
    case 'ours-security':
    case 'ours-xml':
    case 'ours-zstd':
    case 'ours-fluentbit-gzip':
    case 'ours-fluentbit-zstd':
    case 'ours-cloudwatch':
    case 'ours-winlogbeat':
      return ours(createReadStream(path, { highWaterMark: CHUNK }), sink);
    case 'ours-memory':
      return ours(inMemory(path), sink);
    case 'ours-1gb':
    case 'ours-1gb-capped':
      return ours(repeated(path, 10), undefined);
    case 'fxp':
    case 'fxp-security':
      return fullParse(path, sink);
    case 'fxp-fluentbit':
      return fullParseJson(path, 'fluentbit', sink);
    case 'fxp-cloudwatch':
      return fullParseJson(path, 'cloudwatch', sink);
    case 'fxp-winlogbeat':
      return fullParseJson(path, 'winlogbeat', sink);
    case 'saxes':
      return saxes(path);
    case 'gunzip':
      return gunzip(path);
    case 'inflate-gzip':
    case 'inflate-zstd':
      return inflateOnly(path);
    case 'idle':
      return { bytes: 0, events: 0, decoded: 0, errors: 0, signalCount: 0 };
  }
}

/**
 * The high-water mark of this process's own memory (VmHWM). Not resourceUsage().maxRSS: Linux carries
 * that across fork and exec, so a child of a large parent reported the parent's RSS (the idle case
 * showed 132 MB right after the bench had written its corpora).
 */
function peakRssMb(): number {
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'latin1'));
    if (hwm) return Number(hwm[1]) / 1024;
  } catch {
    // Not Linux: maxRSS is the best there is.
  }
  return process.resourceUsage().maxRSS / 1024;
}

async function main(): Promise<void> {
  const [name, path, repeatsArg, signalsPath] = process.argv.slice(2);
  if (!CASES.includes(name as CaseName) || !path)
    throw new Error(`usage: bench-case ${CASES.join('|')} FILE [REPEATS] [SIGNALS]`);
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
    last = await runOnce(caseName, path, sink);
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
