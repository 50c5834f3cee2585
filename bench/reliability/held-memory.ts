import { setImmediate as tick } from 'node:timers/promises';

const gc = (globalThis as { gc?: () => void }).gc;
const MB = 1024 * 1024;

/**
 * Memory still reachable: heap and ArrayBuffers after a full GC (NaN without --expose-gc). V8 frees unreachable
 * ArrayBuffers' memory in a sweep that may run after the GC returns: one tick and a second GC let it finish, or a
 * 1 MiB chunk stream would look like it holds the last ~64 chunks (measured).
 */
export async function heldBytes(): Promise<number> {
  if (!gc) return Number.NaN;
  gc();
  await tick();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Peak RSS and peak held memory over a read, sampled by `sample()` (held: every 64th call). */
export class MemoryWatch {
  private readonly rssBefore = process.memoryUsage.rss();
  private rssPeak = this.rssBefore;
  private heldPeak = Number.NaN;
  private calls = 0;

  private constructor(private readonly heldBefore: number) {
    this.heldPeak = heldBefore;
  }

  static async start(): Promise<MemoryWatch> {
    return new MemoryWatch(await heldBytes());
  }

  async sample(): Promise<void> {
    this.rssPeak = Math.max(this.rssPeak, process.memoryUsage.rss());
    if ((++this.calls & 63) === 0) this.heldPeak = Math.max(this.heldPeak, await heldBytes());
  }

  /** RSS growth and held memory at most, above the start (MB). */
  async end(): Promise<{ growthMb: number; heldMb: number; peakRssMb: number }> {
    await this.sample();
    const held = Math.max(this.heldPeak, await heldBytes());
    return {
      growthMb: (this.rssPeak - this.rssBefore) / MB,
      heldMb: (held - this.heldBefore) / MB,
      peakRssMb: this.rssPeak / MB,
    };
  }
}
