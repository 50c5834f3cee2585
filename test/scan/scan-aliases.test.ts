import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dcom10006, hiveLeak1530 } from '../../samples/windows-events.ts';
import { hivewatch } from './hivewatch-cli.ts';
import { CLSID, DLLHOST, minutesAfterLeak, SID, scratchDir, writeLogs } from './scan-fixtures.ts';

/** APP02 leaks; WS01 names it by address, WS02 by its DNS alias (issue 9 §4). */
async function logs() {
  return writeLogs({
    'app02.xml': [
      hiveLeak1530({
        computer: 'APP02.corp.example.net',
        time: minutesAfterLeak(0),
        recordId: 1,
        sid: SID,
        processes: [{ pid: 2428, path: DLLHOST }],
      }),
    ],
    'ws01.xml': [
      dcom10006({
        computer: 'WS01.corp.example.net',
        time: minutesAfterLeak(5),
        recordId: 7,
        server: '10.1.2.3',
        clsid: CLSID,
      }),
    ],
    'ws02.xml': [
      dcom10006({
        computer: 'WS02.corp.example.net',
        time: minutesAfterLeak(6),
        recordId: 9,
        server: 'ORDERS',
        clsid: CLSID,
      }),
    ],
  });
}

describe('hivewatch scan --aliases FILE', () => {
  it('counts 10006s that name the server by address or alias for that server', async () => {
    const dir = await logs();
    const aliases = join(await scratchDir(), 'aliases.json');
    await writeFile(aliases, JSON.stringify({ app02: ['10.1.2.3', 'orders.corp.example.net'] }));
    const run = await hivewatch(['scan', '--json', '--aliases', aliases, dir]);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.incidents).toHaveLength(1);
    expect(result.incidents[0]).toMatchObject({ host: 'app02', failureCount: 2, clients: ['ws01', 'ws02'] });
    expect(result.unexplained).toEqual([]);
  });

  it('without the table, the same failures name unknown hosts: listed as unexplained, never an incident', async () => {
    const run = await hivewatch(['scan', '--json', await logs()]);
    const result = JSON.parse(run.stdout);
    expect(result.incidents).toEqual([]);
    expect(result.unexplained.map((u: { host: string }) => u.host).sort()).toEqual(['10.1.2.3', 'orders']);
    expect(result.atRisk.map((a: { host: string; status: string }) => [a.host, a.status])).toEqual([
      ['app02', 'at-risk'],
    ]);
  });

  it('a bad alias file is a usage error naming the file and the problem', async () => {
    const bad = join(await scratchDir(), 'bad.json');
    await writeFile(bad, JSON.stringify({ app02: ['10.1.2.3'], app03: ['10.1.2.3'] }));
    const run = await hivewatch(['scan', '--aliases', bad, await logs()]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad\.json.*10\.1\.2\.3 is listed for both app02 and app03/s);
  });
});
