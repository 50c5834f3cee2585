import { eventTimeToNs } from '../reader/event-time.ts';
import { type ActivationFailure, byTimeThenEvent, type FailureForm } from '../signals/signal.ts';
import {
  CLIENT_LIMIT,
  CLSID_LIMIT,
  type ClientTally,
  canonicalClsid,
  type FailureSession,
  FIRST_SAMPLE,
  LAST_SAMPLE,
  sampled,
} from './failure-session.ts';

/**
 * Failures folded into sessions one at a time, in place: what a storm costs per failure is a few map updates, not
 * a session object merged into another. `sessions()` gives exactly what merging single-failure sessions
 * (failure-session.ts) gives; `chainSessions` then joins any the later failures brought within `quiet`.
 */
export class SessionBuilder {
  private readonly open: OpenSession[] = [];
  private last: OpenSession | undefined;

  constructor(private readonly quietNs: bigint) {}

  add(failure: ActivationFailure): void {
    const ns = eventTimeToNs(failure.time);
    const session = this.reaching(ns);
    if (session) session.add(failure, ns);
    else {
      const fresh = new OpenSession(failure, ns);
      this.open.push(fresh);
      this.last = fresh;
    }
  }

  sessions(): FailureSession[] {
    return this.open.map((s) => s.toSession());
  }

  /** The session the failure chains onto: the last one used (a storm arrives in order), else any. */
  private reaching(ns: bigint): OpenSession | undefined {
    if (this.last?.reaches(ns, this.quietNs)) return this.last;
    const found = this.open.find((s) => s.reaches(ns, this.quietNs));
    if (found) this.last = found;
    return found;
  }
}

class OpenSession {
  first: string;
  last: string;
  firstNs: bigint;
  lastNs: bigint;
  count = 0;
  readonly clients = new Map<string, ClientTally>();
  readonly clsids = new Map<string, number>();
  readonly forms = new Map<FailureForm, number>();
  foreign = 0;
  readonly firstFailures: ActivationFailure[] = [];
  readonly lastFailures: ActivationFailure[] = [];

  constructor(failure: ActivationFailure, ns: bigint) {
    this.first = failure.time;
    this.last = failure.time;
    this.firstNs = ns;
    this.lastNs = ns;
    this.add(failure, ns);
  }

  /** A failure at `ns` chains onto this session: inside it, or less than `quiet` from one of its ends. */
  reaches(ns: bigint, quiet: bigint): boolean {
    return ns > this.firstNs - quiet && ns < this.lastNs + quiet;
  }

  add(failure: ActivationFailure, ns: bigint): void {
    this.count += 1;
    if (ns < this.firstNs) {
      this.firstNs = ns;
      this.first = failure.time;
    }
    if (ns > this.lastNs) {
      this.lastNs = ns;
      this.last = failure.time;
    }
    const tally = this.clients.get(failure.reporter);
    if (!tally) {
      this.clients.set(failure.reporter, {
        name: failure.reporter,
        fqdn: failure.reporterFqdn,
        count: 1,
        first: failure.time,
        last: failure.time,
      });
    } else {
      tally.count += 1;
      if (failure.time < tally.first) tally.first = failure.time;
      if (failure.time > tally.last) tally.last = failure.time;
      if (failure.reporterFqdn < tally.fqdn) tally.fqdn = failure.reporterFqdn;
    }
    if (failure.clsid) {
      const clsid = canonicalClsid(failure.clsid);
      this.clsids.set(clsid, (this.clsids.get(clsid) ?? 0) + 1);
    }
    const form = failure.form ?? (failure.failure === 'client-dcom-10006' ? 'dcom-10006' : 'hresult-hex');
    this.forms.set(form, (this.forms.get(form) ?? 0) + 1);
    if (failure.evidence.shippedBy) this.foreign += 1;
    keepFirst(this.firstFailures, failure, FIRST_SAMPLE);
    keepLast(this.lastFailures, failure, LAST_SAMPLE);
  }

  toSession(): FailureSession {
    const all = [...this.clients.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const dropped = all.slice(CLIENT_LIMIT);
    const named = [...this.clsids.keys()].sort();
    const session: FailureSession = {
      first: this.first,
      last: this.last,
      count: this.count,
      clients: all.slice(0, CLIENT_LIMIT).map((c) => ({ ...c })),
      clsids: Object.fromEntries(named.slice(0, CLSID_LIMIT).map((c) => [c, this.clsids.get(c) as number])),
      forms: Object.fromEntries(this.forms),
      firstFailures: this.firstFailures.map(sampled),
      lastFailures: this.lastFailures.map(sampled),
    };
    if (dropped.length > 0) {
      session.otherClients = {
        count: dropped.reduce((n, c) => n + c.count, 0),
        first: dropped.reduce((t, c) => (c.first < t ? c.first : t), dropped[0]?.first as string),
        last: dropped.reduce((t, c) => (c.last > t ? c.last : t), dropped[0]?.last as string),
      };
    }
    if (named.length > CLSID_LIMIT) session.moreClsids = true;
    if (this.foreign > 0) session.foreignShipper = this.foreign;
    return session;
  }
}

/** Keeps the `limit` earliest failures, sorted: most failures of a storm come later and cost one comparison. */
function keepFirst(kept: ActivationFailure[], failure: ActivationFailure, limit: number): void {
  const lastKept = kept[kept.length - 1];
  if (kept.length >= limit && lastKept && byTimeThenEvent(failure, lastKept) >= 0) return;
  insertSorted(kept, failure);
  if (kept.length > limit) kept.pop();
}

/** Keeps the `limit` latest failures, sorted. */
function keepLast(kept: ActivationFailure[], failure: ActivationFailure, limit: number): void {
  const firstKept = kept[0];
  if (kept.length >= limit && firstKept && byTimeThenEvent(failure, firstKept) <= 0) return;
  insertSorted(kept, failure);
  if (kept.length > limit) kept.shift();
}

function insertSorted(kept: ActivationFailure[], failure: ActivationFailure): void {
  let at = kept.length;
  while (at > 0 && byTimeThenEvent(kept[at - 1] as ActivationFailure, failure) > 0) at--;
  kept.splice(at, 0, failure);
}
