import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dataDir = mkdtempSync(join(tmpdir(), 'hivewatch-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const start = () =>
  spawnSync('npx', ['tsx', 'bin/start.ts', '--data', dataDir], { encoding: 'utf8', timeout: 120_000 });
const javaLeftOn = () =>
  spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((line) => line.includes(dataDir) && line.includes('java'));

describe('npm start', () => {
  it('runs the morning scenario through the local pipeline, prints the alert as received, and stops everything', () => {
    const run = start();
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('ingest: 13 notifications, 13 succeeded, 0 failed');
    expect(run.stdout).toContain('alert received by the on-call subscriber');
    expect(run.stdout).toContain(
      'Subject:     hivewatch: COM+ application failing on app01 - dllhost.exe pid 2428 lost its registry hive',
    );
    expect(run.stdout).toMatch(/Attributes: {2}host=app01 {2}incidentId=\w+ {2}kind=opened {2}severity=high/);
    expect(run.stdout).toContain('incident stored in hivewatch-incidents');
    expect(javaLeftOn()).toEqual([]);
  }, 120_000);

  it('a second run finds the incident in the data folder and sends no second alert', () => {
    const run = start();
    expect(run.status).toBe(0);
    const before = run.stdout.split('uploaded 13 objects')[0] ?? '';
    expect(before).toMatch(/incidents already in the data folder[^\n]*\n\w+ +\w+ +app01 +dllhost\.exe/);
    expect(run.stdout).toContain('no new alert');
    expect(run.stdout).not.toContain('alert received by the on-call subscriber');
  }, 120_000);
});
