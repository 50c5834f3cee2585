/**
 * Where and when corpus events happen: the sample forest, one advancing clock (100 ns ticks) and
 * EventRecordIDs that rise per (host, channel) as Windows numbers them. The corpus lets the clock
 * run; the storm pins it to the time it has chosen for each event.
 */
import { type Account, CORP_ACCOUNTS, CORP_HOSTS, type Host } from './corp-network.ts';
import { type EventSpec, systemTimeOfTicks } from './event-spec.ts';
import type { EventPlace } from './ordinary-events.ts';
import type { SeededRandom } from './seeded-random.ts';

/**
 * What the generator meant an event to be: the bench's ground truth. Besides ordinary events and
 * near-misses, one role per signal kind (leak, failure, restart, logon, logoff).
 */
export const EVENT_ROLES = [
  'ordinary',
  'near-miss',
  'leak',
  'failure',
  'restart',
  'logon',
  'logoff',
] as const;
export type EventRole = (typeof EVENT_ROLES)[number];

export interface RoledEvent {
  event: EventSpec;
  role: EventRole;
}

export class CorpusWorld {
  readonly accounts: readonly Account[] = CORP_ACCOUNTS;
  /** Hosts whose COM+ / IIS identity lost its hive: failures are generated against them. */
  readonly broken = new Set<Host>();
  private readonly records = new Map<string, number>();
  private clock: bigint;
  private pinned: bigint | undefined;

  constructor(
    readonly rnd: SeededRandom,
    readonly hosts: readonly Host[] = CORP_HOSTS,
    startMs = Date.UTC(2026, 4, 10),
    /** The longest step between two events, in 100 ns ticks (steps are uniform in [1, maxStep]). */
    private readonly maxStep = 50_000_000,
  ) {
    this.clock = BigInt(startMs) * 10_000n;
  }

  servers(): Host[] {
    return this.hosts.filter((h) => h.role !== 'ws');
  }

  host(role?: Host['role']): Host {
    return this.rnd.pick(role ? this.hosts.filter((h) => h.role === role) : this.hosts);
  }

  account(): Account {
    return this.rnd.pick(this.accounts);
  }

  /** Moves time forward by maxStep / 2 on average (2.5 s by default), with 100 ns resolution; a pinned clock stays put. */
  tick(): bigint {
    if (this.pinned !== undefined) return this.pinned;
    this.clock += BigInt(this.rnd.int(1, this.maxStep));
    return this.clock;
  }

  /** The time of the event made last (the clock, or where it is pinned). */
  now(): bigint {
    return this.pinned ?? this.clock;
  }

  /** Time a little later than `ticks`, for the second event of a pair (e.g. the _Classes 1530). */
  later(ticks: bigint): bigint {
    this.clock = ticks + BigInt(this.rnd.int(1, 4)) * 10_000_000n + BigInt(this.rnd.int(0, 9_999_999));
    return this.clock;
  }

  /** Every event made from now on is stamped `ticks` (undefined lets the clock run again). */
  pin(ticks: bigint | undefined): void {
    this.pinned = ticks;
  }

  /** Sets the EventRecordID the next event of `host` in `channel` gets. */
  startRecords(host: Host, channel: string, next: number): void {
    this.records.set(`${host.short}|${channel}`, next - 1);
  }

  nextRecord(host: Host, channel: string): number {
    const key = `${host.short}|${channel}`;
    const next = (this.records.get(key) ?? this.rnd.int(1000, 900_000)) + 1;
    this.records.set(key, next);
    return next;
  }

  /** The next event's place on `host` in `channel`: time, record id, a plausible process and thread. */
  place(host: Host, channel: string): EventPlace {
    return {
      computer: host.fqdn,
      time: systemTimeOfTicks(this.tick()),
      recordId: this.nextRecord(host, channel),
      processId: this.rnd.int(4, 12000) & ~3,
      threadId: this.rnd.int(4, 30000) & ~3,
    };
  }

  /** The System part shared by every event of a provider on a host. */
  base(
    host: Host,
    channel: string,
    provider: EventSpec['provider'],
    eventId: number,
    rest: Partial<EventSpec> = {},
  ): EventSpec {
    return {
      provider,
      eventId,
      level: 4,
      task: 0,
      keywords: '0x80000000000000',
      timeCreated: systemTimeOfTicks(this.tick()),
      recordId: this.nextRecord(host, channel),
      processId: this.rnd.int(4, 12000) & ~3,
      threadId: this.rnd.int(4, 30000) & ~3,
      channel,
      computer: host.fqdn,
      ...rest,
    };
  }
}
