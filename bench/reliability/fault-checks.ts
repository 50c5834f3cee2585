/**
 * A fault run against the clean run of the same fleet: the same incidents field by field, the same alerts per
 * incident (a repeat counted apart when it is the documented duplicate window: a publish SNS accepted whose `sent`
 * was never recorded, sent again once the claim's lease ran out), the same host states, every object read (the
 * corrupted one reported, its loss counted), nothing left in the dead-letter queue.
 */
import { isDeepStrictEqual } from 'node:util';
import { incidentFacts } from '../../functions/alerts/stored-incident.ts';
import type { RunResult } from './fleet-run.ts';
import { alertsByIncident } from './incident-map.ts';
import { eventsOf } from './load-checks.ts';

export interface FaultCheck {
  name: string;
  notes: string[];
  incidentDifferences: string[];
  /**
   * Differences only in where an event was read (evidence `source`/`offset`): an event shipped twice (a host's shipper
   * sending its last events again after a reboot) is named by whichever copy was counted first, which the order of
   * delivery decides. Same facts; reported apart.
   */
  pointerDifferences: string[];
  alertDifferences: string[];
  /** Repeats inside the documented duplicate window: incident, kind, when. */
  duplicateWindow: string[];
  stateDifferences: number;
  events: ReturnType<typeof eventsOf>;
  deadLetters: number;
  corrupted?: { key: string; generated: number; read: number; errors: number; reason: string };
  converged: boolean;
}

export function compareWithClean(
  clean: RunResult,
  fault: RunResult,
  corrupted?: { key: string; events: number },
): FaultCheck {
  const { differences: incidentDifferences, pointers: pointerDifferences } = compareIncidents(clean, fault);
  const { differences: alertDifferences, duplicateWindow } = compareAlerts(clean, fault);
  let stateDifferences = 0;
  for (const key of new Set([...clean.stored.hostItems.keys(), ...fault.stored.hostItems.keys()])) {
    const [a, b] = [clean.stored.hostItems.get(key), fault.stored.hostItems.get(key)];
    if (a === b) continue;
    const paths = a && b ? differingPaths(JSON.parse(a), JSON.parse(b)) : ['(item)'];
    if (paths.every(isPointer)) pointerDifferences.push(`${key}: ${summarize(paths)}`);
    else stateDifferences += 1;
  }
  const events = eventsOf(fault, corrupted?.key);
  const record = corrupted ? fault.stored.records.get(corrupted.key) : undefined;
  const check: FaultCheck = {
    name: fault.name,
    notes: fault.notes,
    incidentDifferences,
    pointerDifferences,
    alertDifferences,
    duplicateWindow,
    stateDifferences,
    events,
    deadLetters: fault.deadLetters,
    ...(corrupted
      ? {
          corrupted: {
            key: corrupted.key,
            generated: corrupted.events,
            read: record?.events ?? 0,
            errors: record?.errors ?? 0,
            reason: record?.errorSamples[0]
              ? `at byte ${record.errorSamples[0].offset}: ${record.errorSamples[0].reason}`
              : 'no error reported',
          },
        }
      : {}),
    converged: false,
  };
  check.converged =
    incidentDifferences.length === 0 &&
    alertDifferences.length === 0 &&
    stateDifferences === 0 &&
    events.lost === 0 &&
    events.extra === 0 &&
    events.missing.length === 0 &&
    fault.deadLetters === 0 &&
    (!corrupted || (check.corrupted?.errors ?? 0) > 0);
  return check;
}

function compareIncidents(clean: RunResult, fault: RunResult): { differences: string[]; pointers: string[] } {
  const factsOf = (run: RunResult) =>
    new Map(
      run.stored.incidents
        .filter((i) => i.status !== 'superseded')
        .map((i) => [i.id, JSON.parse(JSON.stringify(incidentFacts(i))) as Record<string, unknown>]),
    );
  const a = factsOf(clean);
  const b = factsOf(fault);
  const differences: string[] = [];
  const pointers: string[] = [];
  for (const id of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(id);
    const y = b.get(id);
    if (!x || !y) {
      differences.push(`${id} ${x ? 'missing' : 'extra'} (${String((x ?? y)?.host)})`);
      continue;
    }
    const paths = differingPaths(x, y);
    if (paths.length === 0) continue;
    if (paths.every(isPointer)) pointers.push(`${id} (${String(x.host)}): ${summarize(paths)}`);
    else differences.push(`${id} (${String(x.host)}): ${summarize(paths.filter((p) => !isPointer(p)))}`);
  }
  return { differences, pointers };
}

/** The paths (`a.b[2].c`) where two JSON values differ. */
export function differingPaths(x: unknown, y: unknown, path = ''): string[] {
  if (isDeepStrictEqual(x, y)) return [];
  if (x && y && typeof x === 'object' && typeof y === 'object' && Array.isArray(x) === Array.isArray(y)) {
    const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
    return [...keys].flatMap((k) =>
      differingPaths(
        (x as Record<string, unknown>)[k],
        (y as Record<string, unknown>)[k],
        Array.isArray(x) ? `${path}[${k}]` : path ? `${path}.${k}` : k,
      ),
    );
  }
  return [path || '(value)'];
}

const isPointer = (path: string) => /\.(source|offset)$/.test(path);
const summarize = (paths: readonly string[]) =>
  [...new Set(paths.map((p) => p.replace(/\[\d+\]/g, '[]')))].slice(0, 4).join(', ');

function compareAlerts(
  clean: RunResult,
  fault: RunResult,
): { differences: string[]; duplicateWindow: string[] } {
  const a = alertsByIncident(clean.alerts, clean.stored.incidents);
  const b = alertsByIncident(fault.alerts, fault.stored.incidents);
  const differences: string[] = [];
  const duplicateWindow: string[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const want = a.get(key)?.length ?? 0;
    const got = b.get(key) ?? [];
    if (got.length === want) continue;
    const [id, kind] = key.split('|');
    const stored = fault.stored.incidents.find((i) => i.id === id);
    const entry = stored ? Object.values(stored.alerts).find((e) => e.kind === kind) : undefined;
    // the documented window: one notification published again after its claim expired (attempts > 1, sent once recorded)
    if (want === 1 && got.length === 2 && entry?.state === 'sent' && entry.attempts > 1) {
      const times = got.map((g) => new Date(g.publishedAt).toISOString().slice(11, 19));
      duplicateWindow.push(
        `${id} ${kind} (${stored?.host}): sent at ${times[0]} and again at ${times[1]} (real time)`,
      );
    } else differences.push(`${id} ${kind}: ${got.length} alerts, clean run ${want}`);
  }
  return { differences, duplicateWindow };
}
