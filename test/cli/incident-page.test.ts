import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredIncident } from '../../functions/alerts/stored-incident.ts';
import { resolveIncident } from '../../functions/cli/incident-actions.ts';
import { incidentPage } from '../../functions/cli/incident-page.ts';
import { timeDisplay } from '../../functions/cli/time-display.ts';
import type { Signal } from '../../functions/signals/signal.ts';
import { DynamoDbIncidentStore } from '../../functions/storage/dynamodb-incident-store.ts';
import { at, failure, leak, session } from '../correlation/signal-builders.ts';
import { useLocalServices } from '../local/services.ts';
import { config, ingestSignals, ledgerOn } from '../storage/ledger-fixtures.ts';
import { chromiumMissing, launchChromium, openOffline } from './chromium.ts';
import { FleetNow, morningThroughPipeline, writeFleet } from './cli-fixtures.ts';
import { localAwsEnv, runCli } from './run-cli.ts';

const missing = chromiumMissing();
if (missing) console.warn(`SKIPPED: ${missing}`);

const local = useLocalServices();
const scratch = mkdtempSync(join(tmpdir(), 'hivewatch-page-'));
let chromium: { browser: BrowserContext; close(): Promise<void> } | undefined;

beforeAll(async () => {
  if (!missing) chromium = await launchChromium();
});
afterAll(async () => {
  await chromium?.close();
  // HIVEWATCH_KEEP_SCREENSHOTS=1 keeps the screenshots (light, dark, sampled, hostile) to look at
  if (process.env.HIVEWATCH_KEEP_SCREENSHOTS) console.info(`screenshots in ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
});

/** The page opened in chromium with every request routed (and counted, and refused), dialogs counted. */
async function open(html: string, colorScheme: 'light' | 'dark' = 'light') {
  if (!chromium) throw new Error('chromium is not running');
  return openOffline(chromium.browser, html, colorScheme);
}

/** Nothing in the page that could load anything: no script, image, frame, link or source attribute. */
async function loaders(page: Page): Promise<number> {
  return page
    .locator('script, img, iframe, object, embed, link, audio, video, [src], [href], [srcset]')
    .count();
}

describe.skipIf(missing)('the incident page in headless chromium', () => {
  it('the shipped morning scenario: one mark per failure, a lane per computer, the host name, nothing from the network', async () => {
    const resources = await local.fresh();
    const { pipeline, incidentId } = await morningThroughPipeline(local.services(), resources);
    const file = join(scratch, 'morning.html');
    const run = await runCli(
      [
        'incidents',
        'show',
        incidentId,
        '--html',
        file,
        '--utc',
        '--incidents-table',
        resources.names.tables.INCIDENTS_TABLE,
        '--endpoint',
        local.services().dynamodbLocal.endpoint,
      ],
      localAwsEnv(),
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Wrote ${file} (${statSync(file).size} bytes`);
    const incident = (await pipeline.runtime.ports.incidents.get(incidentId)) as StoredIncident;
    const sampled = incident.evidence.filter((e) => e.kind === 'failure');
    expect(sampled).toHaveLength(10); // every failure of the morning is in the sample

    for (const scheme of ['light', 'dark'] as const) {
      const { page, requests, dialogs } = await open(readFileSync(file, 'utf8'), scheme);
      await page.screenshot({ path: join(scratch, `morning-${scheme}.png`), fullPage: true });
      expect(await page.locator('svg.timeline circle.failure-mark').count()).toBe(10);
      const lanes = page.locator('svg.timeline g.lane');
      expect(await lanes.count()).toBe(4);
      for (const tally of incident.perClient) {
        const lane = page.locator(`svg.timeline g.lane[data-lane="${tally.name}"]`);
        expect([tally.name, await lane.locator('circle.failure-mark').count()]).toEqual([
          tally.name,
          tally.count,
        ]);
        expect(await lane.locator('rect.client-band').count()).toBe(1);
      }
      expect(await page.locator('svg.timeline line.marker-leak').count()).toBe(2); // the user and _Classes hives
      const heading = page.getByRole('heading', { level: 1 });
      expect(await heading.isVisible()).toBe(true);
      expect(await heading.textContent()).toBe('COM+ application on APP01.corp.example.net (app01)');
      expect(await page.locator('.sample-note').count()).toBe(0); // all of them are drawn: no sample to mention
      expect(await page.getByText('Times in UTC.').isVisible()).toBe(true);
      expect(requests).toEqual([]);
      expect(dialogs).toEqual([]);
      expect(await loaders(page)).toBe(0);
      const background = await page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
      expect([scheme, background]).toEqual([
        scheme,
        scheme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)',
      ]);
      const mark = await page.evaluate<string>(
        "getComputedStyle(document.querySelector('circle.failure-mark')).fill",
      );
      expect([scheme, mark]).toEqual([scheme, scheme === 'dark' ? 'rgb(255, 123, 114)' : 'rgb(198, 38, 46)']);
      await page.close();
    }
  });

  it('40 failures, 23 kept: one mark per sampled failure, exact bands, and the page says the marks are a sample', async () => {
    const fleet = await writeFleet(local.services(), await local.fresh());
    const [iis] = (await fleet.store.listByHost('iis01')).incidents;
    if (!iis) throw new Error('no iis01 incident');
    const { page, requests } = await open(incidentPage(iis, timeDisplay({ utc: true }), FleetNow));
    await page.screenshot({ path: join(scratch, 'sampled.png'), fullPage: true });
    expect(await page.locator('circle.failure-mark').count()).toBe(23);
    expect(await page.locator('rect.client-band').count()).toBe(5);
    expect(await page.locator('.sample-note').textContent()).toBe(
      'The incident keeps a sample of its failures (the first 20 and the last 3 of the session): 23 of 40 are drawn as marks; the bands and counts are exact.',
    );
    expect(await page.locator('svg.timeline line.marker-logoff').count()).toBe(1);
    expect(await page.locator('#cause').textContent()).toContain('CORP\\svc_orders logged off');
    expect(requests).toEqual([]);
    await page.close();
  });

  it('hostile host names, paths, keys, accounts and notes are shown as text, never run as markup', async () => {
    const resources = await local.fresh();
    const ledger = ledgerOn(resources, local.services().documents, () => FleetNow);
    const host = 'evil';
    const fqdn = '<img src=x onerror=alert(1)>\u0007.corp';
    const logoff = session({ kind: 'logoff', host, time: at('-14s'), recordId: 2, logonType: 10 });
    const signals: Signal[] = [
      {
        ...session({
          kind: 'logon',
          host,
          time: at('-1h'),
          recordId: 1,
          logonType: 10,
          ip: '"><script>alert(5)</script>',
        }),
        account: 'CORP\\<iframe src=http://x.test/>',
      } as Signal,
      { ...logoff, hostFqdn: fqdn, account: 'CORP\\<iframe src=http://x.test/>' } as Signal,
      leak({
        host,
        fqdn,
        recordId: 3,
        source: 'incoming/evil/"><svg onload=alert(3)>.xml',
        processes: [
          { name: 'dllhost.exe', pid: 66, path: '\\Device\\<script>alert(2)</script>\u202e\\dllhost.exe' },
        ],
      }),
      failure({ host, reporter: '<b>ws</b>', recordId: 4, time: at('+5m') }),
    ];
    await ingestSignals(ledger, signals, { now: () => FleetNow });
    const incidents = new DynamoDbIncidentStore({
      tableName: resources.names.tables.INCIDENTS_TABLE,
      client: local.services().documents,
    });
    const [stored] = (await incidents.listByHost(host)).incidents;
    if (!stored) throw new Error('no incident');
    const resolved = await resolveIncident(
      stored.id,
      { by: '<a href=http://x.test>me</a>', note: '</td></tr></table><script>alert(4)</script>' },
      { incidents, ledger, config, notifyAtRisk: false, clock: () => new Date(Date.parse(at('+10m')) + 1) },
    );
    const { page, requests, dialogs } = await open(
      incidentPage(resolved.incident, timeDisplay({ utc: true }), FleetNow),
    );
    await page.screenshot({ path: join(scratch, 'hostile.png'), fullPage: true });
    expect(await loaders(page)).toBe(0);
    expect(await page.locator('b, a, svg [onload]').count()).toBe(0);
    expect(requests).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'COM+ application on <img src=x onerror=alert(1)>\\u0007.corp (evil)',
    );
    const body = (await page.locator('body').textContent()) ?? '';
    for (const literal of [
      '\\Device\\<script>alert(2)</script>\\u202e\\dllhost.exe',
      'incoming/evil/"><svg onload=alert(3)>.xml',
      '</td></tr></table><script>alert(4)</script>',
      'CORP\\<iframe src=http://x.test/>',
      '<b>ws</b>',
    ]) {
      expect([literal, body.includes(literal)]).toEqual([literal, true]);
    }
    expect(await page.locator('svg.timeline circle.failure-mark').count()).toBe(1);
    await page.close();
  });
});
