import type { CaseRow } from './case-row.ts';
import type { FuzzPlan, FuzzRun } from './fuzz-run.ts';

/** A Markdown cell: outside code spans markup is escaped (a viewer would render `<b>`, strip `<script>`). */
const cell = (text: string) =>
  text
    .split('`')
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part
            .replace(/</g, '&lt;')
            .replace(/>/g, '&gt;')
            .replace(/([*_])/g, '\\$1'),
    )
    .join('`')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ');

/** The catalogue as a Markdown table: case, input, expected, observed, pass; what disagreed under it. */
export function catalogueTable(rows: readonly CaseRow[]): string {
  const lines = [
    '| # | case | input | expected | observed | pass |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      (r, i) =>
        `| ${i + 1} | \`${r.name}\` | ${cell(r.input)} | ${cell(r.expected)} | ${cell(r.observed)} | ${r.pass ? 'yes' : r.known ? '**NO** (known)' : '**NO**'} |`,
    ),
  ];
  const failed = rows.filter((r) => !r.pass);
  if (failed.length > 0) {
    lines.push('', 'Not as expected:');
    for (const r of failed) {
      lines.push(`- ${r.name}: ${r.misses.join('; ')}`);
      if (r.known) lines.push(`  known defect: ${r.known}`);
    }
  }
  return lines.join('\n');
}

/** Heap growth of one worker over its run: the last sample after a full GC minus the first after warm-up (MB). */
export function heapGrowth(samples: readonly number[]): number {
  const base = samples[1] ?? samples[0] ?? 0;
  return (samples.at(-1) ?? base) - base;
}

/** The fuzz run in a few lines, and whether it held: every case read, no failure, no hang, a flat heap. */
export function fuzzReport(plan: FuzzPlan, run: FuzzRun, flatMb: number): { lines: string[]; ok: boolean } {
  const lines: string[] = [];
  const perSecond = run.cases / (run.ms / 1000);
  lines.push(
    `fuzz: ${run.cases} cases in ${(run.ms / 1000).toFixed(1)} s (${perSecond.toFixed(0)} cases/s, ${plan.workers} worker threads, seed ${plan.seed}); per-case limit ${plan.caseLimitMs} ms, hang after ${plan.hangMs / 1000} s`,
  );
  for (const w of run.workers) {
    const p = w.percentiles;
    lines.push(
      `  seed ${w.seed}: ${w.cases} cases, p50 ${p.p50.toFixed(2)} ms, p99 ${p.p99.toFixed(1)} ms, p99.9 ${p.p999.toFixed(0)} ms, max ${p.max.toFixed(0)} ms; heap after GC ${w.heapMb.map((h) => h.toFixed(1)).join(' → ')} MB (growth ${heapGrowth(w.heapMb).toFixed(1)} MB)`,
    );
    lines.push(`    slowest: ${w.slowest.map((s) => `${s.ms.toFixed(0)} ms ${s.origin}`).join(' | ')}`);
    if (w.failure)
      lines.push(
        `  FAILED (seed ${w.seed}, path ${w.failure.path}): ${w.failure.error}`,
        `    input ${w.failure.origin}, ${w.failure.bytes} bytes: ${w.failure.counterexample}`,
      );
  }
  for (const h of run.hangs)
    lines.push(`  HUNG: seed ${h.seed}, case ${h.caseIndex}, ended after ${(h.stuckMs / 1000).toFixed(1)} s`);
  const growing = run.workers.filter((w) => heapGrowth(w.heapMb) > flatMb);
  for (const w of growing)
    lines.push(`  HEAP GREW: seed ${w.seed}, ${heapGrowth(w.heapMb).toFixed(1)} MB > ${flatMb} MB`);
  const ok =
    run.cases >= plan.cases &&
    run.hangs.length === 0 &&
    run.workers.every((w) => !w.failure) &&
    growing.length === 0;
  return { lines, ok };
}
