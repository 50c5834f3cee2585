import type { CorpusEvent } from './corpus-event.ts';
import type { SeededRandom } from './seeded-random.ts';

/** A domain of servers and workstations, with per-log record ids and one advancing clock. */
export interface Host {
  short: string;
  fqdn: string;
  ip: string;
  role: 'app' | 'web' | 'sql' | 'dc' | 'file' | 'ws';
}

export interface Account {
  name: string;
  domain: string;
  sid: string;
}

const DOMAIN_SID = 'S-1-5-21-3623811015-3361044348-30300820';
const DNS = 'corp.example.net';

function hosts(): Host[] {
  const out: Host[] = [];
  const add = (prefix: string, role: Host['role'], count: number, net: number) => {
    for (let i = 1; i <= count; i++) {
      const short = `${prefix}${String(i).padStart(2, '0')}`;
      out.push({ short, fqdn: `${short}.${DNS}`, ip: `10.20.${net}.${10 + i}`, role });
    }
  };
  add('APP', 'app', 12, 1);
  add('WEB', 'web', 8, 2);
  add('SQL', 'sql', 4, 3);
  add('DC', 'dc', 3, 4);
  add('FS', 'file', 3, 5);
  add('WS-', 'ws', 30, 6);
  return out;
}

const PEOPLE = [
  'jsmith',
  '山田太郎',
  'Łukasz.Wróbel',
  'akowalski',
  'mgarcia',
  'jose.muller',
  'lukasz.zielinski',
  'yamada.taro',
  'sofia.andersson',
  'o.brien',
  'nguyen.van.an',
  'francois.lefevre',
  'svc_complus',
  'svc_reports',
  'svc_iispool',
  'svc_sql',
  'svc_backup',
  'administrator',
  'helpdesk01',
  'ana.pereira',
  'zoe.müller',
  'björn.svensson',
];

export class CorpusWorld {
  readonly hosts = hosts();
  readonly accounts: Account[] = PEOPLE.map((name, i) => ({
    name,
    domain: 'CORP',
    sid: `${DOMAIN_SID}-${1104 + i * 7}`,
  }));
  /** Hosts whose COM+ / IIS identity lost its hive: failures are generated against them. */
  readonly broken = new Set<Host>();
  private readonly records = new Map<string, number>();
  private clock = BigInt(Date.UTC(2026, 4, 10)) * 10_000n;

  constructor(readonly rnd: SeededRandom) {}

  servers(): Host[] {
    return this.hosts.filter((h) => h.role !== 'ws');
  }

  host(role?: Host['role']): Host {
    return this.rnd.pick(role ? this.hosts.filter((h) => h.role === role) : this.hosts);
  }

  account(): Account {
    return this.rnd.pick(this.accounts);
  }

  /** Moves time forward by 2.5 s on average, with 100 ns resolution. */
  tick(): bigint {
    this.clock += BigInt(this.rnd.int(1, 50_000_000));
    return this.clock;
  }

  /** Time a little later than now, for the second event of a pair (e.g. the _Classes 1530). */
  later(ticks: bigint): bigint {
    this.clock = ticks + BigInt(this.rnd.int(1, 4)) * 10_000_000n + BigInt(this.rnd.int(0, 9_999_999));
    return this.clock;
  }

  nextRecord(host: Host, channel: string): number {
    const key = `${host.short}|${channel}`;
    const next = (this.records.get(key) ?? this.rnd.int(1000, 900_000)) + 1;
    this.records.set(key, next);
    return next;
  }

  /** The System part shared by every event of a provider on a host. */
  base(
    host: Host,
    channel: string,
    provider: CorpusEvent['provider'],
    eventId: number,
    rest: Partial<CorpusEvent> = {},
  ): CorpusEvent {
    return {
      provider,
      eventId,
      level: 4,
      task: 0,
      keywords: '0x80000000000000',
      ticks: this.tick(),
      recordId: this.nextRecord(host, channel),
      pid: this.rnd.int(4, 12000) & ~3,
      tid: this.rnd.int(4, 30000) & ~3,
      channel,
      computer: host.fqdn,
      ...rest,
    };
  }
}
