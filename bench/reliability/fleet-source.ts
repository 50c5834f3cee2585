import { Worker } from 'node:worker_threads';
import type { FleetObject, FleetOptions } from '../../samples/fleet-scenario.ts';

type Waiter = { resolve: (w: FleetObject[] | undefined) => void; reject: (e: Error) => void };

/** The fleet's windows in order, rendered one ahead in a worker thread (fleet-worker.ts). */
export class FleetSource {
  private readonly worker: Worker;
  private waiter: Waiter | undefined;
  private ahead: Promise<FleetObject[] | undefined>;

  constructor(options: FleetOptions) {
    this.worker = new Worker(new URL('./fleet-worker.ts', import.meta.url), { workerData: options });
    this.worker.on('message', (window?: (FleetObject & { body: Uint8Array })[]) =>
      this.waiter?.resolve(
        window?.map((o) => ({
          ...o,
          body: Buffer.from(o.body.buffer, o.body.byteOffset, o.body.byteLength),
        })),
      ),
    );
    this.worker.on('error', (error) => this.waiter?.reject(error));
    this.ahead = this.request();
  }

  /** The next window's objects, or undefined after the last window. */
  async next(): Promise<FleetObject[] | undefined> {
    const window = await this.ahead;
    if (window) this.ahead = this.request();
    return window;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private request(): Promise<FleetObject[] | undefined> {
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
      this.worker.postMessage('next');
    });
  }
}
