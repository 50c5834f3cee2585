import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');

/** True once functions/reader exports readEvents and functions/signals has extractSignals. */
export function readerLanded(): boolean {
  const reader = join(ROOT, 'functions/reader/read-events.ts');
  const signals = join(ROOT, 'functions/signals/extract-signals.ts');
  return (
    existsSync(reader) &&
    existsSync(signals) &&
    /export (async )?function\*? ?readEvents/.test(readFileSync(reader, 'utf8')) &&
    /export function extractSignals/.test(readFileSync(signals, 'utf8'))
  );
}

/** Points ./our-reader.ts at reader-pending.ts while the reader does not exist yet. */
const pendingReader: Plugin = {
  name: 'pending-reader',
  setup(b) {
    b.onResolve({ filter: /\/our-reader\.ts$/ }, () =>
      readerLanded() ? undefined : { path: join(HERE, 'reader-pending.ts') },
    );
  },
};

/**
 * Bundles the case runner the way esbuild bundles a Lambda, so a child runs plain Node 24 and its
 * peak RSS is the code's, not a TypeScript loader's.
 */
export async function bundleCaseRunner(outDir: string): Promise<string> {
  const outfile = join(outDir, 'bench-case.mjs');
  await build({
    entryPoints: [join(HERE, 'bench-case.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    sourcemap: 'linked',
    logLevel: 'warning',
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    plugins: [pendingReader],
  });
  return outfile;
}
