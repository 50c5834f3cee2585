import { beforeAll, describe, expect, it } from 'vitest';
import type { StoredIncident } from '../../functions/alerts/stored-incident.ts';
import { unguardCell } from '../../functions/cli/csv.ts';
import type { FleetReport } from '../../functions/cli/fleet-report.ts';
import { CurrentStatuses, collectIncidents } from '../../functions/cli/incident-listing.ts';
import type { IncidentRow } from '../../functions/cli/incident-rows.ts';
import { useLocalServices } from '../local/services.ts';
import { type Fleet, FleetCounts, writeFleet } from './cli-fixtures.ts';
import { csvObjects } from './csv-parse.ts';
import { localAwsEnv, runCli } from './run-cli.ts';

const local = useLocalServices();
let fleet: Fleet;
let incidents: StoredIncident[];
let env: Record<string, string>;
let table: string[];

beforeAll(async () => {
  fleet = await writeFleet(local.services(), await local.fresh());
  incidents = await collectIncidents(fleet.store, { statuses: CurrentStatuses });
  env = localAwsEnv();
  table = [
    '--incidents-table',
    fleet.resources.names.tables.INCIDENTS_TABLE,
    '--endpoint',
    local.services().dynamodbLocal.endpoint,
  ];
});

const byHost = (host: string) => incidents.filter((i) => i.host === host);
/**
 * The report's period holds the whole fleet (its last leak is on 2026-11-22) and ends before today: what is still
 * open counts as broken up to the end of the period, so the numbers do not move with the clock.
 */
const fleetWindow = ['--since', '2026-11-01', '--until', '2026-11-22'];

describe('hivewatch incidents list (the real CLI on DynamoDB Local)', () => {
  it('--json: every incident, newest first, across pages of two; the rows parse back', async () => {
    const run = await runCli(['incidents', 'list', '--json', '--page-size', '2', ...table], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as IncidentRow[];
    expect(rows).toHaveLength(FleetCounts.total);
    expect(rows.map((r) => r.id)).toEqual(incidents.map((i) => i.id));
    const first = byHost('app01').find((i) => i.resolution?.by === 'restart');
    expect(rows.find((r) => r.id === first?.id)).toEqual({
      id: first?.id,
      status: 'resolved',
      host: 'app01',
      hostFqdn: 'APP01.corp.example.net',
      process: 'dllhost.exe',
      pid: 2428,
      sid: 'S-1-5-21-1111-2222-3333-1107',
      account: 'CORP\\svc_xrc',
      leakAt: first?.leakAt,
      firstFailureAt: first?.firstFailureAt,
      lastFailureAt: first?.lastFailureAt,
      failures: 6,
      clients: ['ws01', 'ws02'],
      endedBy: 'restart',
      resolvedAt: first?.resolution?.at,
      brokenSeconds: 170 * 60,
      brokenUntil: 'restart',
      alert: 'pending',
    });
  });

  it('--csv: the same rows as --json, read back with an RFC 4180 reader', async () => {
    const filter = ['--status', 'open,at-risk', '--page-size', '3'];
    const [csv, json] = await Promise.all([
      runCli(['incidents', 'list', '--csv', ...filter, ...table], env),
      runCli(['incidents', 'list', '--json', ...filter, ...table], env),
    ]);
    expect(csv.code).toBe(0);
    const rows = JSON.parse(json.stdout) as IncidentRow[];
    const records = csvObjects(csv.stdout);
    expect(records).toHaveLength(FleetCounts.open + FleetCounts['at-risk']);
    expect(records.map((r) => r.id)).toEqual(rows.map((r) => r.id));
    for (const [i, record] of records.entries()) {
      const row = rows[i] as IncidentRow;
      expect(unguardCell(record.host ?? '')).toBe(row.host);
      expect(record.status).toBe(row.status);
      expect(Number(record.failures)).toBe(row.failures);
      expect(record.clients).toBe(row.clients.join(' '));
      expect(record.leakAt).toBe(row.leakAt);
      expect(record.account).toBe(row.account ?? '');
    }
  });

  it('the table: --host in any spelling, times in the zone TZ names, or --utc', async () => {
    const newYork = await runCli(['incidents', 'list', '--host', 'APP01.corp.example.net', ...table], {
      ...env,
      TZ: 'America/New_York',
    });
    expect(newYork.code).toBe(0);
    const lines = newYork.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^ID\s+STATUS\s+HOST\s+PROCESS\s+LEAK \(America\/New_York\)\s+FAILURES\s+CLIENTS\s+BROKEN\s+IDENTITY$/,
    );
    expect(lines).toHaveLength(1 + 3 + 2);
    expect(lines.at(-1)).toBe('3 incidents, newest first; times in America/New_York (UTC-05:00)');
    // 2026-11-21 11:00 UTC is 06:00 in New York
    expect(lines[1]).toMatch(/open\s+app01\s+dllhost\.exe 3388\s+2026-11-21 06:00\s+4\s+2\s/);
    const utc = await runCli(['incidents', 'list', '--host', 'app01', '--utc', ...table], {
      ...env,
      TZ: 'America/New_York',
    });
    expect(utc.stdout).toMatch(/LEAK \(UTC\)/);
    expect(utc.stdout).toMatch(/2026-11-21 11:00/);
  });

  it('bad options are usage errors (exit 2, one line)', async () => {
    const status = await runCli(['incidents', 'list', '--status', 'closed', ...table], env);
    expect([status.code, status.stderr]).toEqual([
      2,
      'hivewatch: --status: "closed" is not one of at-risk, open, resolved, cleared, superseded, all\n',
    ]);
    const since = await runCli(['incidents', 'list', '--since', 'yesterday', ...table], env);
    expect(since.code).toBe(2);
    expect(since.stderr).toMatch(/^hivewatch: --since: "yesterday" is not a duration/);
    const nowhere = await runCli(['incidents', 'list'], env);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toMatch(/which pipeline\? give --stack NAME/);
  });
});

describe('hivewatch incidents show', () => {
  it('the cause, the advice for a scheduled task (logon type 4), the sample of 40 failures', async () => {
    const [iis] = byHost('iis01');
    const run = await runCli(['incidents', 'show', iis?.id ?? '', '--utc', ...table], env);
    expect(run.code).toBe(0);
    const text = run.stdout;
    expect(text).toContain(
      `Incident ${iis?.id}: IIS application pool on IIS01.corp.example.net (iis01) — OPEN: failing`,
    );
    expect(text).toContain('Times in UTC.');
    expect(text).toMatch(
      /CORP\\svc_orders logged off at 2026-11-18 10:59:46\.123 \+00:00, 14 s before the leak \(Security 4634, logon type 4, batch \(scheduled task\)/,
    );
    expect(text).toContain('A scheduled task runs as CORP\\svc_orders (logon type 4)');
    expect(text).toContain('Recycle the application pool whose worker is w3wp.exe pid 6120');
    expect(text).toContain('IIS: set the application pool\'s "Load User Profile" to True.');
    expect(text).toContain(
      'The incident keeps a sample of its failures (the first 20 and the last 3 of the session): 23 of 40',
    );
    expect(text).toMatch(/web01 +8 +2026-11-18/);
    expect(text).toMatch(
      /failure +2026-11-18 11:05:00\.123 \+00:00 {2}Microsoft-Windows-DistributedCOM 10006 {2}WEB01\.corp\.example\.net System record 100 {2}incoming\/web01\/2026\/11\/17\/System\.xml\.gz @ 100000/,
    );
  });

  it('a Remote Desktop logon as the service identity: who, from where, and what to change', async () => {
    const rdp = byHost('app01').find((i) => i.resolution?.by === 'restart');
    const run = await runCli(['incidents', 'show', rdp?.id ?? '', ...table], { ...env, TZ: 'Europe/Paris' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Times in Europe/Paris (UTC+01:00).');
    expect(run.stdout).toMatch(
      /That session began at 2026-11-17 11:20:00\.123 \+01:00 \(Security 4624, logon type 10, remote interactive \(Remote Desktop\), from 10\.20\.1\.44\)/,
    );
    expect(run.stdout).toContain('Someone logged on to app01 as CORP\\svc_xrc');
    expect(run.stdout).toMatch(/restart +host restarted \(the host; EventLog 6005\)/);
    expect(run.stdout).toContain('Nothing now: it has ended.');
  });

  it('no logoff seen: says so, and how to ship the Security channel', async () => {
    const [farm] = byHost('farm03');
    const run = await runCli(['incidents', 'show', farm?.id ?? '', ...table], env);
    expect(run.stdout).toContain(
      'No logoff of S-1-5-21-1111-2222-3333-1200 was seen on farm03 just before the leak',
    );
    expect(run.stdout).toContain(
      'shipping/fluent-bit/fluent-bit.yaml or shipping/cloudwatch-agent/hivewatch-windows-events.json',
    );
  });

  it('--json is the stored incident; an unknown id is one clear line (exit 1)', async () => {
    const [farm] = byHost('farm01');
    const json = await runCli(['incidents', 'show', farm?.id ?? '', '--json', ...table], env);
    expect(JSON.parse(json.stdout)).toEqual(farm);
    const missing = await runCli(['incidents', 'show', 'ffffffffffffffff', ...table], env);
    expect([missing.code, missing.stderr]).toEqual([
      1,
      'hivewatch: no incident ffffffffffffffff: `hivewatch incidents list` shows the ids\n',
    ]);
  });
});

describe('hivewatch report', () => {
  it('--json: per host and identity, the repeat offender first, the hosts for the policy with reasons', async () => {
    const run = await runCli(['report', '--json', ...fleetWindow, ...table], env);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as FleetReport;
    expect(report.totals).toMatchObject({ incidents: 11, atRiskLeaks: 2, hosts: 11, identities: 4 });
    expect(report.hosts[0]).toMatchObject({
      host: 'app01',
      incidents: 3,
      openNow: 1,
      failures: 13,
      repeat: true,
    });
    expect(report.hosts[1]).toMatchObject({ host: 'iis01', incidents: 1, failures: 40, repeat: false });
    // app01 has the most incidents; iis01 (40 failures, open since the 18th) the most time broken
    expect(report.policyFirst.slice(0, 2)).toEqual([
      { rank: 1, host: 'app01', reason: '3 incidents (the most), 1 d 14 h broken, 1 open or at risk now' },
      { rank: 2, host: 'iis01', reason: '1 incident, 4 d 12 h broken (the most), 1 open or at risk now' },
    ]);
    expect(report.policyFirst).toHaveLength(5);
    const xrc = report.identities.find((i) => i.sid === 'S-1-5-21-1111-2222-3333-1107');
    expect(xrc).toMatchObject({
      accounts: ['CORP\\svc_xrc'],
      hosts: ['app01'],
      incidents: 3,
      repeat: true,
      logons: ['remote interactive (Remote Desktop) ×1'],
      causeUnknown: 2,
    });
    const reports = report.identities.find((i) => i.sid === 'S-1-5-21-1111-2222-3333-1150');
    expect(reports).toMatchObject({ hosts: ['app02', 'app03'], incidents: 0, atRiskLeaks: 2, repeat: true });
  });

  it('--csv: a row per host and per identity, the same numbers as --json', async () => {
    const [csv, json] = await Promise.all([
      runCli(['report', '--csv', ...fleetWindow, ...table], env),
      runCli(['report', '--json', ...fleetWindow, ...table], env),
    ]);
    const report = JSON.parse(json.stdout) as FleetReport;
    const records = csvObjects(csv.stdout);
    const hosts = records.filter((r) => r.scope === 'host');
    expect(hosts.map((r) => r.name)).toEqual(report.hosts.map((h) => h.host));
    expect(hosts.map((r) => Number(r.brokenSeconds))).toEqual(report.hosts.map((h) => h.brokenSeconds));
    expect(hosts[0]).toMatchObject({ policyRank: '1', repeat: 'true', incidents: '3' });
    const identities = records.filter((r) => r.scope === 'identity');
    expect(identities.map((r) => r.sid)).toEqual(report.identities.map((i) => i.sid));
  });

  it('the table names the zone, the hosts, the identities and where to set the policy first', async () => {
    const run = await runCli(['report', ...fleetWindow, ...table], { ...env, TZ: 'UTC' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('11 incidents and 2 at-risk leaks on 11 hosts, 4 identities;');
    expect(run.stdout).toMatch(/\napp01 +3 +0 +1 +13 /);
    expect(run.stdout).toMatch(/Set DisableForceUnload first on:\n {2}1\. app01: 3 incidents \(the most\)/);
  });
});
