import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EventSpec } from '../../samples/event-spec.ts';
import { systemTime } from '../../samples/event-spec.ts';
import { noiseEvent } from '../../samples/noise-events.ts';
import { renderFile } from '../../samples/render-events.ts';
import { seededRandom } from '../../samples/seeded-random.ts';
import { complusError, dcom10006, hiveLeak1530 } from '../../samples/windows-events.ts';

/** One S3 object of a scenario: its key under incoming/ and its (gzip) bytes. */
export interface ScenarioObject {
  readonly key: string;
  readonly body: Buffer;
}

export const CLSID = '{4E14FBA2-2E22-11D1-9964-00C04FBBB345}';
const SID = 'S-1-5-21-3623811015-3361044348-30300820-1104';
const MINUTE = 60_000;

/**
 * A small morning on one COM+ server and three clients: the 1530 pair (user + _Classes) naming dllhost.exe
 * at `leakAt`, then a COM+ error on the server and DCOM 10006 on the clients, among ordinary noise.
 * Each host's log is cut into two objects (before and after `leakAt + 40 min`), as a shipper would.
 */
export function morningObjects(
  options: { leakAt?: number; server?: string; seed?: number } = {},
): ScenarioObject[] {
  const leakAt = options.leakAt ?? Date.parse('2026-11-17T06:12:00Z');
  const server = options.server ?? 'app01';
  const fqdn = `${server.toUpperCase()}.corp.example.net`;
  const rng = seededRandom(options.seed ?? 7);
  const hosts: Record<string, EventSpec[]> = { [server]: [], ws01: [], ws02: [], ws03: [] };
  const record: Record<string, number> = {};
  const next = (host: string) => {
    record[host] = (record[host] ?? 5000) + 1;
    return record[host];
  };
  const computerOf = (host: string) => (host === server ? fqdn : `${host.toUpperCase()}.corp.example.net`);
  for (const host of Object.keys(hosts)) {
    for (let t = leakAt - 60 * MINUTE; t < leakAt + 120 * MINUTE; t += 4 * MINUTE) {
      hosts[host]?.push(
        noiseEvent(rng, { computer: computerOf(host), time: systemTime(t, 1234), recordId: next(host) }),
      );
    }
  }
  const processes = [{ pid: 2428, path: '\\Device\\HarddiskVolume2\\Windows\\System32\\dllhost.exe' }];
  for (const classes of [false, true]) {
    hosts[server]?.push(
      hiveLeak1530({
        computer: fqdn,
        time: systemTime(leakAt, classes ? 5 : 0),
        recordId: next(server),
        sid: SID,
        classes,
        processes,
      }),
    );
  }
  hosts[server]?.push(
    complusError({
      computer: fqdn,
      time: systemTime(leakAt + 78 * MINUTE),
      recordId: next(server),
      appId: '{7D9F2E4A-1B3C-4D5E-8F6A-9B0C1D2E3F4A}',
      appName: 'Contoso Orders',
    }),
  );
  const named = [fqdn, server.toUpperCase(), `\\\\${server}`];
  ['ws01', 'ws02', 'ws03'].forEach((client, i) => {
    for (const minutes of [80 + i * 7, 95 + i * 5]) {
      hosts[client]?.push(
        dcom10006({
          computer: computerOf(client),
          time: systemTime(leakAt + minutes * MINUTE),
          recordId: next(client),
          server: named[i] ?? fqdn,
          clsid: CLSID,
        }),
      );
    }
  });
  const cut = leakAt + 40 * MINUTE;
  const day = new Date(leakAt).toISOString().slice(0, 10).replace(/-/g, '/');
  return Object.entries(hosts).flatMap(([host, events]) => {
    const sorted = [...events].sort((a, b) => (a.timeCreated < b.timeCreated ? -1 : 1));
    return [
      sorted.filter((e) => Date.parse(e.timeCreated) < cut),
      sorted.filter((e) => Date.parse(e.timeCreated) >= cut),
    ].map((part, n) => ({
      key: `incoming/${host}/${day}/morning-${n + 1}.xml.gz`,
      body: renderFile(part, { style: n === 0 ? 'wevtutil' : 'event-viewer', gzip: true }),
    }));
  });
}

/** Writes the objects under `dir` by key, for the offline scan to read the same bytes. */
export function writeObjects(dir: string, objects: readonly ScenarioObject[]): string {
  for (const object of objects) {
    const file = join(dir, object.key);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, object.body);
  }
  return dir;
}
