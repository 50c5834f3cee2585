/**
 * One computer's event log in a scenario: events are added in any order, then numbered per channel
 * in time order (as Windows numbers EventRecordID) and written to files laid out as the shipper
 * uploads them: `<host>/<yyyy>/<mm>/<dd>/<name>`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type EventSpec, systemTime } from './event-spec.ts';
import { noiseEvent } from './noise-events.ts';
import { type FileOptions, renderFile } from './render-events.ts';
import type { SeededRandom } from './seeded-random.ts';

export class HostLog {
  readonly events: EventSpec[] = [];
  private sealed = false;

  constructor(
    readonly fqdn: string,
    private readonly rng: SeededRandom,
  ) {}

  /** The short name in lower case, used for the folder (`incoming/<host>/…`). */
  get folder(): string {
    return (this.fqdn.split('.')[0] ?? this.fqdn).toLowerCase();
  }

  add(...specs: EventSpec[]): EventSpec[] {
    if (this.sealed) throw new Error(`${this.fqdn}: log already numbered`);
    this.events.push(...specs);
    return specs;
  }

  /** `count` ordinary events at random times in [fromMs, toMs). */
  noise(count: number, fromMs: number, toMs: number): void {
    for (let i = 0; i < count; i++) {
      const ms = fromMs + Math.floor(this.rng.next() * (toMs - fromMs));
      this.add(
        noiseEvent(this.rng, {
          computer: this.fqdn,
          time: systemTime(ms, this.rng.int(0, 9999)),
          recordId: 0,
        }),
      );
    }
  }

  /** Sorts by time and gives each channel its own increasing EventRecordID, from a random start. */
  seal(): void {
    this.events.sort((a, b) => (a.timeCreated < b.timeCreated ? -1 : a.timeCreated > b.timeCreated ? 1 : 0));
    const next = new Map<string, number>();
    for (const event of this.events) {
      const id = next.get(event.channel) ?? this.rng.int(1_000, 90_000);
      event.recordId = id;
      next.set(event.channel, id + 1);
    }
    this.sealed = true;
  }

  /** The events of a channel whose time falls in [from, to) (ISO strings; string order is time order). */
  slice(channel: string, from = '', to = '\uffff'): EventSpec[] {
    return this.events.filter((e) => e.channel === channel && e.timeCreated >= from && e.timeCreated < to);
  }
}

export interface LogFile extends FileOptions {
  /** The file name inside the host's day folder, e.g. `System-0600.xml.gz`. */
  name: string;
  events: EventSpec[];
}

/** Writes the files of one host for one day; returns their paths relative to `dir`. */
export async function writeHostFiles(
  dir: string,
  host: HostLog,
  dayMs: number,
  files: LogFile[],
): Promise<string[]> {
  const day = new Date(dayMs).toISOString();
  const folder = join(host.folder, day.slice(0, 4), day.slice(5, 7), day.slice(8, 10));
  const written: string[] = [];
  for (const file of files) {
    const relative = join(folder, file.name);
    await mkdir(dirname(join(dir, relative)), { recursive: true });
    await writeFile(join(dir, relative), renderFile(file.events, file));
    written.push(relative);
  }
  return written;
}
