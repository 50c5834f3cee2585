import { type ChildProcess, spawn } from 'node:child_process';
import { freeLoopbackPort } from '../../local/free-port.ts';

export interface MotoServer {
  readonly endpoint: string;
  /** Everything moto printed (its "No Moto CloudFormation support for …" lines among them). */
  log(): string;
  stop(): Promise<void>;
}

const READY_WITHIN_MS = 30_000;

/** Starts `moto_server` on a free loopback port, in its own process group so that stop() ends all of it. */
export async function startMotoServer(path: string): Promise<MotoServer> {
  const port = await freeLoopbackPort();
  const child = spawn(path, ['-H', '127.0.0.1', '-p', String(port)], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = () => stopGroup(child);
  // A test run that dies between start and afterAll must not leave moto behind.
  const onExit = () => child.pid && tryKill(-child.pid, 'SIGKILL');
  process.once('exit', onExit);
  try {
    await waitUntilServing(endpoint, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    endpoint,
    log: () => output,
    stop: async () => {
      process.off('exit', onExit);
      await stop();
    },
  };
}

async function waitUntilServing(endpoint: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_WITHIN_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited (${child.exitCode}):\n${output()}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.ok) return;
    } catch {}
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(
    `moto_server did not answer on ${endpoint} within ${READY_WITHIN_MS / 1000} s:\n${output()}`,
  );
}

/** SIGTERM to the group, SIGKILL if it is still there after 5 s. */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  tryKill(-child.pid, 'SIGTERM');
  const killed = await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]);
  if (!killed) {
    tryKill(-child.pid, 'SIGKILL');
    await exited;
  }
}

function tryKill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {}
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
