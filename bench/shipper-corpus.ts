import { once } from 'node:events';
import {
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  openSync,
  readFileSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { createGunzip, createGzip } from 'node:zlib';
import { z } from 'zod';
import { EVENT_ROLES, type EventRole } from '../samples/corpus-world.ts';
import type { EventSpec } from '../samples/event-spec.ts';
import {
  CONTROL_ENVELOPE,
  cloudWatchAgentMessage,
  compress,
  type Envelope,
  firehoseObject,
  fluentBitJsonLine,
  renderedXml,
  winlogbeatLine,
} from '../samples/shipper-shapes.ts';
import { corpusEvents } from './corpus-events.ts';
import { CORPORA, type CorpusManifest, DATA_DIR, GENERATOR_VERSION } from './generate-corpus.ts';

/**
 * The general corpus's events as each shipper writes them to S3 (samples/shipper-shapes.ts), so the
 * bench reads the same events in every layout. Written once under bench/.data and reused.
 */
export const SHIPPER_CORPORA = [
  /** The XML corpus as Fluent Bit's `compression zstd` writes an upload (level 1, a frame per file). */
  'xml-zstd',
  /** Fluent Bit json_lines (System, Message, StringInserts), `compression gzip`. */
  'fluentbit-gzip',
  /** The same records, `compression zstd`. */
  'fluentbit-zstd',
  /** CloudWatch agent → CloudWatch Logs → subscription → Firehose, no processing: gzip'd envelopes back to back. */
  'cloudwatch',
  /** Winlogbeat NDJSON (the XML in event.original), gzip'd. */
  'winlogbeat-gzip',
] as const;
export type ShipperCorpus = (typeof SHIPPER_CORPORA)[number];

/** Bump when an object's bytes change (with GENERATOR_VERSION, which makes the events). */
const SHIPPER_VERSION = 1;
/**
 * out_s3 compresses each upload whole; with use_put_object (shipping/fluent-bit/fluent-bit.yaml) an
 * upload is a file of up to total_file_size (50M there): one gzip member or zstd frame per 50 MB.
 */
const FLUENT_BIT_FILE_BYTES = 50 * 1024 * 1024;
/**
 * The CloudWatch agent sends a log stream's (a host's) buffered events every force_flush_interval
 * (5 s by default), or sooner at PutLogEvents' limits (1,048,576 bytes counting 26 per event, 10,000
 * events); each batch reaches Firehose as one gzip'd subscription envelope.
 */
const FLUSH_MS = 5000;
const BATCH_BYTES = 1_048_576;
const BATCH_EVENTS = 10_000;

export const ShipperManifestSchema = z.object({
  version: z.number(),
  generatorVersion: z.number(),
  corpus: z.enum(SHIPPER_CORPORA),
  path: z.string(),
  /** Bytes as stored. */
  storedBytes: z.number(),
  /** Bytes of the object after decompression (what the reader walks). */
  bytes: z.number(),
  /** Bytes of event XML carried (UTF-8, escapes undone). */
  xmlBytes: z.number(),
  events: z.number(),
  /** Compressed units: gzip members or zstd frames. */
  members: z.number(),
  roles: z.object(
    Object.fromEntries(EVENT_ROLES.map((role) => [role, z.number()])) as Record<EventRole, z.ZodNumber>,
  ),
});
export type ShipperManifest = z.infer<typeof ShipperManifestSchema>;

const FILES: Record<ShipperCorpus, string> = {
  'xml-zstd': 'corpus.xml.zst',
  'fluentbit-gzip': 'fluentbit.jsonl.gz',
  'fluentbit-zstd': 'fluentbit.jsonl.zst',
  cloudwatch: 'cloudwatch-firehose.bin',
  'winlogbeat-gzip': 'winlogbeat.ndjson.gz',
};

function cached(corpus: ShipperCorpus): ShipperManifest | undefined {
  const manifestPath = join(DATA_DIR, `${FILES[corpus]}.json`);
  if (!existsSync(manifestPath)) return undefined;
  const parsed = ShipperManifestSchema.safeParse(JSON.parse(readFileSync(manifestPath, 'utf8')));
  if (!parsed.success) return undefined;
  const m = parsed.data;
  const intact = existsSync(m.path) && statSync(m.path).size === m.storedBytes;
  return intact && m.version === SHIPPER_VERSION && m.generatorVersion === GENERATOR_VERSION ? m : undefined;
}

/** Builds (or reuses) every shipper corpus of the general corpus. */
export async function ensureShipperCorpora(
  general: CorpusManifest,
  log: (line: string) => void = () => {},
): Promise<Record<ShipperCorpus, ShipperManifest>> {
  const found = Object.fromEntries(SHIPPER_CORPORA.map((c) => [c, cached(c)])) as Record<
    ShipperCorpus,
    ShipperManifest | undefined
  >;
  if (SHIPPER_CORPORA.every((c) => found[c])) return found as Record<ShipperCorpus, ShipperManifest>;
  log(
    `writing the general corpus as each shipper writes it (shipper corpora v${SHIPPER_VERSION}) in ${DATA_DIR}`,
  );
  const built = { ...found, ...(await writeAll(general)) };
  for (const corpus of SHIPPER_CORPORA) {
    const m = built[corpus] as ShipperManifest;
    writeFileSync(join(DATA_DIR, `${FILES[corpus]}.json`), `${JSON.stringify(m, null, 2)}\n`);
  }
  return built as Record<ShipperCorpus, ShipperManifest>;
}

/** Counts kept per object while it is written. */
class Tally {
  bytes = 0;
  xmlBytes = 0;
  members = 0;
  storedBytes = 0;
  constructor(
    readonly corpus: ShipperCorpus,
    readonly path: string,
  ) {}

  manifest(events: number, roles: Record<EventRole, number>): ShipperManifest {
    return {
      version: SHIPPER_VERSION,
      generatorVersion: GENERATOR_VERSION,
      corpus: this.corpus,
      path: this.path,
      storedBytes: this.storedBytes,
      bytes: this.bytes,
      xmlBytes: this.xmlBytes,
      events,
      members: this.members,
      roles,
    };
  }
}

/** A file written in compressed units (members or frames), each compressed on its own. */
class UnitFile {
  readonly tally: Tally;
  private readonly fd: number;
  constructor(corpus: ShipperCorpus) {
    const path = join(DATA_DIR, FILES[corpus]);
    this.tally = new Tally(corpus, path);
    this.fd = openSync(path, 'w');
  }

  write(unit: Buffer): void {
    writeSync(this.fd, unit);
    this.tally.members++;
    this.tally.storedBytes += unit.length;
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** Fluent Bit's buffered file: records until total_file_size, then one upload compressed whole. */
class FluentBitFiles {
  private records: string[] = [];
  private size = 0;
  constructor(private readonly outputs: [UnitFile, 'gzip' | 'zstd'][]) {}

  add(record: string): void {
    const bytes = Buffer.byteLength(record);
    if (this.size + bytes > FLUENT_BIT_FILE_BYTES) this.upload();
    this.records.push(record);
    this.size += bytes;
  }

  upload(): void {
    if (this.records.length === 0) return;
    const file = Buffer.from(this.records.join(''), 'utf8');
    for (const [out, compression] of this.outputs) out.write(compress(file, compression));
    this.records = [];
    this.size = 0;
  }
}

/** Each host's CloudWatch agent batches, flushed in time order as the agent would send them. */
class CloudWatchBatches {
  private readonly open = new Map<string, { firstMs: number; messages: string[]; bytes: number }>();
  private nextId = 37_529_283_754_118_223_445_239_124_856_034_021_839_495_802_958_848n;
  constructor(private readonly out: UnitFile) {
    this.send(CONTROL_ENVELOPE);
  }

  add(spec: EventSpec, message: string): void {
    const ms = Date.parse(`${spec.timeCreated.slice(0, 23)}Z`);
    for (const [host, batch] of this.open) if (ms - batch.firstMs >= FLUSH_MS) this.flush(host);
    const size = Buffer.byteLength(message) + 26;
    let batch = this.open.get(spec.computer);
    if (batch && (batch.bytes + size > BATCH_BYTES || batch.messages.length >= BATCH_EVENTS)) {
      this.flush(spec.computer);
      batch = undefined;
    }
    if (!batch) {
      batch = { firstMs: ms, messages: [], bytes: 0 };
      this.open.set(spec.computer, batch);
    }
    batch.messages.push(message);
    batch.bytes += size;
  }

  end(): void {
    for (const host of [...this.open.keys()]) this.flush(host);
  }

  private flush(host: string): void {
    const batch = this.open.get(host);
    if (!batch) return;
    this.open.delete(host);
    this.send({ messageType: 'DATA_MESSAGE', messages: batch.messages, firstId: this.nextId });
    this.nextId += BigInt(batch.messages.length);
  }

  private send(envelope: Envelope): void {
    const record = firehoseObject([envelope], { processing: 'as-sent' });
    this.out.write(record);
  }
}

async function writeAll(general: CorpusManifest): Promise<Record<ShipperCorpus, ShipperManifest>> {
  const { seed } = CORPORA.general;
  const roles = Object.fromEntries(EVENT_ROLES.map((role) => [role, 0])) as Record<EventRole, number>;
  const fbGzip = new UnitFile('fluentbit-gzip');
  const fbZstd = new UnitFile('fluentbit-zstd');
  const fluentBit = new FluentBitFiles([
    [fbGzip, 'gzip'],
    [fbZstd, 'zstd'],
  ]);
  const cwFile = new UnitFile('cloudwatch');
  const cloudWatch = new CloudWatchBatches(cwFile);
  const wlbPath = join(DATA_DIR, FILES['winlogbeat-gzip']);
  const wlb = new Tally('winlogbeat-gzip', wlbPath);
  const wlbGzip = createGzip({ level: 6 });
  const wlbOut = createWriteStream(wlbPath);
  wlbGzip.pipe(wlbOut);
  let events = 0;
  for (const { event, role } of corpusEvents({ mix: 'general', seed, targetBytes: general.bytes })) {
    events++;
    roles[role]++;
    const xmlBytes = Buffer.byteLength(renderedXml(event));
    const fb = fluentBitJsonLine(event);
    fluentBit.add(fb);
    for (const t of [fbGzip.tally, fbZstd.tally]) {
      t.bytes += Buffer.byteLength(fb);
      t.xmlBytes += xmlBytes;
    }
    const message = cloudWatchAgentMessage(event);
    cloudWatch.add(event, message);
    cwFile.tally.xmlBytes += Buffer.byteLength(message);
    const line = Buffer.from(winlogbeatLine(event), 'utf8');
    wlb.bytes += line.length;
    wlb.xmlBytes += xmlBytes;
    if (!wlbGzip.write(line)) await once(wlbGzip, 'drain');
  }
  fluentBit.upload();
  cloudWatch.end();
  for (const f of [fbGzip, fbZstd, cwFile]) f.close();
  wlbGzip.end();
  await once(wlbOut, 'close');
  wlb.storedBytes = statSync(wlbPath).size;
  wlb.members = 1;
  if (events !== general.events)
    throw new Error(`shipper corpora: ${events} events, the XML corpus has ${general.events}`);
  cwFile.tally.bytes = await inflatedSize(cwFile.tally.path);
  return {
    'xml-zstd': await xmlAsZstd(general, roles),
    'fluentbit-gzip': fbGzip.tally.manifest(events, roles),
    'fluentbit-zstd': fbZstd.tally.manifest(events, roles),
    cloudwatch: cwFile.tally.manifest(events, roles),
    'winlogbeat-gzip': wlb.manifest(events, roles),
  };
}

/** The XML corpus in files of total_file_size, each one zstd frame at level 1 (Fluent Bit's flb_zstd_compress). */
async function xmlAsZstd(
  general: CorpusManifest,
  roles: Record<EventRole, number>,
): Promise<ShipperManifest> {
  const out = new UnitFile('xml-zstd');
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of createReadStream(general.xmlPath, { highWaterMark: 1 << 20 })) {
    parts.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size >= FLUENT_BIT_FILE_BYTES) {
      out.write(compress(Buffer.concat(parts), 'zstd'));
      parts.length = 0;
      size = 0;
    }
  }
  if (size > 0) out.write(compress(Buffer.concat(parts), 'zstd'));
  out.close();
  out.tally.bytes = general.bytes;
  out.tally.xmlBytes = general.bytes;
  return out.tally.manifest(general.events, roles);
}

/** What a multi-member gzip file inflates to (zlib's gunzip reads member after member). */
async function inflatedSize(path: string): Promise<number> {
  let bytes = 0;
  for await (const chunk of createReadStream(path).pipe(createGunzip())) bytes += (chunk as Buffer).length;
  return bytes;
}
