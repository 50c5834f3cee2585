import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import {
  caseTable,
  compareSignals,
  countByKind,
  describeDifference,
  describeKinds,
  kindCounts,
  LABELS,
  referenceLine,
  signalSet,
  targetLines,
} from './bench-report.ts';
import { bundleCaseRunner } from './bundle-case.ts';
import { type CaseName, type CaseResult, CaseResultSchema } from './case-result.ts';
import { BenchFailure } from './errors.ts';
import { type CorpusManifest, DATA_DIR, ensureCorpus } from './generate-corpus.ts';
import { ensureShipperCorpora, type ShipperCorpus, type ShipperManifest } from './shipper-corpus.ts';
import { acrossLayouts, shipperTargetLines } from './shipper-report.ts';

/**
 * `npm run bench`: the reader benchmark of issue 2. Builds (or reuses) the seeded ~100 MB corpora
 * (general, and Security-heavy for issue 9) and the general corpus's events as each shipper writes them
 * (issue 10), runs every case in its own child pinned to one core, prints MB/s, events/s and peak RSS,
 * checks the targets of design.md and that our signals equal those of the full parse (fast-xml-parser,
 * after JSON.parse for the shippers' JSON) of the same object.
 */
type Input =
  | { corpus: 'general' | 'security-heavy'; file: 'xml' | 'gz' }
  | { corpus: ShipperCorpus; file: 'object' };
const GENERAL_XML: Input = { corpus: 'general', file: 'xml' };
const GENERAL_GZ: Input = { corpus: 'general', file: 'gz' };
const shipper = (corpus: ShipperCorpus): Input => ({ corpus, file: 'object' });

const PLAN: [CaseName, number, Input][] = [
  ['idle', 1, GENERAL_XML],
  ['gunzip', 7, GENERAL_GZ],
  ['inflate-gzip', 5, GENERAL_GZ],
  ['ours-gzip', 7, GENERAL_GZ],
  ['ours-xml', 7, GENERAL_XML],
  ['ours-memory', 7, GENERAL_XML],
  ['saxes', 3, GENERAL_XML],
  ['fxp', 3, GENERAL_XML],
  ['ours-1gb', 1, GENERAL_XML],
  ['ours-1gb-capped', 1, GENERAL_XML],
  ['ours-security', 7, { corpus: 'security-heavy', file: 'gz' }],
  ['fxp-security', 1, { corpus: 'security-heavy', file: 'xml' }],
  ['inflate-zstd', 5, shipper('xml-zstd')],
  ['ours-zstd', 7, shipper('xml-zstd')],
  ['ours-fluentbit-gzip', 7, shipper('fluentbit-gzip')],
  ['ours-fluentbit-zstd', 7, shipper('fluentbit-zstd')],
  ['fxp-fluentbit', 1, shipper('fluentbit-gzip')],
  ['ours-cloudwatch', 7, shipper('cloudwatch')],
  ['fxp-cloudwatch', 1, shipper('cloudwatch')],
  ['ours-winlogbeat', 7, shipper('winlogbeat-gzip')],
  ['fxp-winlogbeat', 1, shipper('winlogbeat-gzip')],
];
/** Cases whose signals are written to bench/.data/signals-<case>.jsonl (by their first run) and compared. */
const KEEPS_SIGNALS: ReadonlySet<CaseName> = new Set([
  'ours-gzip',
  'ours-xml',
  'fxp',
  'ours-security',
  'fxp-security',
  'ours-zstd',
  'ours-fluentbit-gzip',
  'ours-fluentbit-zstd',
  'fxp-fluentbit',
  'ours-cloudwatch',
  'fxp-cloudwatch',
  'ours-winlogbeat',
  'fxp-winlogbeat',
]);

/** A hard cap: if the reader's memory grew with the input, this case would die of heap exhaustion. */
const NODE_FLAGS: Partial<Record<CaseName, string[]>> = {
  'ours-1gb-capped': ['--max-old-space-size=32', '--max-semi-space-size=2'],
};

const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
const pinned = spawnSync('taskset', ['-c', '0', 'true']).status === 0;

function runCase(runner: string, name: CaseName, repeats: number, path: string): CaseResult {
  const signals = KEEPS_SIGNALS.has(name) ? join(DATA_DIR, `signals-${name}.jsonl`) : '-';
  const args = [...(NODE_FLAGS[name] ?? []), runner, name, path, String(repeats), signals];
  const [cmd, argv] = pinned ? ['taskset', ['-c', '0', process.execPath, ...args]] : [process.execPath, args];
  const child = spawnSync(cmd as string, argv as string[], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0)
    throw new BenchFailure(`case ${name} failed (exit ${child.status})`, {
      stderr: child.stderr.slice(-4000),
    });
  const last = child.stdout.trim().split('\n').pop() ?? '';
  return CaseResultSchema.parse(JSON.parse(last));
}

async function main(): Promise<number> {
  const started = performance.now();
  const loadBefore = load();
  const corpus = await ensureCorpus('general', console.log);
  const security = await ensureCorpus('security-heavy', console.log);
  const shippers = await ensureShipperCorpora(corpus, console.log);
  const runner = await bundleCaseRunner(DATA_DIR);
  console.log(
    `hivewatch reader bench — Node ${process.version}, ${pinned ? 'each case pinned to CPU 0 (taskset -c 0)' : 'taskset missing: cases NOT pinned'}`,
  );
  console.log(`corpus: ${describeCorpus(corpus)}`);
  console.log(`Security-heavy corpus (cases g, g'): ${describeCorpus(security)}`);
  console.log(`the general corpus's events as shippers write them (cases h–l):`);
  for (const m of Object.values(shippers)) console.log(`  ${describeShipperCorpus(m)}`);
  console.log('');
  const results = new Map<CaseName, CaseResult>();
  for (const [name, repeats, input] of PLAN) {
    let path: string;
    let xmlBytes: number | undefined;
    if (input.file === 'object') {
      const m = shippers[input.corpus];
      path = m.path;
      xmlBytes = m.xmlBytes;
    } else {
      const c = input.corpus === 'general' ? corpus : security;
      path = input.file === 'xml' ? c.xmlPath : c.gzPath;
    }
    const result = runCase(runner, name, repeats, path);
    results.set(name, xmlBytes === undefined ? result : { ...result, xmlBytes });
    process.stdout.write(`  ran ${name}\n`);
  }
  console.log(`\n${caseTable([...results.values()])}\n`);
  console.log(
    'MB = 10^6 bytes of the object after decompression (XML for a to g, h; JSON for i to l); "XML MB/s" counts only the\n' +
      'event XML the object carries (escapes undone), per CPU second. "MB/s cpu" = per CPU second of the case process, best run: what one idle core\n' +
      'delivers, and the figure the targets use; "wall" = elapsed time, best and median run (slowed by other work on the machine).\n' +
      "events/s per CPU second, best run. Peak RSS = VmHWM of the case process over all its runs (b' holds the whole file in memory).\n" +
      'Cases a to c, g to l write their signals to a file (JSON lines) in their first run only and hold none: the best run is\n' +
      'reading + signal extraction; the 1 GB cases count signals without writing them.',
  );
  console.log(
    `load average before / after: ${loadBefore} / ${load()} on ${cpus().length} CPUs (other work on the machine slows the median runs)`,
  );
  console.log(referenceLine(results));
  const { lines, allMet: xmlMet } = targetLines(results);
  const shipperTargets = shipperTargetLines(results);
  const allMet = xmlMet && shipperTargets.allMet;
  console.log(`\ntargets (design.md):\n${[...lines, ...shipperTargets.lines].join('\n')}`);
  const checks = [
    checkSignals(results, corpus.roles, 'fxp', [
      ['a', 'ours-gzip'],
      ['b', 'ours-xml'],
      ['h', 'ours-zstd'],
    ]),
    checkSignals(results, security.roles, 'fxp-security', [['g', 'ours-security']]),
    checkSignals(results, shippers['fluentbit-gzip'].roles, 'fxp-fluentbit', [
      ['i', 'ours-fluentbit-gzip'],
      ['j', 'ours-fluentbit-zstd'],
    ]),
    checkSignals(results, shippers.cloudwatch.roles, 'fxp-cloudwatch', [['k', 'ours-cloudwatch']]),
    checkSignals(results, shippers['winlogbeat-gzip'].roles, 'fxp-winlogbeat', [['l', 'ours-winlogbeat']]),
  ];
  const ok = checks.every(Boolean);
  compareLayouts(results);
  console.log(
    `\n${allMet ? 'all targets met' : 'some targets missed'}; signals ${ok ? 'match' : 'DIFFER'}; ${((performance.now() - started) / 1000).toFixed(0)} s in all`,
  );
  return ok ? 0 : 1;
}

function describeCorpus(c: CorpusManifest): string {
  const r = c.roles;
  const signals = r.leak + r.failure + r.restart + r.logon + r.logoff;
  const pct = (n: number) => `${((n / c.events) * 100).toFixed(2)}%`;
  return (
    `${(c.bytes / 1e6).toFixed(1)} MB XML, ${(c.gzBytes / 1e6).toFixed(1)} MB gzip, ${c.events} events ` +
    `(${c.prettyEvents} pretty-printed); signal events by the generator: ${signals} = ${pct(signals)} ` +
    `(${r.leak} leak, ${r.failure} failure, ${r.restart} restart, ${r.logon} logon, ${r.logoff} logoff), ` +
    `${r['near-miss']} near-misses = ${pct(r['near-miss'])}; ${c.mix} mix, generator v${c.generatorVersion}`
  );
}

function describeShipperCorpus(m: ShipperManifest): string {
  return (
    `${m.corpus}: ${(m.storedBytes / 1e6).toFixed(1)} MB stored in ${m.members} ${m.members === 1 ? 'unit' : 'gzip members / zstd frames'}, ` +
    `${(m.bytes / 1e6).toFixed(1)} MB after decompression carrying ${(m.xmlBytes / 1e6).toFixed(1)} MB of event XML, ${m.events} events`
  );
}

/** The shippers' full parses beside the XML corpus's: the same events in another layout. */
function compareLayouts(results: Map<CaseName, CaseResult>): void {
  const path = (n: CaseName) => join(DATA_DIR, `signals-${n}.jsonl`);
  const layouts: CaseName[] = ['fxp-fluentbit', 'fxp-cloudwatch', 'fxp-winlogbeat'];
  if (!results.has('fxp') || !existsSync(path('fxp'))) return;
  const xml = signalSet(path('fxp'));
  console.log("\nthe same events in each layout, full parse against the XML corpus's full parse (c):");
  for (const name of layouts) {
    if (!results.has(name) || !existsSync(path(name))) continue;
    console.log(`  ${LABELS[name]}: ${acrossLayouts(signalSet(path(name)), xml)}`);
  }
}

/** Our signals must equal the full parse's on the same corpus, event for event and field for field. */
function checkSignals(
  results: Map<CaseName, CaseResult>,
  roles: CorpusManifest['roles'],
  reference: CaseName,
  ours: [string, CaseName][],
): boolean {
  const path = (n: CaseName) => join(DATA_DIR, `signals-${n}.jsonl`);
  if (ours.some(([, name]) => results.get(name)?.pending) || !existsSync(path(reference))) {
    console.log('\nsignals: comparison pending (our reader has not run)');
    return true;
  }
  const full = signalSet(path(reference));
  const expected = {
    leak: roles.leak,
    failure: roles.failure,
    restart: roles.restart,
    logon: roles.logon,
    logoff: roles.logoff,
  };
  const counted = countByKind(full);
  const asMeant = (Object.keys(expected) as (keyof typeof expected)[]).every(
    (k) => expected[k] === counted[k],
  );
  console.log(`\nsignals (${LABELS[reference]}): expected by the generator ${describeKinds(expected)}`);
  console.log(
    `  full parse: ${kindCounts(full)} — ${asMeant ? 'as the generator meant' : 'NOT as the generator meant'}`,
  );
  let ok = asMeant;
  for (const [letter, name] of ours) {
    const mine = signalSet(path(name));
    const diff = compareSignals(mine, full);
    const same = diff.onlyLeft.length + diff.onlyRight.length + diff.differing.length === 0;
    console.log(
      `  ${letter}. ${name}: ${kindCounts(mine)} — ${same ? 'identical to the full parse' : 'MISMATCH'}`,
    );
    if (!same) {
      ok = false;
      console.log(
        `     only ours: ${diff.onlyLeft.length}, only full parse: ${diff.onlyRight.length}, differing: ${diff.differing.length}`,
      );
      for (const key of diff.onlyLeft.slice(0, 5)) console.log(`     only ours: ${key}`);
      for (const key of diff.onlyRight.slice(0, 5)) console.log(`     only full parse: ${key}`);
      for (const d of diff.differing.slice(0, 5)) {
        console.log(`     differs ${d.key}:`);
        for (const line of describeDifference(d.left, d.right)) console.log(`       ${line}`);
      }
    }
  }
  return ok;
}

try {
  process.exitCode = await main();
} catch (err) {
  console.error(err instanceof BenchFailure ? `${err.message}\n${String(err.context.stderr ?? '')}` : err);
  process.exitCode = 1;
}
