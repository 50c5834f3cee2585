/**
 * `npm run reliability:hostile`: the hostile-input catalogue against the reader and through ingest (DynamoDB Local),
 * then 100,000 fast-check cases on the reader. Prints the catalogue's table, the fuzz figures and, last,
 * `reliability-hostile: hostile cases P/T, fuzz cases N ok`. Bounded in time: every part has a deadline.
 */
import { spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { CaseRow } from './case-row.ts';
import { catalogue } from './catalogue.ts';
import { type FuzzPlan, runFuzz } from './fuzz-run.ts';
import { catalogueTable, fuzzReport } from './hostile-table.ts';

/** The catalogue's deadline: its slowest cases (two 2 GiB bombs, 10^6 errors, 10^5 clients) take ~2 min here. */
const CatalogueDeadlineMs = 5 * 60_000;
const FuzzPlanned: FuzzPlan = {
  cases: 100_000,
  workers: Math.min(2, availableParallelism()),
  seed: Number(process.env.HIVEWATCH_FUZZ_SEED ?? 20261117),
  /**
   * A case is at most ~20 KB of input; the slowest of 100,000 took 330–730 ms on this 2-core machine at load 4–19 (GC
   * pauses, the other worker, other sessions), typical ones 0.25 ms: 3 s is four times the worst seen, while a
   * runaway path (a hang, an exponential or quadratic rescan of a bomb's output) takes far longer.
   */
  caseLimitMs: 3000,
  hangMs: 30_000,
  deadlineMs: 5 * 60_000,
  heapEvery: 5000,
};
/** Heap after a full GC may move by this much over a worker's run and still be flat (allocator noise). */
const FlatMb = 8;

const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');

async function runCatalogue(): Promise<CaseRow[]> {
  const runner = fileURLToPath(new URL('./catalogue-run.ts', import.meta.url));
  const child = spawn(process.execPath, [...process.execArgv, '--expose-gc', runner], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), CatalogueDeadlineMs);
  const rows: CaseRow[] = [];
  let pending = '';
  child.stdout.on('data', (data: Buffer) => {
    pending += data.toString('utf8');
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (!line.startsWith('ROW ')) continue;
      const row = JSON.parse(line.slice(4)) as CaseRow;
      rows.push(row);
      console.log(
        `  ${row.pass ? 'ok  ' : 'FAIL'} ${String(rows.length).padStart(2)}/${catalogue.length} ${row.name} (${(row.ms / 1000).toFixed(1)} s)`,
      );
    }
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(killer);
  if (code !== 0) console.log(`  the catalogue's process ended with ${code ?? 'a kill (past its deadline)'}`);
  return rows;
}

const started = performance.now();
console.log(
  `hivewatch hostile input — Node ${process.version}, ${availableParallelism()} cores, load ${load()} at start`,
);
console.log(
  `catalogue: ${catalogue.length} cases, each against the reader and through ingest (DynamoDB Local)`,
);
const rows = await runCatalogue();
const catalogueSeconds = (performance.now() - started) / 1000;
console.log(
  `catalogue done in ${catalogueSeconds.toFixed(0)} s; fuzz: ${FuzzPlanned.cases} cases, load ${load()}`,
);
const fuzz = await runFuzz(FuzzPlanned);
const report = fuzzReport(FuzzPlanned, fuzz, FlatMb);
console.log('');
console.log(catalogueTable(rows));
console.log('');
for (const line of report.lines) console.log(line);
const passed = rows.filter((r) => r.pass).length;
console.log(
  `total ${((performance.now() - started) / 1000).toFixed(0)} s (catalogue ${catalogueSeconds.toFixed(0)} s, fuzz ${(fuzz.ms / 1000).toFixed(0)} s), load ${load()} at the end`,
);
console.log(
  `reliability-hostile: hostile cases ${passed}/${catalogue.length}, fuzz cases ${fuzz.cases} ${report.ok ? 'ok' : 'FAILED'}`,
);
process.exitCode = passed === catalogue.length && report.ok ? 0 : 1;
