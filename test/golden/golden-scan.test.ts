import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GOLDEN_SCENARIO, writeGoldenScenario } from '../../samples/scenarios.ts';
import { hivewatch } from '../scan/hivewatch-cli.ts';
import { scratchDir } from '../scan/scan-fixtures.ts';

const expectedFile = new URL('./expected.json', import.meta.url);

describe('golden: the generated day (a COM+ server, an IIS server, five clients, noise, two incidents, decoys)', () => {
  it('`hivewatch scan --json` prints exactly test/golden/expected.json', async () => {
    const dir = await scratchDir();
    const written = await writeGoldenScenario(dir);
    const run = await hivewatch(['scan', '--json', dir]);
    expect(run.code).toBe(0);
    const expected = JSON.parse(await readFile(expectedFile, 'utf8'));
    expect(JSON.parse(run.stdout)).toEqual(expected);
    // bytes is the size of the files as written: checked here, not taken from the output
    const sizes = await Promise.all(written.map(async (file) => (await stat(join(dir, file))).size));
    expect(expected.stats.bytes).toBe(sizes.reduce((a, b) => a + b, 0));
  });

  it('expected.json says what the scenario’s facts say (it is the contract, not a snapshot)', async () => {
    const expected = JSON.parse(await readFile(expectedFile, 'utf8'));
    expect(expected.stats).toMatchObject({
      files: GOLDEN_SCENARIO.files,
      events: GOLDEN_SCENARIO.events,
      errors: [],
    });
    expect(expected.incidents).toHaveLength(GOLDEN_SCENARIO.incidents.length);
    GOLDEN_SCENARIO.incidents.forEach((fact, i) => {
      expect(expected.incidents[i]).toMatchObject({
        host: fact.host,
        hostFqdn: fact.hostFqdn,
        process: fact.process,
        processes: [{ name: fact.process, pid: fact.pid, path: fact.path }],
        pid: fact.pid,
        sid: fact.sid,
        leakAt: fact.leakAt,
        firstFailureAt: fact.firstFailureAt,
        lastFailureAt: fact.lastFailureAt,
        failureCount: fact.failureCount,
        clients: fact.clients,
        clsids: fact.clsids,
        status: 'open',
      });
    });
  });
});
