import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

const ManifestSchema = z.object({
  artifacts: z.record(
    z.string(),
    z.object({
      type: z.string(),
      properties: z.looseObject({}).optional(),
      dependencies: z.array(z.string()).optional(),
    }),
  ),
});

const StackPropertiesSchema = z.looseObject({
  templateFile: z.string(),
  stackName: z.string(),
  stackTemplateAssetObjectUrl: z.string().startsWith('s3://'),
  requiresBootstrapStackVersion: z.number().int(),
  bootstrapStackVersionSsmParameter: z.string(),
});

const AssetManifestSchema = z.object({
  files: z.record(
    z.string(),
    z.object({
      source: z.object({ path: z.string(), packaging: z.enum(['file', 'zip']) }),
      destinations: z.record(z.string(), z.object({ bucketName: z.string(), objectKey: z.string() })),
    }),
  ),
  dockerImages: z.record(z.string(), z.unknown()).optional(),
});

export type AssetManifest = z.output<typeof AssetManifestSchema>;

/** The one stack of the app as `cdk synth` wrote it: template, deploy properties and file assets. */
export interface SynthesizedStack {
  readonly dir: string;
  readonly properties: z.output<typeof StackPropertiesSchema>;
  readonly template: CfnTemplate;
  readonly templatePath: string;
  readonly assets: AssetManifest;
}

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation resources are untyped JSON.
export type CfnResource = { Type: string; Properties?: any; DependsOn?: string[] };
export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Rules?: Record<string, { Assertions: { Assert: unknown; AssertDescription?: string }[] }>;
  Parameters?: Record<string, { Type: string; Default?: string }>;
}

/** `cdk synth` exactly as `npm run synth` runs it (bin/app.ts, cdk-nag, esbuild bundling), into `outdir`. */
export async function cdkSynth(outdir: string): Promise<void> {
  const cdk = join(repositoryRoot, 'node_modules', '.bin', 'cdk');
  await new Promise<void>((done, fail) => {
    const child = spawn(cdk, ['synth', '--quiet', '--output', outdir], {
      cwd: repositoryRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', fail);
    child.once('exit', (code) =>
      code === 0 ? done() : fail(new Error(`cdk synth exited with ${code}:\n${output}`)),
    );
  });
}

/** Reads the stack artifact and its asset manifest from a cloud assembly directory. */
export function readSynthesizedStack(dir: string): SynthesizedStack {
  const manifest = ManifestSchema.parse(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
  const stacks = Object.entries(manifest.artifacts).filter(([, a]) => a.type === 'aws:cloudformation:stack');
  if (stacks.length !== 1) throw new Error(`expected one stack in ${dir}, found ${stacks.length}`);
  const [, stack] = stacks[0] as [string, (typeof stacks)[number][1]];
  const properties = StackPropertiesSchema.parse(stack.properties);
  const assetArtifacts = (stack.dependencies ?? [])
    .map((id) => manifest.artifacts[id])
    .filter((a) => a?.type === 'cdk:asset-manifest');
  if (assetArtifacts.length !== 1)
    throw new Error(`expected one asset manifest, found ${assetArtifacts.length}`);
  const assetFile = z.object({ file: z.string() }).parse(assetArtifacts[0]?.properties).file;
  const assets = AssetManifestSchema.parse(JSON.parse(readFileSync(join(dir, assetFile), 'utf8')));
  if (Object.keys(assets.dockerImages ?? {}).length > 0)
    throw new Error('docker image assets are not handled');
  const templatePath = join(dir, properties.templateFile);
  return {
    dir,
    properties,
    template: JSON.parse(readFileSync(templatePath, 'utf8')) as CfnTemplate,
    templatePath,
    assets,
  };
}
