#!/usr/bin/env -S npx tsx
/**
 * `npm run shipping:measure -- DIR`: how much of DIR's events the shipping configurations keep. Every event is
 * read with the project's reader (decode 'all') and put to each configuration's selection; an event's bytes are
 * its XML as the file holds it, `<Event` to `</Event>`. Per channel, then the channels a server ships, then per
 * day over the files whose events span at least a day.
 */
import { readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { readEvents } from '../functions/reader/read-events.ts';
import { type ChannelSelection, type EventFacts, keeps } from './event-selection.ts';
import {
  CLOUDWATCH_AGENT_CONFIG,
  FLUENT_BIT_CONFIG,
  readCloudWatchAgentConfig,
  readFluentBitConfig,
} from './shipper-configs.ts';

interface Tally {
  events: number;
  bytes: number;
  /** The CloudWatch agent sends an event once per collect_list entry that matches it. */
  records: number;
  xml: Buffer[];
}
const tally = (): Tally => ({ events: 0, bytes: 0, records: 0, xml: [] });

async function* filesUnder(path: string): AsyncGenerator<string> {
  if (!(await stat(path)).isDirectory()) {
    yield path;
    return;
  }
  const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) yield* filesUnder(full);
    else if (entry.isFile() && !entry.name.endsWith('.md')) yield full;
  }
}

const END = Buffer.from('</Event>');

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: npm run shipping:measure -- DIR');
    process.exit(2);
  }
  const fluentBit = readFluentBitConfig(readFileSync(FLUENT_BIT_CONFIG, 'utf8')).selection;
  const agentConfig = readCloudWatchAgentConfig(readFileSync(CLOUDWATCH_AGENT_CONFIG, 'utf8'));
  const shipped = new Set([...fluentBit.keys()].map((c) => c.toLowerCase()));
  const configs: [string, ChannelSelection][] = [
    ['Fluent Bit', fluentBit],
    ['CloudWatch agent', agentConfig.selection],
  ];
  const all = new Map<string, Tally>();
  const kept = new Map<string, Map<string, Tally>>(configs.map(([name]) => [name, new Map()]));
  const spans: {
    file: string;
    from: number;
    to: number;
    events: number;
    bytes: number;
    kept: number;
    keptBytes: number;
  }[] = [];
  const keptIds = new Map<string, { events: number; bytes: number }>();
  let errors = 0;

  for await (const file of filesUnder(dir)) {
    const raw = await readFile(file);
    // The reader's offsets are in the decompressed bytes: slice each event from the same bytes.
    const bytes = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
    const span = {
      file: relative(dir, file),
      from: Infinity,
      to: -Infinity,
      events: 0,
      bytes: 0,
      kept: 0,
      keptBytes: 0,
    };
    for await (const item of readEvents(bytes, { decode: 'all' })) {
      if (item.kind !== 'event') {
        errors++;
        console.error(`error ${relative(dir, file)} @${item.offset}: ${item.reason}`);
        continue;
      }
      const end = bytes.indexOf(END, item.offset);
      const xml = bytes.subarray(item.offset, end < 0 ? bytes.length : end + END.length);
      const e = item.event;
      const facts: EventFacts = {
        channel: e.channel,
        eventId: e.eventId,
        provider: e.provider.name,
        ...(e.level === undefined ? {} : { level: e.level }),
      };
      const channel = shipped.has(e.channel.toLowerCase()) ? e.channel : '(other channels)';
      add(all, channel, xml, 1);
      for (const [name, selection] of configs) {
        if (!keeps(selection, facts)) continue;
        const matching = (selection.get(e.channel) ?? []).filter((q) => q.matches(facts)).length;
        add(kept.get(name) as Map<string, Tally>, channel, xml, matching);
      }
      const time = Date.parse(e.timeCreated);
      span.from = Math.min(span.from, time);
      span.to = Math.max(span.to, time);
      if (shipped.has(e.channel.toLowerCase())) {
        span.events++;
        span.bytes += xml.length;
        if (keeps(fluentBit, facts)) {
          span.kept++;
          span.keptBytes += xml.length;
          const id = `${e.channel} ${e.eventId}`;
          const t = keptIds.get(id) ?? { events: 0, bytes: 0 };
          t.events++;
          t.bytes += xml.length;
          keptIds.set(id, t);
        }
      }
    }
    spans.push(span);
  }

  const channels = [...all.keys()].sort((a, b) =>
    a.startsWith('(') ? 1 : b.startsWith('(') ? -1 : a.localeCompare(b),
  );
  const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;
  const kb = (n: number) => `${(n / 1e3).toFixed(1)} kB`;
  const pct = (a: number, b: number) => (b === 0 ? '-' : `${((100 * a) / b).toFixed(1)}%`);
  console.log(
    `read ${dir}: ${sum(all, 'events')} events, ${mb(sum(all, 'bytes'))} of event XML, ${errors} errors\n`,
  );
  for (const [name] of configs) {
    const k = kept.get(name) as Map<string, Tally>;
    console.log(`${name}: events kept / all, XML bytes kept / all`);
    for (const channel of channels) {
      const a = all.get(channel) as Tally;
      const t = k.get(channel) ?? tally();
      console.log(
        `  ${channel.padEnd(18)} ${String(t.events).padStart(6)} / ${String(a.events).padEnd(6)} ${pct(t.events, a.events).padStart(6)}   ${mb(t.bytes).padStart(9)} / ${mb(a.bytes).padEnd(9)} ${pct(t.bytes, a.bytes).padStart(6)}` +
          (t.records > t.events ? `   (${t.records} records: some events match two entries)` : ''),
      );
    }
    const shippedAll = sumOf(all, (c) => !c.startsWith('('));
    const shippedKept = sumOf(k, (c) => !c.startsWith('('));
    console.log(
      `  ${'Application+System+Security'.padEnd(18)} ${shippedKept.events} / ${shippedAll.events} events (${pct(shippedKept.events, shippedAll.events)}), ` +
        `${mb(shippedKept.bytes)} / ${mb(shippedAll.bytes)} (${pct(shippedKept.bytes, shippedAll.bytes)}); ` +
        `gzip: ${kb(gzipSync(Buffer.concat(shippedKept.xml)).length)} / ${kb(gzipSync(Buffer.concat(shippedAll.xml)).length)}\n`,
    );
  }
  const top = [...keptIds].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, 12);
  console.log('Fluent Bit, the event ids that weigh most in what is kept:');
  console.log(
    `  ${top.map(([id, t]) => `${id}: ${t.events} (${(t.bytes / 1000).toFixed(0)} kB)`).join(', ')}\n`,
  );
  const day = 86_400_000;
  const long = spans.filter((s) => s.events > 0 && s.to - s.from >= day);
  console.log('per day, files whose shipped-channel events span a day or more (Fluent Bit selection):');
  for (const s of long) {
    const days = (s.to - s.from) / day;
    console.log(
      `  ${s.file}: ${days.toFixed(1)} days, ${(s.events / days).toFixed(0)} events/day (${mb(s.bytes / days)}) → kept ${(s.kept / days).toFixed(1)} events/day (${(s.keptBytes / days / 1000).toFixed(1)} kB)`,
    );
  }

  function add(into: Map<string, Tally>, channel: string, xml: Buffer, records: number): void {
    const t = into.get(channel) ?? tally();
    t.events++;
    t.bytes += xml.length;
    t.records += records;
    t.xml.push(xml);
    into.set(channel, t);
  }
}

function sum(map: Map<string, Tally>, field: 'events' | 'bytes'): number {
  return [...map.values()].reduce((n, t) => n + t[field], 0);
}

function sumOf(map: Map<string, Tally>, include: (channel: string) => boolean): Tally {
  const out = tally();
  for (const [channel, t] of map) {
    if (!include(channel)) continue;
    out.events += t.events;
    out.bytes += t.bytes;
    out.records += t.records;
    out.xml.push(...t.xml);
  }
  return out;
}

await main();
