/** The figures and checks of `npm run reliability:load` as text: tables, then the one summary line. */
import type { FaultCheck } from './fault-checks.ts';
import type { RunResult } from './fleet-run.ts';
import type { LoadCheck } from './load-checks.ts';

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const f1 = (x: number) => x.toFixed(1);
const mb = (bytes: number) => bytes / 1e6;

export function fleetLine(run: RunResult): string {
  const objects = [...run.generated.values()];
  const firehose = objects.filter((o) => o.key.startsWith('firehose/'));
  const facts = run.facts;
  const storms = facts.incidents.filter((i) => i.storm);
  return [
    `fleet: ${facts.hosts} hosts × ${facts.hours} h (${facts.start.slice(0, 16)} → ${facts.end.slice(11, 16)}), one object per host every 5 min: ` +
      `${n(objects.length)} objects (${n(objects.length - firehose.length)} under incoming/<host>/, ${n(firehose.length)} Firehose objects carrying ${facts.shippers.cloudwatch ?? 0} hosts)`,
    `  shippers: ${Object.entries(facts.shippers)
      .map(([s, c]) => `${s} ${c}`)
      .join(', ')}`,
    `  ${f1(mb(sum(objects.map((o) => o.bytes))))} MB as shipped (${f1(mb(sum(objects.map((o) => o.rawBytes))))} MB of text), ` +
      `${n(sum(objects.map((o) => o.events)))} events, ${n(sum(objects.map((o) => o.signals)))} signals (${n(sum(objects.map((o) => o.newSignals)))} distinct)`,
    `  planted: ${facts.incidents.length} incidents (${storms.length} storms, up to ${Math.max(...storms.map((s) => s.peakPerMinute))} failures/min), ` +
      `${facts.decoys.length} decoys and reboots (${[...new Set(facts.decoys.map((d) => d.kind))].join(', ')})`,
  ].join('\n');
}

export function loadTable(run: RunResult, check: LoadCheck): string {
  const objects = [...run.generated.values()];
  const bytes = sum(objects.map((o) => o.bytes));
  const raw = sum(objects.map((o) => o.rawBytes));
  const latencies = check.incidents
    .flatMap((c) => (c.latency === undefined ? [] : [c.latency]))
    .sort((a, b) => a - b);
  const units = sum(run.usages.map((u) => u.readUnits + u.writeUnits));
  const reads = sum(run.usages.map((u) => u.readUnits));
  const peaks = run.usages.map((u) => u.peakRssMb).filter((p) => p > 0);
  const rows: [string, string][] = [
    [
      'objects ingested',
      `${n(objects.length)} in ${f1(run.seconds.ingest)} s = ${f1(objects.length / run.seconds.ingest)} objects/s`,
    ],
    [
      'throughput',
      `${(mb(bytes) / run.seconds.ingest).toFixed(2)} MB/s as shipped, ${(mb(raw) / run.seconds.ingest).toFixed(2)} MB/s of text`,
    ],
    [
      'upload → alert',
      `p50 ${f1(percentile(latencies, 0.5))} s, p99 ${f1(percentile(latencies, 0.99))} s, max ${f1(latencies.at(-1) ?? 0)} s (${latencies.length} incidents)`,
    ],
    ['function peak RSS', `${n(Math.max(...peaks))} MB (per process: ${peaks.map(n).join(', ')} MB)`],
    [
      'DynamoDB units (ingest)',
      `${n(reads)} read + ${n(units - reads)} write: ${n(units / (bytes / 1e9))} per GB shipped, ${n(units / (raw / 1e9))} per GB of text, ${f1(units / objects.length)} per object; sweeper ${n(run.sweeps.units)} (${run.sweeps.runs} sweeps)`,
    ],
    [
      'wall / CPU',
      `${f1(run.seconds.total)} s wall; CPU ${f1(run.cpuSeconds.total)} s = functions ${f1(run.cpuSeconds.functions)}, DynamoDB Local ${f1(run.cpuSeconds.dynamodb)}, fauxqs ${f1(run.cpuSeconds.fauxqs)}, driver ${f1(run.cpuSeconds.driver)} (generator thread, uploads, sweeper)`,
    ],
  ];
  return table(['figure', 'value'], rows);
}

export function incidentTable(check: LoadCheck): string {
  const rows = check.incidents.map((c) => [
    c.facts.host,
    c.facts.name,
    n(c.facts.failureCount),
    `${c.facts.firstFailureAt.slice(11, 19)}–${c.facts.lastFailureAt.slice(11, 19)}`,
    String(c.facts.clients.length),
    c.facts.status + (c.facts.causeLogoffAt ? ', logoff' : ''),
    `${c.opened}/${c.endings}`,
    c.latency === undefined ? '–' : `${f1(c.latency)} s`,
    c.matches === 1 && c.differences.length === 0
      ? 'found once'
      : `${c.matches} found: ${c.differences.join('; ')}`,
  ]);
  return table(
    [
      'host',
      'planted incident',
      'failures',
      'first–last',
      'clients',
      'status',
      'paged/ended',
      'upload→alert',
      'check',
    ],
    rows,
  );
}

export function accountingLines(check: LoadCheck): string {
  const { events, signals } = check;
  return [
    `events: generated ${n(events.generated)}, read ${n(events.read)} (from the ingest records): lost ${n(events.lost)}, extra ${n(events.extra)}, objects without a record ${events.missing.length}, objects read short ${events.mismatched.length}`,
    `signals: generated ${n(signals.generated)}, found ${n(signals.read)} (objects off: ${signals.mismatched.length}); distinct ${n(signals.distinct)}, new in the ingest records ${n(signals.counted)}`,
    `decoys: alerts ${check.decoyAlerts.length}, alertable incidents nobody planted ${check.unexpected.length}`,
    ...events.mismatched.slice(0, 5).map((m) => `  read short: ${m}`),
    ...signals.mismatched.slice(0, 5).map((m) => `  signals off: ${m}`),
    ...check.decoyAlerts.slice(0, 5).map((a) => `  decoy alert: ${a.kind} ${a.incidentId} (${a.host})`),
  ].join('\n');
}

export function faultTable(checks: readonly FaultCheck[]): string {
  const rows = checks.map((c) => [
    c.name,
    c.incidentDifferences.length === 0
      ? `identical${c.pointerDifferences.length ? '*' : ''}`
      : `${c.incidentDifferences.length} differ`,
    c.alertDifferences.length === 0
      ? `same${c.duplicateWindow.length ? ` + ${c.duplicateWindow.length} in the duplicate window` : ''}`
      : `${c.alertDifferences.length} differ`,
    c.stateDifferences === 0 ? 'identical' : `${c.stateDifferences} differ`,
    `${c.events.lost === 0 && c.events.missing.length === 0 && c.deadLetters === 0 ? 'yes' : 'NO'}${c.corrupted ? `; corrupted object reported (${c.corrupted.read} of ${c.corrupted.generated} events read)` : ''}`,
    c.converged ? 'yes' : 'NO',
  ]);
  const details = checks.flatMap((c) => [
    `${c.name}:`,
    ...c.notes.map((note) => `  ${note}`),
    ...(c.corrupted
      ? [`  ingest record of ${c.corrupted.key}: ${c.corrupted.errors} error(s), first ${c.corrupted.reason}`]
      : []),
    ...c.duplicateWindow.map((d) => `  duplicate window: ${d}`),
    ...c.pointerDifferences.map(
      (d) => `  * same facts, evidence names the other copy of an event shipped twice: ${d}`,
    ),
    ...[...c.incidentDifferences, ...c.alertDifferences].slice(0, 6).map((d) => `  differs: ${d}`),
    ...(c.events.missing.length ? [`  objects without a record: ${c.events.missing.length}`] : []),
    ...(c.deadLetters ? [`  dead letters: ${c.deadLetters}`] : []),
  ]);
  return `${table(['fault', 'incidents', 'alerts', 'host states', 'nothing lost', 'converged'], rows)}\n${details.join('\n')}`;
}

export function runLine(run: RunResult): string {
  const objects = run.generated.size;
  return `${run.name}: ${n(objects)} objects in ${f1(run.seconds.ingest)} s (${f1(objects / run.seconds.ingest)}/s), ${f1(run.seconds.total)} s wall, CPU ${f1(run.cpuSeconds.total)} s`;
}

export function summaryLine(load: LoadCheck, faults: readonly FaultCheck[]): string {
  const lost = load.events.lost;
  const converged = faults.filter((f) => f.converged).length;
  return `reliability-load: incidents found once ${load.foundOnce}/${load.incidents.length}, decoy alerts ${load.decoyAlerts.length}, events lost ${lost}, faults converged ${converged}/${faults.length}`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
