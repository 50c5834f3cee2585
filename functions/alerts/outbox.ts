import { isDeepStrictEqual } from 'node:util';
import type { Incident } from '../correlation/incident.ts';
import { EvidenceLimit, type OutboxEntry, type StoredIncident } from './stored-incident.ts';

const pending: OutboxEntry = { state: 'pending', attempts: 0 };

/**
 * The one place where the alert decision is taken: what a stored incident becomes when the host's incidents
 * are recomputed from `basis` signals. Returns undefined when nothing must be written.
 * - a computation on fewer signals than the stored one is stale and changes nothing;
 * - an incident that reaches the threshold gets an `opened` notification pending, once (never replaced);
 *   a successor of superseded incidents inherits their opened notification instead of deciding a new one;
 * - resolved is final: a later recomputation with an event-time horizon cannot reopen what the clock resolved;
 * - resolving an alerted incident queues the `resolved` notification, once.
 * The store writes the result with a version condition, so two racing invocations cannot both take a decision.
 */
export function reconcileIncident(
  stored: StoredIncident | undefined,
  computed: Incident,
  basis: number,
  now: Date,
  inheritedAlert?: OutboxEntry,
): StoredIncident | undefined {
  if (stored && (stored.basis > basis || stored.status === 'superseded')) return undefined;
  const resolvedBefore = stored?.status === 'resolved';
  const status = resolvedBefore ? 'resolved' : computed.status;
  const resolvedAt = resolvedBefore ? stored.resolvedAt : computed.resolvedAt;
  const openedAlert = stored?.openedAlert ?? inheritedAlert ?? (computed.alertable ? pending : undefined);
  const resolvedAlert = stored?.resolvedAlert ?? (status === 'resolved' && openedAlert ? pending : undefined);
  const next: StoredIncident = {
    ...computed,
    status,
    ...(resolvedAt ? { resolvedAt } : {}),
    evidence: capEvidence(computed.evidence),
    evidenceCount: computed.evidence.length,
    basis,
    version: (stored?.version ?? 0) + 1,
    updatedAt: now.toISOString(),
    ...(openedAlert ? { openedAlert } : {}),
    ...(resolvedAlert ? { resolvedAlert } : {}),
  };
  if (!resolvedAt) delete next.resolvedAt;
  if (stored && sameState(stored, next)) return undefined;
  return next;
}

/** The opened notification a successor takes over from the incidents it supersedes: the most advanced one. */
export function inheritedAlert(predecessors: readonly StoredIncident[]): OutboxEntry | undefined {
  const rank = { sent: 3, sending: 2, pending: 1 } as const;
  const entries = predecessors.flatMap((p) => (p.openedAlert ? [p.openedAlert] : []));
  return entries.sort((a, b) => rank[b.state] - rank[a.state])[0];
}

/** Two incidents of a host overlap when their failure periods do: the same failures, anchored differently. */
export function overlaps(
  a: Pick<Incident, 'firstFailureAt' | 'lastFailureAt'>,
  b: Pick<Incident, 'firstFailureAt' | 'lastFailureAt'>,
): boolean {
  return a.firstFailureAt <= b.lastFailureAt && b.firstFailureAt <= a.lastFailureAt;
}

/** What an outbox entry needs next: nothing, a send now, or a send once an earlier claim's lease has run out. */
export function isDue(entry: OutboxEntry | undefined, leaseExpiredBefore: string): boolean {
  if (!entry) return false;
  if (entry.state === 'pending') return true;
  return entry.state === 'sending' && (entry.claimedAt ?? '') < leaseExpiredBefore;
}

function capEvidence(evidence: Incident['evidence']): Incident['evidence'] {
  if (evidence.length <= EvidenceLimit) return evidence;
  const leaks = evidence.filter((e) => e.kind === 'leak').slice(0, EvidenceLimit / 2);
  const failures = evidence.filter((e) => e.kind === 'failure').slice(0, EvidenceLimit - leaks.length);
  return [...leaks, ...failures].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
}

function sameState(stored: StoredIncident, next: StoredIncident): boolean {
  const { version: _a, updatedAt: _b, basis: _c, ...left } = stored;
  const { version: _d, updatedAt: _e, basis: _f, ...right } = next;
  return isDeepStrictEqual(JSON.parse(JSON.stringify(left)), JSON.parse(JSON.stringify(right)));
}
