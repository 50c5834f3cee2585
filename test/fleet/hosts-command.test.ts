import { describe, expect, it } from 'vitest';
import { DynamoDbFleet } from '../../functions/storage/dynamodb-fleet.ts';
import { createLocalPipeline } from '../../local/local-pipeline.ts';
import { useLocalServices } from '../local/services.ts';
import { morningObjects } from '../pipeline/pipeline-fixtures.ts';
import { hivewatch } from '../scan/hivewatch-cli.ts';

const local = useLocalServices();
const HOUR = 3_600_000;

/** RFC 4180, as a spreadsheet or `csv.reader` reads it back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (quoted) {
      field += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += c;
    }
  }
  return rows;
}

/**
 * The morning scenario ingested 30 minutes ago (four hosts), and a fifth host whose last object is 3 hours old,
 * whose key a hostile shipper chose.
 */
async function fleetWithSilentHost() {
  const resources = await local.fresh();
  const ingestedAt = Date.now() - HOUR / 2;
  const pipeline = createLocalPipeline(local.services(), resources, { clock: () => new Date(ingestedAt) });
  for (const object of morningObjects({ leakAt: ingestedAt - 3 * HOUR }))
    await pipeline.upload(object.key, object.body);
  await pipeline.poller.drain();
  await new DynamoDbFleet({
    tableName: resources.names.tables.STATE_TABLE,
    client: local.services().documents,
  }).recordShipment({
    host: 'web09',
    objectKey: 'incoming/web09/=HYPERLINK("http://x")\u001b[2J,"quoted".xml',
    ingestedAt: new Date(Date.now() - 3 * HOUR).toISOString(),
    events: 5,
    errors: 1,
  });
  // a name and a key a spreadsheet would run as formulas
  await new DynamoDbFleet({
    tableName: resources.names.tables.STATE_TABLE,
    client: local.services().documents,
  }).recordShipment({
    host: "=cmd|' /c calc'!a0",
    objectKey: '-2+3',
    ingestedAt: new Date(Date.now() - HOUR / 2).toISOString(),
    events: 1,
    errors: 0,
  });
  const args = [
    '--endpoint',
    local.services().endpoints.dynamodb ?? '',
    '--state-table',
    resources.names.tables.STATE_TABLE,
    '--ingest-table',
    resources.names.tables.INGEST_TABLE,
    '--utc',
  ];
  return {
    args,
    env: { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'us-east-1' },
  };
}

describe('hivewatch hosts', () => {
  it('--json: every shipping host with its last object and event, events and errors per day, the silent one marked', async () => {
    const { args, env } = await fleetWithSilentHost();
    const run = await hivewatch(['hosts', ...args, '--json'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.zone).toBe('UTC');
    expect(report.hosts.map((h: { host: string; status: string }) => [h.host, h.status])).toEqual([
      ["=cmd|' /c calc'!a0", 'shipping'],
      ['app01', 'shipping'],
      ['web09', 'silent'],
      ['ws01', 'shipping'],
      ['ws02', 'shipping'],
      ['ws03', 'shipping'],
    ]);
    const app01 = report.hosts[1];
    expect(app01.lastObjectKey).toMatch(/^incoming\/app01\/\d{4}\/\d{2}\/\d{2}\/morning-[12]\.xml\.gz$/);
    expect(app01.days).toHaveLength(7);
    const today = app01.days.at(-1);
    expect(today).toMatchObject({
      day: new Date(Date.now() - HOUR / 2).toISOString().slice(0, 10),
      objects: 2,
    });
    expect(today.events).toBeGreaterThan(0);
    expect(app01.days.slice(0, 5).every((d: { objects: number }) => d.objects === 0)).toBe(true);
    const web09 = report.hosts[2];
    expect(web09.quietMs).toBeGreaterThanOrEqual(3 * HOUR);
    expect(web09.noticed).toBe(false);
  });

  it('--csv: one row per host and day, parsed back; a key a spreadsheet would run as a formula is neutralised', async () => {
    const { args, env } = await fleetWithSilentHost();
    const run = await hivewatch(['hosts', ...args, '--csv', '--days', '2'], env);
    expect(run.code).toBe(0);
    const [header, ...rows] = parseCsv(run.stdout);
    expect(header).toEqual([
      'host',
      'day',
      'objects',
      'events',
      'errors',
      'status',
      'quiet_minutes',
      'notice_sent',
      'last_object_at',
      'last_event_at',
      'last_object_key',
    ]);
    expect(rows).toHaveLength(12);
    const web09 = rows.filter((r) => r[0] === 'web09');
    expect(web09.map((r) => r[5])).toEqual(['silent', 'silent']);
    expect(web09[0]?.[10]).toBe('incoming/web09/=HYPERLINK("http://x")\u001b[2J,"quoted".xml');
    const today = rows.filter((r) => r[0] === 'ws01').at(-1);
    expect(Number(today?.[2])).toBe(2);
    expect(Number(today?.[3])).toBeGreaterThan(0);
    const formula = rows.filter((r) => r[0]?.includes('cmd')).at(-1);
    expect([formula?.[0], formula?.[10]]).toEqual(["'=cmd|' /c calc'!a0", "'-2+3"]);
  });

  it('the table: a line per host, then events per day; text from the shippers shown escaped', async () => {
    const { args, env } = await fleetWithSilentHost();
    const run = await hivewatch(['hosts', ...args, '--days', '3'], env);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('6 shipping hosts, 1 silent (nothing for 2h or more). Times in UTC.');
    expect(lines[2]).toMatch(
      /^HOST +STATUS +LAST OBJECT +LAST EVENT +OBJECTS +EVENTS +ERRORS +LAST OBJECT KEY$/,
    );
    expect(lines.find((l) => l.startsWith('web09'))).toMatch(
      /^web09 +silent 3 h +\d{4}-\d{2}-\d{2} \d{2}:\d{2} +- +0 +0 +0 +incoming\/web09\/=HYPERLINK\("http:\/\/x"\)\\x1b\[2J,"quoted"\.xml$/,
    );
    expect(run.stdout.includes('\u001b')).toBe(false);
    expect(lines).toContain(
      'Events read per day the objects arrived (reader errors in brackets), the last 3 days:',
    );
  });

  it('says which tables it needs, and exits 2', async () => {
    const run = await hivewatch(['hosts'], { STATE_TABLE: '', INGEST_TABLE: '' });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'hivewatch: which tables? give --stack NAME, or --state-table and --ingest-table (or set STATE_TABLE and INGEST_TABLE), or --local\n',
    );
  });
});
