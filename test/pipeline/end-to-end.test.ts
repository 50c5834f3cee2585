import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, sep } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { incidentFacts } from '../../functions/alerts/stored-incident.ts';
import { correlationConfig } from '../../functions/correlation/correlation-config.ts';
import type { Incident } from '../../functions/correlation/incident.ts';
import { scan } from '../../functions/scan/scan.ts';
import { documentIncident } from '../../functions/scan/scan-document.ts';
import { createLocalPipeline } from '../../local/local-pipeline.ts';
import { MORNING_SCENARIO, writeMorningScenario } from '../../samples/morning-scenario.ts';
import { useLocalServices } from '../local/services.ts';
import { hivewatch } from '../scan/hivewatch-cli.ts';
import { morningObjects, writeObjects } from './pipeline-fixtures.ts';

const local = useLocalServices();
const scratch = mkdtempSync(join(tmpdir(), 'hivewatch-e2e-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The incident without where its evidence was read (a file path offline, an S3 key in the pipeline). */
function comparable(incident: Incident) {
  return { ...incident, evidence: incident.evidence.map(({ source: _source, ...rest }) => rest) };
}

describe('the pipeline end to end on DynamoDB Local and fauxqs', () => {
  it('uploaded objects raise one alert on the on-call queue and store the incident the offline scan finds', async () => {
    const pipeline = createLocalPipeline(local.services(), await local.fresh());
    const objects = morningObjects();
    for (const object of objects) await pipeline.upload(object.key, object.body);

    const drained = await pipeline.poller.drain();
    expect(drained).toEqual({ received: objects.length, succeeded: objects.length, failed: 0 });

    const alerts = await pipeline.alerts(1);
    expect(alerts).toHaveLength(1);
    const [alert] = alerts;
    expect(alert?.attributes).toMatchObject({ host: 'app01', kind: 'opened', severity: 'high' });
    expect(alert?.subject).toContain('app01');
    expect(alert?.message).toContain('dllhost.exe pid 2428');

    const offline = await scan([writeObjects(scratch, objects)], { config: correlationConfig(), threads: 1 });
    expect(offline.incidents).toHaveLength(1);
    const stored = await pipeline.runtime.ports.incidents.get(alert?.attributes.incidentId ?? '');
    const [found] = offline.incidents;
    if (!stored || !found) throw new Error('no incident stored or found offline');
    expect(comparable(incidentFacts(stored))).toEqual(comparable(found));
    expect(stored?.alerts.opened).toMatchObject({ state: 'sent', messageId: alert?.messageId, attempts: 1 });

    const first = objects[0]?.key ?? '';
    const record = await pipeline.runtime.ports.ingestRecords.get(first);
    expect(record).toMatchObject({ key: first, errors: 0, missing: false, rejected: false });
    expect(record?.events).toBeGreaterThan(10);
    const kept = await pipeline.services.s3.send(
      new HeadObjectCommand({ Bucket: pipeline.resources.names.bucket, Key: first }),
    );
    expect(kept.ContentLength).toBe(objects[0]?.body.length); // the raw object is never deleted or changed
  });

  it('the shipped morning scenario: the stored incident is the one `hivewatch scan --json` prints', async () => {
    const pipeline = createLocalPipeline(local.services(), await local.fresh());
    const dir = join(scratch, 'morning');
    const files = (await writeMorningScenario(dir)).map((f) => (isAbsolute(f) ? f : join(dir, f)));
    for (const file of files) {
      await pipeline.upload(`incoming/${relative(dir, file).split(sep).join('/')}`, readFileSync(file));
    }
    expect((await pipeline.poller.drain()).failed).toBe(0);
    const alerts = await pipeline.alerts(1);
    expect(alerts.map((a) => a.attributes.kind)).toEqual(['opened']);

    const cli = await hivewatch(['scan', '--json', dir]);
    expect(cli.code).toBe(0);
    const document = JSON.parse(cli.stdout) as { incidents: Record<string, unknown>[] };
    expect(document.incidents).toHaveLength(1);
    const [scanned] = document.incidents;
    const stored = await pipeline.runtime.ports.incidents.get(alerts[0]?.attributes.incidentId ?? '');
    if (!stored || !scanned) throw new Error('no incident');
    const facts = documentIncident(incidentFacts(stored)) as unknown as Record<string, unknown>;
    for (const field of Object.keys(scanned)) expect([field, facts[field]]).toEqual([field, scanned[field]]);
    expect(Object.keys(facts)).toEqual(Object.keys(scanned));
    expect(stored.failureCount).toBe(MORNING_SCENARIO.incident.failureCount);
  });
});
