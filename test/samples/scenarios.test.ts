import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventTimeToMs } from '../../functions/reader/event-time.ts';
import { readSignals } from '../../functions/signals/read-signals.ts';
import { type ActivationFailure, eventKey, type HiveLeak } from '../../functions/signals/signal.ts';
import {
  GOLDEN_SCENARIO,
  MORNING_SCENARIO,
  writeGoldenScenario,
  writeMorningScenario,
} from '../../samples/scenarios.ts';

const dirs: string[] = [];
async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hivewatch-scenario-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

interface ScenarioRead {
  files: { path: string; shape: string; encoding: string; compressed: boolean; errors: number }[];
  events: number;
  leaks: HiveLeak[];
  failures: ActivationFailure[];
}

/** Reads every file with the real reader, keeping each event's signals once (duplicate identity). */
async function readScenario(dir: string, paths: string[]): Promise<ScenarioRead> {
  const seen = new Set<string>();
  const out: ScenarioRead = { files: [], events: 0, leaks: [], failures: [] };
  for (const path of paths) {
    const read = await readSignals(await readFile(join(dir, path)), { name: path });
    const { shape, encoding, compressed } = read.stats;
    out.files.push({ path, shape, encoding, compressed, errors: read.errors.length });
    out.events += read.stats.events;
    for (const signal of read.signals) {
      const key = eventKey(signal);
      if (seen.has(key)) continue;
      seen.add(key);
      if (signal.kind === 'leak') out.leaks.push(signal);
      else if (signal.kind === 'failure') out.failures.push(signal);
    }
  }
  return out;
}

/** The precedes clause with its defaults (skew 5 min, window 7 days), applied to the first leak of a host. */
function incidentOn(read: ScenarioRead, host: string) {
  const leaks = read.leaks.filter((l) => l.host === host).sort((a, b) => a.time.localeCompare(b.time));
  const leak = leaks[0];
  if (!leak) return undefined;
  const t0 = eventTimeToMs(leak.time);
  const failures = read.failures
    .filter((f) => f.host === host)
    .filter((f) => eventTimeToMs(f.time) >= t0 - 5 * 60_000 && eventTimeToMs(f.time) <= t0 + 7 * 86_400_000)
    .sort((a, b) => a.time.localeCompare(b.time));
  if (failures.length === 0) return undefined;
  return {
    host,
    hostFqdn: leak.hostFqdn,
    process: leak.processes[0]?.name,
    pid: leak.processes[0]?.pid,
    path: leak.processes[0]?.path,
    sid: leak.sid,
    leakAt: leak.time,
    firstFailureAt: failures[0]?.time,
    lastFailureAt: failures.at(-1)?.time,
    failureCount: failures.length,
    clients: [...new Set(failures.map((f) => f.reporter).filter((r) => r !== host))].sort(),
    clsids: [...new Set(failures.flatMap((f) => (f.clsid ? [f.clsid] : [])))],
  };
}

async function sameBytes(write: (dir: string) => Promise<string[]>): Promise<void> {
  const [a, b] = [await freshDir(), await freshDir()];
  const first = await write(a);
  const second = await write(b);
  expect(second).toEqual(first);
  for (const path of first) expect(await readFile(join(b, path))).toEqual(await readFile(join(a, path)));
}

describe('the scenario generators are deterministic', () => {
  it('the morning scenario writes the same bytes twice', () => sameBytes(writeMorningScenario));
  it('the golden scenario writes the same bytes twice', () => sameBytes(writeGoldenScenario));
});

describe('the morning scenario (npm start)', async () => {
  const dir = await freshDir();
  const paths = await writeMorningScenario(dir);
  const read = await readScenario(dir, paths);

  it('is laid out per host as the shipper uploads: <host>/<yyyy>/<mm>/<dd>/<name>', () => {
    expect(paths).toHaveLength(MORNING_SCENARIO.files);
    for (const path of paths) expect(path).toMatch(/^[a-z0-9-]+\/2026\/11\/17\/[\w-]+\.xml(\.gz)?$/);
    expect([...new Set(paths.map((p) => p.split('/')[0]))].sort()).toEqual(MORNING_SCENARIO.hosts);
  });

  it('mixes gzip and plain files, one of them UTF-16LE, and every file reads without error', () => {
    expect(read.files.every((f) => f.errors === 0)).toBe(true);
    expect(read.files.some((f) => f.compressed)).toBe(true);
    expect(read.files.some((f) => !f.compressed)).toBe(true);
    expect(read.files.filter((f) => f.encoding === 'utf-16le')).toHaveLength(1);
    expect(read.events).toBe(MORNING_SCENARIO.events);
  });

  it('holds exactly one incident, with the exported facts', () => {
    const hosts = [...new Set(read.leaks.map((l) => l.host))];
    const incidents = hosts.flatMap((h) => incidentOn(read, h) ?? []);
    expect(incidents).toHaveLength(MORNING_SCENARIO.incidents);
    expect(incidents[0]).toEqual(MORNING_SCENARIO.incident);
    expect(read.leaks.map((l) => [l.time, l.hive])).toEqual([
      [MORNING_SCENARIO.incident.leakAt, 'user'],
      [MORNING_SCENARIO.classesLeakAt, 'classes'],
    ]);
  });

  it('names the server in mixed forms (NetBIOS, FQDN, \\\\NAME)', () => {
    const named = new Set(read.failures.map((f) => f.hostAsNamed));
    expect(named).toEqual(
      new Set(['APP01', 'app01.corp.example.net', '\\\\APP01', 'APP01.corp.example.net']),
    );
  });
});

describe('the golden scenario', async () => {
  const dir = await freshDir();
  const paths = await writeGoldenScenario(dir);
  const read = await readScenario(dir, paths);

  it('has every producer shape and encoding, and every file reads without error', () => {
    expect(paths).toHaveLength(GOLDEN_SCENARIO.files);
    expect(read.files.every((f) => f.errors === 0)).toBe(true);
    expect(new Set(read.files.map((f) => f.shape))).toEqual(new Set(['xml', 'json-lines']));
    expect(new Set(read.files.map((f) => f.encoding))).toEqual(new Set(['utf-8', 'utf-16le', 'utf-16be']));
    expect(read.events).toBe(GOLDEN_SCENARIO.events);
  });

  it('holds the two incidents it exports, and no other', () => {
    const hosts = [...new Set(read.leaks.map((l) => l.host))].sort();
    const incidents = hosts.flatMap((h) => incidentOn(read, h) ?? []);
    expect(incidents).toEqual(GOLDEN_SCENARIO.incidents);
    expect(read.leaks.find((l) => l.hive === 'classes')?.time).toBe(GOLDEN_SCENARIO.classesLeakAt);
  });

  it('carries its decoys: a late-clock client, failures naming hosts with no leak, a failure long before a leak', () => {
    const late = read.failures.find((f) => f.time === GOLDEN_SCENARIO.lateClockFailureAt);
    expect(late?.reporter).toBe('pc-fin-07');
    expect(read.failures.some((f) => f.host === 'app09')).toBe(true);
    expect(read.failures.some((f) => f.host === 'batch01')).toBe(true);
    expect(
      read.failures.some((f) => f.host === 'iis01' && f.time < GOLDEN_SCENARIO.incidents[1].leakAt),
    ).toBe(true);
    expect(read.leaks.every((l) => l.host === 'app01' || l.host === 'iis01')).toBe(true);
  });
});
