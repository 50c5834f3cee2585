/**
 * `npm run storm:files -- DIR [--hours 6] [--clients 20] [--seed N] [--style fluent-bit|wevtutil] [--facts FILE]`:
 * writes the storm of issue 8 (samples/storm-scenario.ts) under DIR as `<host>/<yyyy>/<mm>/<dd>/<name>`, one
 * object at a time, streamed to disk, for `hivewatch scan DIR`. Prints the exact totals it wrote.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { stormFacts, stormObjects } from '../samples/storm-scenario.ts';

const Args = z.object({
  dir: z.string().min(1),
  hours: z.coerce.number().positive(),
  clients: z.coerce.number().int().positive().optional(),
  seed: z.coerce.number().int().optional(),
  style: z.enum(['fluent-bit', 'wevtutil']).optional(),
  facts: z.string().optional(),
});

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    hours: { type: 'string', default: '6' },
    clients: { type: 'string' },
    seed: { type: 'string' },
    style: { type: 'string' },
    facts: { type: 'string' },
  },
});
const parsed = Args.safeParse({ ...values, dir: positionals[0] });
if (!parsed.success) {
  console.error(
    'usage: npm run storm:files -- DIR [--hours 6] [--clients 20] [--seed N] [--style fluent-bit|wevtutil] [--facts FILE]',
  );
  console.error(z.prettifyError(parsed.error));
  process.exit(2);
}
const { dir, facts: factsFile, ...options } = parsed.data;
const started = performance.now();
const facts = stormFacts(options);
console.log(
  `storm: ${options.hours} h, ${facts.clients.length} clients naming ${facts.server.host}: ` +
    `${facts.objects} objects, ${facts.failures.toLocaleString('en-US')} failures, ${facts.events.toLocaleString('en-US')} events → ${dir}`,
);
let objects = 0;
let bytes = 0;
for (const object of stormObjects(options)) {
  const path = join(dir, object.key.replace(/^incoming\//, ''));
  await mkdir(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  await pipeline(object.render(), out);
  bytes += out.bytesWritten;
  if (++objects % 100 === 0 || objects === facts.objects) {
    const rss = process.memoryUsage().rss / 2 ** 20;
    process.stdout.write(
      `  ${objects}/${facts.objects} objects, ${(bytes / 1e6).toFixed(0)} MB gzip, RSS ${rss.toFixed(0)} MB\r`,
    );
  }
}
const seconds = (performance.now() - started) / 1000;
const peak = process.resourceUsage().maxRSS / 1024;
console.log(
  `\nwrote ${objects} objects, ${(bytes / 1e6).toFixed(1)} MB gzip in ${seconds.toFixed(0)} s, peak RSS ${peak.toFixed(0)} MB`,
);
if (factsFile) await writeFile(factsFile, `${JSON.stringify(facts, null, 2)}\n`);
console.log(JSON.stringify(facts, null, 2));
