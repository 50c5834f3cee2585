import type { ActivationFailure } from '../signals/signal.ts';
import { type ClientTally, canonicalClsid, type FailureSession, FIRST_SAMPLE } from './failure-session.ts';
import { ns } from './leak-reach.ts';

/** The failures of a session that an incident counts: from its anchoring leak's reach on. */
export interface CountedFailures {
  first: string;
  last: string;
  count: number;
  /** Per reporter, the count, first and last of its failures from the reach on. */
  clients: ClientTally[];
  otherClientFailures?: number;
  clsids: string[];
  firstFailures: ActivationFailure[];
  lastFailures: ActivationFailure[];
  /** Failures of the session before the reach, left out. */
  before: number;
  /**
   * Failures before the reach that could not be told apart (more than the sample holds, or a computer whose first
   * failure after the reach the sample does not hold): counted in.
   */
  failingBeforeLeak: boolean;
}

/**
 * The failures of `session` at or after `start` (the anchoring leak minus `skew`). A session keeps its first
 * FIRST_SAMPLE failures whole, so when fewer than that came before `start` (a client clock running behind, a stray
 * error) they are left out exactly: counts, clients (with their first failure after) and CLSIDs alike. More than
 * that before the leak means the application was failing already: the session is counted whole and flagged (as it
 * is when a computer's first failure after the reach lies past the sample, so its first time is not known).
 */
export function countedFailures(session: FailureSession, start: bigint): CountedFailures {
  const before = session.firstFailures.filter((f) => ns(f.time) < start);
  const separable = before.length > 0 && before.length < FIRST_SAMPLE && before.length < session.count;
  if (!separable) return whole(session, before.length > 0);
  const perReporter = countBy(before.map((f) => f.reporter));
  const perClsid = countBy(before.flatMap((f) => (f.clsid ? [canonicalClsid(f.clsid)] : [])));
  const after = session.firstFailures.filter((f) => ns(f.time) >= start);
  const clients: ClientTally[] = [];
  for (const client of session.clients) {
    const left = perReporter.get(client.name) ?? 0;
    if (left === 0) {
      clients.push(client);
      continue;
    }
    const count = client.count - left;
    if (count === 0) continue;
    // Its first counted failure: in the sample (which holds every failure before the last one it keeps), or its last.
    const first =
      after.find((f) => f.reporter === client.name)?.time ?? (count === 1 ? client.last : undefined);
    if (first === undefined) return whole(session, true);
    clients.push({ ...client, count, first });
  }
  const kept = new Set(session.clients.map((c) => c.name));
  const othersBefore = before.filter((f) => !kept.has(f.reporter)).length;
  const others = (session.otherClients?.count ?? 0) - othersBefore;
  return {
    first: (after[0] as ActivationFailure).time,
    last: session.last,
    count: session.count - before.length,
    clients,
    ...(others > 0 ? { otherClientFailures: others } : {}),
    clsids: Object.entries(session.clsids)
      .filter(([clsid, n]) => n - (perClsid.get(clsid) ?? 0) > 0)
      .map(([clsid]) => clsid)
      .sort(),
    firstFailures: after,
    lastFailures: session.lastFailures.filter((f) => ns(f.time) >= start),
    before: before.length,
    failingBeforeLeak: false,
  };
}

function whole(session: FailureSession, failingBeforeLeak: boolean): CountedFailures {
  return {
    first: session.first,
    last: session.last,
    count: session.count,
    clients: session.clients,
    ...(session.otherClients ? { otherClientFailures: session.otherClients.count } : {}),
    clsids: Object.keys(session.clsids).sort(),
    firstFailures: session.firstFailures,
    lastFailures: session.lastFailures,
    before: 0,
    failingBeforeLeak,
  };
}

function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}
