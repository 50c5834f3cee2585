/**
 * Runs the catalogue in this process (started by hostile.bench.ts with --expose-gc, so that memory held is measured
 * after a full GC) and prints one `ROW <json>` line per case as it finishes. argv: case names to run (default all).
 */
import { catalogue } from './catalogue.ts';
import { startIngestBed } from './ingest-bed.ts';
import { closeBrowser } from './rendered-check.ts';
import { runCase } from './run-case.ts';

const only = new Set(process.argv.slice(2));
const bed = await startIngestBed();
try {
  for (const c of catalogue.filter((c) => only.size === 0 || only.has(c.name))) {
    const row = await runCase(c, bed).catch((error: Error) => ({
      name: c.name,
      input: c.input,
      expected: c.expected,
      observed: `the harness failed: ${error.message}`,
      pass: false,
      misses: [String(error.stack ?? error)],
      ms: 0,
    }));
    process.stdout.write(`ROW ${JSON.stringify(row)}\n`);
  }
} finally {
  await closeBrowser();
  await bed.stop();
}
