import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App } from 'aws-cdk-lib';
import { afterAll, expect, it } from 'vitest';
import { HivewatchStack } from '../../lib/hivewatch-stack.ts';
import { parseStackSettings } from '../../lib/settings.ts';

// One real esbuild bundling of both functions (the other infra tests skip bundling), as `npm run synth` does it.
const outdir = mkdtempSync(join(tmpdir(), 'hivewatch-cdk-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));
const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'));
const app = new App({ outdir, analyticsReporting: false, context: cdkJson.context });
const stack = new HivewatchStack(app, 'Hivewatch', { settings: parseStackSettings({}) });
const assembly = app.synth();
const template = assembly.getStackArtifact(stack.artifactId).template;

/** The bundle directory of the function with this name, from the asset the template points at. */
function bundleOf(functionName: string): string {
  const [logicalId] = Object.entries(template.Resources).find(
    ([, r]) => (r as { Properties?: { FunctionName?: string } }).Properties?.FunctionName === functionName,
  ) as [string, unknown];
  const key: string = (template.Resources[logicalId] as { Properties: { Code: { S3Key: string } } })
    .Properties.Code.S3Key;
  return join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
}

it('bundles each handler into one ESM file that loads on Node 24 and exports the handler', async () => {
  for (const name of ['hivewatch-ingest', 'hivewatch-sweeper']) {
    const bundle = await import(pathToFileURL(join(bundleOf(name), 'index.mjs')).href);
    expect(typeof bundle.handler, name).toBe('function');
  }
});

it('runs the bundled ingest handler on an empty batch without any AWS call', async () => {
  const saved = { ...process.env };
  Object.assign(process.env, {
    STATE_TABLE: 'state',
    INCIDENTS_TABLE: 'incidents',
    INGEST_TABLE: 'ingest',
    ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:alerts',
    AWS_REGION: 'eu-west-1',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  try {
    const bundle = await import(pathToFileURL(join(bundleOf('hivewatch-ingest'), 'index.mjs')).href);
    expect(await bundle.handler({ Records: [] }, {})).toEqual({ batchItemFailures: [] });
  } finally {
    process.env = saved;
  }
});
