import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { IngestRecord } from '../../functions/ingest/ingest-record.port.ts';
import { FUNCTION_NODE_OPTIONS } from '../../lib/pipeline-function.ts';
import type { ChildMessage, FunctionJob, ParentMessage, Usage } from './function-messages.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./function-process.ts', import.meta.url));

interface Member {
  readonly id: number;
  readonly child: ChildProcess;
  usage: Usage;
  /** When the batch it holds began (performance.now()), and its size. */
  batchStartedAt: number | undefined;
  batchRecords: number;
  exited: Promise<void>;
}

/**
 * The function's concurrency as Lambda gives it: `size` processes polling one queue. A process killed (the fault)
 * is replaced by a new one, as Lambda starts a new container; its unfinished batch comes back after the queue's
 * visibility timeout. Every ingest record any process writes is passed to `onRecord`.
 */
export class FunctionPool {
  private readonly members = new Map<number, Member>();
  private readonly retired: Usage[] = [];
  private nextId = 0;
  private clockMs: number;
  private settings: ParentMessage[] = [];
  killed = 0;
  /** Records reported in batchItemFailures (left for SQS to deliver again). */
  failedRecords = 0;

  constructor(
    private readonly job: FunctionJob,
    private readonly onRecord: (record: IngestRecord) => void,
  ) {
    this.clockMs = job.clockMs;
  }

  async start(size: number): Promise<void> {
    await Promise.all(Array.from({ length: size }, () => this.spawn()));
  }

  /** The simulated clock, to every process (and to those started later). */
  setClock(ms: number): void {
    this.clockMs = ms;
    this.broadcast({ kind: 'clock', ms });
  }

  /** A fault setting (SNS down, DynamoDB error rate), kept for processes started later. */
  set(message: Extract<ParentMessage, { kind: 'sns' | 'dynamo' }>): void {
    this.settings = [...this.settings.filter((m) => m.kind !== message.kind), message];
    this.broadcast(message);
  }

  /**
   * SIGKILLs a process `afterMs` into a batch it holds, and starts its replacement (Lambda starts a new container).
   * Undefined when no process took a batch within `withinMs`.
   */
  async killMidBatch(
    afterMs: number,
    withinMs: number,
  ): Promise<{ records: number; ms: number } | undefined> {
    const deadline = Date.now() + withinMs;
    while (Date.now() < deadline) {
      const busy = [...this.members.values()].find((m) => m.batchStartedAt !== undefined);
      const since = busy?.batchStartedAt;
      if (busy && since !== undefined && performance.now() - since >= afterMs) {
        const records = busy.batchRecords;
        const ms = Math.round(performance.now() - since);
        busy.child.kill('SIGKILL');
        this.killed += 1;
        await busy.exited;
        await this.spawn();
        return { records, ms };
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    return undefined;
  }

  /** Usage of every process this pool ran (the last report of those that exited). */
  usages(): Usage[] {
    return [...this.retired, ...[...this.members.values()].map((m) => m.usage)];
  }

  async stop(): Promise<void> {
    const members = [...this.members.values()];
    for (const m of members) m.child.send({ kind: 'stop' } satisfies ParentMessage);
    await Promise.all(members.map((m) => m.exited));
  }

  private broadcast(message: ParentMessage): void {
    for (const m of this.members.values()) if (m.child.connected) m.child.send(message);
  }

  private spawn(): Promise<void> {
    const id = this.nextId++;
    const child = fork(SCRIPT, [], {
      cwd: REPO,
      execArgv: ['--import', 'tsx'],
      // the Node flags the stack gives the deployed function (a small young generation)
      env: {
        ...process.env,
        NODE_OPTIONS: FUNCTION_NODE_OPTIONS,
        HIVEWATCH_FUNCTION_JOB: JSON.stringify({ ...this.job, clockMs: this.clockMs }),
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const zero = {
      rssMb: 0,
      peakRssMb: 0,
      cpuSeconds: 0,
      readUnits: 0,
      writeUnits: 0,
      injected: 0,
      refused: 0,
    };
    const member: Member = {
      id,
      child,
      usage: zero,
      batchStartedAt: undefined,
      batchRecords: 0,
      exited: new Promise((done) =>
        child.once('exit', () => {
          this.members.delete(id);
          this.retired.push(member.usage);
          done();
        }),
      ),
    };
    this.members.set(id, member);
    return new Promise((ready, failed) => {
      child.once('exit', (code, signal) => failed(new Error(`function process exited (${code ?? signal})`)));
      child.on('message', (message: ChildMessage) => {
        if (message.kind === 'record') this.onRecord(message.record);
        else if (message.kind === 'batch') {
          member.batchStartedAt = message.state === 'start' ? performance.now() : undefined;
          member.batchRecords = message.records;
          this.failedRecords += message.failed ?? 0;
        } else {
          const { kind: _, ...usage } = message;
          member.usage = usage;
          if (message.kind === 'ready') {
            child.send({ kind: 'clock', ms: this.clockMs } satisfies ParentMessage);
            for (const setting of this.settings) child.send(setting);
            ready();
          }
        }
      });
    });
  }
}
