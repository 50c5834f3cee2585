import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localCredentials, localRegion } from '../../local/local-aws.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const TSX_CLI = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url));
/** A home with no ~/.aws: the credential chain finds only what a test gives it (one folder, kept empty, for every run). */
const EMPTY_HOME = join(tmpdir(), 'hivewatch-cli-empty-home');
mkdirSync(EMPTY_HOME, { recursive: true });

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real CLI (`tsx bin/hivewatch.ts …`) in a child process with an environment built from nothing but PATH
 * and what the test gives: no AWS variable, no profile, no instance metadata leaks in from this machine.
 */
export function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  const base: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: EMPTY_HOME,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(EMPTY_HOME, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(EMPTY_HOME, 'no-credentials'),
    ...(process.env.JAVA_HOME ? { JAVA_HOME: process.env.JAVA_HOME } : {}),
  };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [TSX_CLI, 'bin/hivewatch.ts', ...args],
      { cwd: REPO, env: { ...base, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === 'number' ? error.code : error ? 1 : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The environment of a CLI pointed at local services (any credentials work there). */
export function localAwsEnv(
  endpoints: { dynamodb?: string; sns?: string; control?: string } = {},
): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    AWS_REGION: localRegion,
    ...(endpoints.dynamodb ? { AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb } : {}),
    ...(endpoints.sns ? { AWS_ENDPOINT_URL_SNS: endpoints.sns } : {}),
    ...(endpoints.control
      ? { AWS_ENDPOINT_URL_CLOUDFORMATION: endpoints.control, AWS_ENDPOINT_URL_STS: endpoints.control }
      : {}),
  };
}
