import { canonical, pad, TARGETS, verdict } from './bench-report.ts';
import { type CaseName, type CaseResult, mbPerSecond, xmlMbPerSecond } from './case-result.ts';

/**
 * The targets of design.md for the shipper layouts: each read at ≥ 300 MB/s from gzip on one core
 * (≥ 600 from zstd) in < 128 MB, where MB/s counts the object's bytes after decompression (the JSON
 * itself); the event XML they carry is shown beside.
 */
const SHIPPER_CASES: [CaseName, number][] = [
  ['ours-zstd', TARGETS.zstdMbPerSecond],
  ['ours-fluentbit-gzip', TARGETS.gzipMbPerSecond],
  ['ours-fluentbit-zstd', TARGETS.zstdMbPerSecond],
  ['ours-cloudwatch', TARGETS.gzipMbPerSecond],
  ['ours-winlogbeat', TARGETS.gzipMbPerSecond],
];

const WHAT: Partial<Record<CaseName, string>> = {
  'ours-zstd': 'corpus as zstd (h)',
  'ours-fluentbit-gzip': 'Fluent Bit JSON, gzip (i)',
  'ours-fluentbit-zstd': 'Fluent Bit JSON, zstd (j)',
  'ours-cloudwatch': 'CloudWatch as sent (k)',
  'ours-winlogbeat': 'Winlogbeat, gzip (l)',
};

export function shipperTargetLines(by: Map<CaseName, CaseResult>): { lines: string[]; allMet: boolean } {
  const lines: string[] = [];
  let allMet = true;
  for (const [name, target] of SHIPPER_CASES) {
    const r = by.get(name);
    if (!r || r.pending) continue;
    const rate = mbPerSecond(r);
    const fast = rate >= target;
    const small = r.peakRssMb < TARGETS.peakRssMb;
    allMet &&= fast && small;
    const what = WHAT[name] as string;
    lines.push(
      `${verdict(fast)}  ${pad(`${what} ≥ ${target} MB/s`, 44)} ${rate.toFixed(0)} MB/s of the object after decompression ` +
        `(${xmlMbPerSecond(r).toFixed(0)} MB/s of event XML) per CPU second, best run ` +
        `(wall: best ${mbPerSecond(r, 'best').toFixed(0)}, median ${mbPerSecond(r, 'median').toFixed(0)})`,
      `${verdict(small)}  ${pad(`${what} peak RSS < ${TARGETS.peakRssMb} MB`, 44)} ${r.peakRssMb.toFixed(1)} MB`,
    );
  }
  return { lines, allMet };
}

/** A signal (canonical JSON) without its offset, which depends on the layout. */
function withoutOffset(value: string): string {
  const signal = JSON.parse(value) as { evidence: Record<string, unknown> };
  const { offset: _, ...evidence } = signal.evidence;
  return canonical({ ...signal, evidence });
}

/**
 * How a layout's full parse compares with the XML corpus's, signal by signal but for the offsets: the
 * same events, so the same signals, unless the layout carries another text (a message beside the XML).
 */
export function acrossLayouts(layout: Map<string, string>, xml: Map<string, string>): string {
  let same = 0;
  let differing = 0;
  let missing = 0;
  for (const [key, value] of xml) {
    const other = layout.get(key);
    if (other === undefined) missing++;
    else if (withoutOffset(other) === withoutOffset(value)) same++;
    else differing++;
  }
  const extra = [...layout.keys()].filter((key) => !xml.has(key)).length;
  return `${same} identical but for the offset, ${differing} differing, ${missing} missing, ${extra} more`;
}
