#!/usr/bin/env -S npx tsx
/**
 * `npm run corpus -- DIR [--fast]`: reads every file under DIR with the streaming reader and prints
 * files, events, signals and errors — the check of the reader against real renderings.
 * By default every event is decoded and validated (`--fast` decodes only candidates, as the pipeline does).
 */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { readEvents } from '../functions/reader/read-events.ts';
import { extractSignals } from '../functions/signals/extract-signals.ts';

/** The signal kinds, in the order the summary line gives them. */
const SIGNAL_KINDS = ['leak', 'failure', 'restart', 'logon', 'logoff'] as const;

async function* filesUnder(path: string): AsyncGenerator<string> {
  if (!(await stat(path)).isDirectory()) {
    yield path;
    return;
  }
  for (const entry of (await readdir(path, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) yield* filesUnder(full);
    else if (entry.isFile()) yield full;
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith('--'));
  if (!dir) {
    console.error('usage: npm run corpus -- DIR [--fast]');
    process.exit(2);
  }
  const decode = args.includes('--fast') ? 'candidates' : 'all';
  const totals = {
    files: 0,
    bytes: 0,
    events: 0,
    decoded: 0,
    errors: 0,
    records1530: 0,
  };
  const leakProcesses = new Map<string, number>();
  const kinds = new Map<string, number>();
  const eventsByFolder = new Map<string, number>();
  const started = performance.now();
  for await (const file of filesUnder(dir)) {
    if (file.endsWith('.md')) continue;
    const events = readEvents(createReadStream(file), { decode });
    for await (const item of events) {
      if (item.kind === 'error') {
        totals.errors++;
        console.log(`error ${relative(dir, file)} @${item.offset}: ${item.reason}`);
        continue;
      }
      const { event } = item;
      if (event.eventId === 1530 && /user profiles service/i.test(event.provider.name)) {
        totals.records1530++;
        const detail = event.data.map((d) => d.value).join('\n');
        for (const m of detail.matchAll(/\(([^\n]*\\([^\\\n]+?))\) has opened key/g)) {
          const image = (m[2] as string).toLowerCase();
          leakProcesses.set(image, (leakProcesses.get(image) ?? 0) + 1);
        }
      }
      for (const signal of extractSignals(event, { source: file, offset: item.offset })) {
        kinds.set(signal.kind, (kinds.get(signal.kind) ?? 0) + 1);
      }
    }
    totals.files++;
    totals.bytes += events.stats.bytesDecoded;
    totals.events += events.stats.events;
    const folder = relative(dir, file).split(/[\\/]/)[0] ?? '.';
    eventsByFolder.set(folder, (eventsByFolder.get(folder) ?? 0) + events.stats.events);
    totals.decoded += events.stats.decoded;
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `files ${totals.files}  events ${totals.events}  decoded ${totals.decoded}  signals ${[...kinds.values()].reduce((a, b) => a + b, 0)} (${SIGNAL_KINDS.map((k) => `${k}s ${kinds.get(k) ?? 0}`).join(', ')})  errors ${totals.errors}`,
  );
  if (eventsByFolder.size > 1) {
    console.log(`  ${[...eventsByFolder].map(([folder, n]) => `${folder}/ ${n}`).join(', ')}`);
  }
  const names = [...leakProcesses].map(([name, n]) => `${name} ×${n}`).join(', ');
  console.log(`1530 records ${totals.records1530}  processes named in them: ${names || 'none'}`);
  console.log(
    `${(totals.bytes / 1e6).toFixed(1)} MB of XML in ${seconds.toFixed(2)} s (${(totals.bytes / 1e6 / seconds).toFixed(0)} MB/s, decode: ${decode})`,
  );
}

await main();
