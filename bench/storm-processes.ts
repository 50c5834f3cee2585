import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { AlertMessage } from '../functions/alerts/notifier.port.ts';
import { FUNCTION_NODE_OPTIONS } from '../lib/pipeline-function.ts';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const TSX = fileURLToPath(new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url));

export interface InvocationResult {
  key: string;
  /** Wall time of the invocation (its DynamoDB round trips included). */
  ms: number;
  /** CPU time of the function process during the invocation: its own work, whatever else runs on the machine. */
  cpuMs: number;
  readUnits: number;
  writeUnits: number;
  failed: number;
  newSignals: number;
}

export interface FunctionEnd {
  alerts: AlertMessage['attributes'][];
  peakRssMb: number;
}

/** The ingest function in its own process (storm-lambda.ts): one object per invocation, answered in order. */
export async function startFunction(job: unknown) {
  const child = spawn(process.execPath, [TSX, 'bench/storm-lambda.ts'], {
    cwd: REPO,
    // the flags the stack gives the deployed function (lib/pipeline-function.ts)
    env: { ...process.env, NODE_OPTIONS: FUNCTION_NODE_OPTIONS, HIVEWATCH_STORM_JOB: JSON.stringify(job) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const line = await lines.next();
    if (line.done) throw new Error('the function process ended early (see its stderr above)');
    return JSON.parse(line.value) as Record<string, unknown>;
  };
  await next(); // ready
  return {
    async invoke(key: string): Promise<InvocationResult> {
      child.stdin.write(`${key}\n`);
      return (await next()) as unknown as InvocationResult;
    },
    async finish(): Promise<FunctionEnd> {
      child.stdin.write('done\n');
      return (await next()) as unknown as FunctionEnd;
    },
    kill: () => child.kill(),
  };
}

/** Runs a script of the repository under tsx; its stdout, and its stderr passed through. */
export function runProcess(script: string, args: readonly string[]): Promise<{ stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX, script, ...args], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.on('exit', (code) =>
      code === 0 ? resolve({ stdout }) : reject(new Error(`${script} exited with ${code}`)),
    );
  });
}
