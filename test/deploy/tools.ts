import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** A command on PATH, or why it cannot be used here. */
export type Tool = { found: true; path: string; version: string } | { found: false; reason: string };

/** The executable `name` in a PATH directory, as a shell would find it. */
export function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return undefined;
}

/** Runs `name args` and keeps the first line it prints; a shim without the tool behind it fails here too. */
export function tool(name: string, versionArgs: string[], install: string): Tool {
  const path = onPath(name);
  if (!path) return { found: false, reason: `${name} is not on PATH (${install})` };
  const run = spawnSync(path, versionArgs, { encoding: 'utf8', timeout: 30_000 });
  if (run.status !== 0) {
    const said = `${run.stderr ?? ''}${run.stdout ?? ''}`.trim().split('\n')[0] ?? '';
    return { found: false, reason: `${path} ${versionArgs.join(' ')} failed: ${said} (${install})` };
  }
  const version = `${run.stdout}${run.stderr}`.trim().split('\n')[0] ?? '';
  return { found: true, path, version };
}

/**
 * A Python that can import boto3, to run the CDK's Python custom-resource handler: the interpreter of moto_server's
 * own script when its shebang names one (pipx, venv), else python3 on PATH (pyenv shims, system packages).
 */
export function pythonWithBoto3(motoServerPath: string): Tool {
  const shebang = readFileSync(motoServerPath, 'utf8').split('\n')[0] ?? '';
  const fromShebang = /^#!\s*(\S*python[\d.]*)\s*$/.exec(shebang)?.[1];
  const candidates = [fromShebang, onPath('python3')].filter((p): p is string => Boolean(p));
  for (const python of candidates) {
    const run = spawnSync(python, ['-c', 'import boto3; print(boto3.__version__)'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    if (run.status === 0) return { found: true, path: python, version: `boto3 ${run.stdout.trim()}` };
  }
  return {
    found: false,
    reason: `no Python with boto3 among ${candidates.join(', ') || 'none'} (moto_server's own interpreter has it)`,
  };
}
