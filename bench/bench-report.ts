import { readFileSync } from 'node:fs';
import { eventKey, type Signal, type SignalKind } from '../functions/signals/signal.ts';
import { type CaseName, type CaseResult, mbPerSecond, xmlMbPerSecond } from './case-result.ts';

/** The printed table, the targets of design.md, and the signal comparison with the full parse. */
export const TARGETS = { gzipMbPerSecond: 300, zstdMbPerSecond: 600, ratioToFxp: 15, peakRssMb: 128 };

export const LABELS: Record<CaseName, string> = {
  'ours-gzip': 'a. ours, streamed from .gz',
  'ours-xml': 'b. ours, streamed from .xml',
  'ours-memory': "b'. ours, file already in memory",
  fxp: 'c. fast-xml-parser per event',
  saxes: 'd. saxes streaming',
  gunzip: 'e. gunzip alone',
  'ours-1gb': 'f. ours, 1 GB lazy stream (.xml x10)',
  'ours-1gb-capped': "f'. same, V8 heap capped (32 MB old space)",
  'ours-security': 'g. ours, Security-heavy corpus from .gz',
  'fxp-security': "g'. fast-xml-parser, Security-heavy",
  idle: '   node + bundle, no work',
  'inflate-gzip': "e'. our inflate layer alone, .gz",
  'inflate-zstd': "e''. our inflate layer alone, .zst",
  'ours-zstd': 'h. ours, corpus as zstd (.zst)',
  'ours-fluentbit-gzip': 'i. ours, Fluent Bit JSON lines, gzip',
  'ours-fluentbit-zstd': 'j. ours, Fluent Bit JSON lines, zstd',
  'fxp-fluentbit': "i'. full parse, Fluent Bit JSON lines",
  'ours-cloudwatch': 'k. ours, CloudWatch→Firehose as sent',
  'fxp-cloudwatch': "k'. full parse, CloudWatch envelopes",
  'ours-winlogbeat': 'l. ours, Winlogbeat NDJSON, gzip',
  'fxp-winlogbeat': "l'. full parse, Winlogbeat NDJSON",
};

export function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

export function caseTable(results: CaseResult[]): string {
  const head =
    `${pad('case', 40)}${pad('MB/s cpu', 9, true)}${pad('XML MB/s', 9, true)}${pad('wall best', 10, true)}${pad('median', 8, true)}` +
    `${pad('events/s', 10, true)}${pad('peak RSS MB', 12, true)}${pad('runs', 5, true)}  events / decoded / errors / signals`;
  const rows = results.map((r) => {
    if (r.pending) return `${pad(LABELS[r.name], 40)}${pad('pending: reader not written yet', 40, true)}`;
    const rate = (of: 'cpu' | 'best' | 'median') => (r.bytes ? mbPerSecond(r, of).toFixed(0) : '-');
    const xml = r.events && r.xmlBytes !== undefined ? xmlMbPerSecond(r).toFixed(0) : '-';
    const eps = r.events ? Math.round(r.events / Math.min(...r.cpuSeconds)).toLocaleString('en-US') : '-';
    const counts = r.events
      ? `${r.events} / ${r.decoded} / ${r.errors} / ${r.signals}`
      : r.bytes
        ? `${r.bytes} bytes`
        : '';
    return (
      `${pad(LABELS[r.name], 40)}${pad(rate('cpu'), 9, true)}${pad(xml, 9, true)}${pad(rate('best'), 10, true)}${pad(rate('median'), 8, true)}` +
      `${pad(eps, 10, true)}${pad(r.peakRssMb.toFixed(1), 12, true)}${pad(String(r.seconds.length), 5, true)}  ${counts}`
    );
  });
  return [head, '-'.repeat(head.length), ...rows].join('\n');
}

export function verdict(ok: boolean): string {
  return ok ? 'PASS' : 'MISS';
}

export function targetLines(by: Map<CaseName, CaseResult>): { lines: string[]; allMet: boolean } {
  const a = by.get('ours-gzip');
  const b = by.get('ours-xml');
  const c = by.get('fxp');
  const g = by.get('ours-security');
  if (!a || !b || !c || a.pending || b.pending)
    return { lines: ['targets: pending (our reader has not run)'], allMet: false };
  const ratioA = mbPerSecond(a) / mbPerSecond(c);
  const ratioB = mbPerSecond(b) / mbPerSecond(c);
  const rss = Math.max(
    ...['ours-gzip', 'ours-xml', 'ours-1gb', 'ours-1gb-capped'].map(
      (n) => by.get(n as CaseName)?.peakRssMb ?? 0,
    ),
  );
  const wall = (r: CaseResult) =>
    `${mbPerSecond(r).toFixed(0)} MB/s per CPU second, best run (wall: best ${mbPerSecond(r, 'best').toFixed(0)}, median ${mbPerSecond(r, 'median').toFixed(0)})`;
  /** [what, measured, met — or undefined for a figure shown without a target] */
  const checks: [string, string, boolean | undefined][] = [
    [`ours from gzip ≥ ${TARGETS.gzipMbPerSecond} MB/s`, wall(a), mbPerSecond(a) >= TARGETS.gzipMbPerSecond],
    [
      `ours(a) / fast-xml-parser ≥ ${TARGETS.ratioToFxp}×`,
      `${ratioA.toFixed(1)}×`,
      ratioA >= TARGETS.ratioToFxp,
    ],
    [`ours(b) / fast-xml-parser (uncompressed)`, `${ratioB.toFixed(1)}×`, undefined],
    [`peak RSS of our cases < ${TARGETS.peakRssMb} MB`, `${rss.toFixed(1)} MB`, rss < TARGETS.peakRssMb],
  ];
  if (g && !g.pending) {
    checks.push(
      [
        `Security-heavy from gzip ≥ ${TARGETS.gzipMbPerSecond} MB/s`,
        wall(g),
        mbPerSecond(g) >= TARGETS.gzipMbPerSecond,
      ],
      [
        `Security-heavy peak RSS < ${TARGETS.peakRssMb} MB`,
        `${g.peakRssMb.toFixed(1)} MB`,
        g.peakRssMb < TARGETS.peakRssMb,
      ],
    );
  }
  return {
    lines: checks.map(
      ([what, got, ok]) => `${ok === undefined ? '    ' : verdict(ok)}  ${pad(what, 44)} ${got}`,
    ),
    allMet: checks.every(([, , ok]) => ok !== false),
  };
}

export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Signals (JSON lines, as bench-case writes them) keyed by event identity + kind; the value is the whole signal, canonicalised. */
export function signalSet(path: string): Map<string, string> {
  const set = new Map<string, string>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line) continue;
    const s = JSON.parse(line) as Signal;
    set.set(`${eventKey(s)}|${s.kind}`, canonical(s));
  }
  return set;
}

export interface SignalDiff {
  onlyLeft: string[];
  onlyRight: string[];
  differing: { key: string; left: string; right: string }[];
}

export function compareSignals(left: Map<string, string>, right: Map<string, string>): SignalDiff {
  const diff: SignalDiff = { onlyLeft: [], onlyRight: [], differing: [] };
  for (const [key, value] of left) {
    const other = right.get(key);
    if (other === undefined) diff.onlyLeft.push(key);
    else if (other !== value) diff.differing.push({ key, left: value, right: other });
  }
  for (const key of right.keys()) if (!left.has(key)) diff.onlyRight.push(key);
  return diff;
}

const KINDS: readonly SignalKind[] = ['leak', 'failure', 'restart', 'logon', 'logoff'];

/** How many signals of each kind a set holds. */
export function countByKind(set: Map<string, string>): Record<SignalKind, number> {
  const counts = Object.fromEntries(KINDS.map((kind) => [kind, 0])) as Record<SignalKind, number>;
  for (const key of set.keys()) {
    const kind = key.slice(key.lastIndexOf('|') + 1) as SignalKind;
    counts[kind]++;
  }
  return counts;
}

export function describeKinds(counts: Record<SignalKind, number>): string {
  return KINDS.map((kind) => `${counts[kind]} ${kind}`).join(', ');
}

export function kindCounts(set: Map<string, string>): string {
  return `${set.size} signals (${describeKinds(countByKind(set))})`;
}

/** Which fields of two canonical signals differ, each shown around its first differing character. */
export function describeDifference(left: string, right: string): string[] {
  const a = JSON.parse(left) as Record<string, unknown>;
  const b = JSON.parse(right) as Record<string, unknown>;
  const lines: string[] = [];
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = JSON.stringify(a[key]) ?? 'undefined';
    const y = JSON.stringify(b[key]) ?? 'undefined';
    if (x === y) continue;
    let at = 0;
    while (at < x.length && x[at] === y[at]) at++;
    const from = Math.max(0, at - 30);
    lines.push(
      `${key} differs at character ${at}: ours …${x.slice(from, at + 40)}… full parse …${y.slice(from, at + 40)}…`,
    );
  }
  return lines;
}

/** What design.md measured for the reference cases on this machine (MB/s), by a method it does not state. */
const DESIGN_REFERENCE: Partial<Record<CaseName, number>> = { fxp: 18, saxes: 100, gunzip: 720 };

/** The reference cases beside design.md's figures, so a reader can tell a slow machine from a slow reader. */
export function referenceLine(by: Map<CaseName, CaseResult>): string {
  const parts: string[] = [];
  for (const [name, ref] of Object.entries(DESIGN_REFERENCE) as [CaseName, number][]) {
    const r = by.get(name);
    if (r) parts.push(`${name} ${mbPerSecond(r).toFixed(0)} (design.md ~${ref})`);
  }
  return `reference cases, MB/s per CPU second: ${parts.join(', ')}`;
}
