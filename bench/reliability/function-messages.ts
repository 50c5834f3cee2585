import { z } from 'zod';
import type { IngestRecord } from '../../functions/ingest/ingest-record.port.ts';

/** What the driver gives a function process at start: where the services are, its environment, the clock. */
export const FunctionJob = z.object({
  endpoints: z.object({ messaging: z.string(), dynamodb: z.string(), region: z.string() }),
  env: z.record(z.string(), z.string()),
  queueUrl: z.string(),
  batchSize: z.number().int().min(1).max(10),
  /** The simulated clock when the process starts (ms since the epoch). */
  clockMs: z.number(),
});
export type FunctionJob = z.infer<typeof FunctionJob>;

/** Driver → function process. */
export type ParentMessage =
  | { kind: 'clock'; ms: number }
  | { kind: 'sns'; down: boolean }
  | { kind: 'dynamo'; rate: number }
  | { kind: 'stop' };

export interface Usage {
  rssMb: number;
  peakRssMb: number;
  cpuSeconds: number;
  readUnits: number;
  writeUnits: number;
  /** DynamoDB errors injected so far (the SDK retried some of them). */
  injected: number;
  /** Publishes refused while SNS was down. */
  refused: number;
}

/** Function process → driver. */
export type ChildMessage =
  | ({ kind: 'ready' } & Usage)
  | ({ kind: 'usage' } & Usage)
  | { kind: 'batch'; batch: number; state: 'start' | 'end'; records: number; failed?: number }
  | { kind: 'record'; record: IngestRecord };
