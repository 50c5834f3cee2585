import type { StormFacts } from '../samples/storm-scenario.ts';
import type { InvocationResult } from './storm-processes.ts';

/** One object's ingestion, with the server's stored history (failures already ingested) when it began. */
export interface Invocation extends InvocationResult {
  failures: number;
  history: number;
  /** A second delivery of the same object. */
  again: boolean;
}

export interface StormRun {
  storm: { hours: number };
  facts: StormFacts;
  invocations: Invocation[];
  functionPeakRssMb: number;
  alerts: number;
  stored: Record<string, unknown> | undefined;
  scanned: {
    document: { incidents: Record<string, unknown>[] };
    seconds: number;
    peakRssMb: number;
    xmlBytes?: number;
  };
}

/** us-east-1 on-demand prices (issue 8): per million read and write request units. */
const READ_PRICE = 0.125;
const WRITE_PRICE = 0.625;
/** The fields of the result document that must be equal (design.md's incident, with the cause and resolution). */
const COMPARED = [
  'id',
  'host',
  'process',
  'pid',
  'sid',
  'leakAt',
  'firstFailureAt',
  'lastFailureAt',
  'failureCount',
  'clients',
  'clsids',
  'status',
  'cause',
] as const;

export function stormReport(run: StormRun): string {
  const lines: string[] = [];
  const clientObjects = run.invocations.filter((i) => i.failures > 0 && !i.again);
  const deciles = decilesOf(clientObjects);
  lines.push('', 'per client object (1,500 failures each), by deciles of the server’s stored history:');
  lines.push('decile  history (failures stored)   CPU ms  wall ms  read units  write units');
  for (const [n, d] of deciles.entries()) {
    lines.push(
      `${String(n + 1).padStart(6)}  ${`${fmt(d.from)}–${fmt(d.to)}`.padEnd(26)} ${d.cpu.toFixed(0).padStart(7)} ${d.ms.toFixed(0).padStart(8)} ${d.reads.toFixed(1).padStart(11)} ${d.writes.toFixed(1).padStart(12)}`,
    );
  }
  const first = deciles[0];
  const last = deciles[deciles.length - 1];
  const cpuRatio = first && last ? last.cpu / first.cpu : Number.NaN;
  const wallRatio = first && last ? last.ms / first.ms : Number.NaN;
  const unitRatio = first && last ? (last.reads + last.writes) / (first.reads + first.writes) : Number.NaN;
  // the function's own CPU and its DynamoDB units: what grows with history if anything does (the wall time on a
  // shared machine also carries whatever else runs, and DynamoDB Local's own time)
  const ratio = Math.max(cpuRatio, unitRatio);
  lines.push(
    `last / first decile: CPU ${cpuRatio.toFixed(2)}, units ${unitRatio.toFixed(2)} (target ≤ 1.3); wall ${wallRatio.toFixed(2)}`,
  );

  const reads = sum(run.invocations.map((i) => i.readUnits));
  const writes = sum(run.invocations.map((i) => i.writeUnits));
  const perDay = 24 / run.storm.hours;
  const dollars = ((reads * READ_PRICE + writes * WRITE_PRICE) / 1e6) * perDay;
  const failed = sum(run.invocations.map((i) => i.failed));
  lines.push(
    '',
    `objects ingested: ${run.invocations.length} (${run.invocations.filter((i) => i.again).length} delivered twice, ${failed} failed)`,
    `DynamoDB units per object: ${(reads / run.invocations.length).toFixed(1)} read, ${(writes / run.invocations.length).toFixed(1)} write`,
    `per storm-day: ${fmt(reads * perDay)} read units, ${fmt(writes * perDay)} write units = $${dollars.toFixed(3)} on demand (target < $0.50)`,
    `function peak RSS: ${run.functionPeakRssMb.toFixed(0)} MB (target < 256)`,
  );

  const scannedIncident = run.scanned.document.incidents[0];
  const differences = COMPARED.filter(
    (field) => JSON.stringify(run.stored?.[field]) !== JSON.stringify(scannedIncident?.[field]),
  );
  const equal =
    run.stored !== undefined && run.scanned.document.incidents.length === 1 && differences.length === 0;
  const countsOk = run.stored?.failureCount === run.facts.failures;
  lines.push(
    `stored incident equals hivewatch scan --json: ${equal ? 'yes' : `no (${differences.join(', ') || 'missing'})`}; ` +
      `failures ${fmt(Number(run.stored?.failureCount ?? 0))} of ${fmt(run.facts.failures)} generated${countsOk ? '' : ' — MISMATCH'}`,
    `alerts sent: ${run.alerts}`,
    `hivewatch scan on the same objects: ${run.scanned.seconds.toFixed(1)} s${run.scanned.xmlBytes ? `, ${(run.scanned.xmlBytes / 1e6 / run.scanned.seconds).toFixed(0)} MB/s of XML` : ''}, peak RSS ${run.scanned.peakRssMb.toFixed(0)} MB (target < 512)`,
    '',
    `storm: decile ratio ${ratio.toFixed(2)}, peak RSS ${run.functionPeakRssMb.toFixed(0)} MB, $${dollars.toFixed(2)} per storm-day, equals scan: ${equal && countsOk ? 'yes' : 'no'}, alerts sent: ${run.alerts}, scan RSS ${run.scanned.peakRssMb.toFixed(0)} MB`,
  );
  return lines.join('\n');
}

interface Decile {
  from: number;
  to: number;
  cpu: number;
  ms: number;
  reads: number;
  writes: number;
}

function decilesOf(invocations: readonly Invocation[]): Decile[] {
  const ordered = [...invocations].sort((a, b) => a.history - b.history);
  const size = Math.max(1, Math.floor(ordered.length / 10));
  const deciles: Decile[] = [];
  for (let d = 0; d < 10 && d * size < ordered.length; d++) {
    const part = ordered.slice(d * size, d === 9 ? ordered.length : (d + 1) * size);
    deciles.push({
      from: part[0]?.history ?? 0,
      to: part[part.length - 1]?.history ?? 0,
      cpu: median(part.map((i) => i.cpuMs)),
      ms: median(part.map((i) => i.ms)),
      reads: mean(part.map((i) => i.readUnits)),
      writes: mean(part.map((i) => i.writeUnits)),
    });
  }
  return deciles;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const mean = (xs: readonly number[]) => (xs.length ? sum(xs) / xs.length : 0);
function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
