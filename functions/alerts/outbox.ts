import { isDeepStrictEqual } from 'node:util';
import type { Incident } from '../correlation/incident.ts';
import { type AlertKind, alertsInOrder, type OutboxEntry, type StoredIncident } from './stored-incident.ts';

export interface ReconcileOptions {
  now: Date;
  /** Send a notice for an at-risk leak (the stack's `notifyAtRisk`, off by default). */
  notifyAtRisk: boolean;
  /** The notifications of the incidents this one supersedes, which it takes over (no second page). */
  inherited?: StoredIncident['alerts'];
}

/**
 * The one place where notifications are decided: what a stored incident becomes when its host's state gives
 * `computed` (from host-state version `basis`). Undefined when nothing must be written.
 * - `opened` once, when the incident reaches the threshold (a successor inherits its predecessors' instead);
 * - `resolved#n` each time an alerted incident ends, `reopened#n` each time it fails again after that;
 * - `at-risk` once, when asked for;
 * - a computation on an older host state than the stored one changes nothing.
 * The store writes the result with a version condition, so of two racing invocations one decides.
 */
export function reconcileIncident(
  stored: StoredIncident | undefined,
  computed: Incident,
  basis: number,
  options: ReconcileOptions,
): StoredIncident | undefined {
  if (stored && stored.basis > basis) return undefined;
  const before = stored?.status === 'superseded' ? undefined : stored?.status;
  const alerts: StoredIncident['alerts'] = { ...(options.inherited ?? {}), ...(stored?.alerts ?? {}) };
  const decide = (key: string, kind: AlertKind) => {
    if (alerts[key]) return;
    const seq = Math.max(0, ...Object.values(alerts).map((e) => e.seq)) + 1;
    alerts[key] = { kind, seq, state: 'pending', attempts: 0, decidedAt: options.now.toISOString() };
  };
  if (computed.status === 'at-risk' && options.notifyAtRisk) decide('at-risk', 'at-risk');
  if (computed.alertable) decide('opened', 'opened');
  if (alerts.opened) {
    const resolutions = count(alerts, 'resolved');
    const reopenings = count(alerts, 'reopened');
    if (computed.status === 'resolved' && resolutions === reopenings && before !== 'resolved') {
      decide(`resolved#${resolutions + 1}`, 'resolved');
    }
    if (computed.status === 'open' && resolutions > reopenings)
      decide(`reopened#${reopenings + 1}`, 'reopened');
  }
  const next: StoredIncident = {
    ...computed,
    basis,
    version: (stored?.version ?? 0) + 1,
    updatedAt: options.now.toISOString(),
    alerts,
    audit: stored?.audit ?? [],
    ...(stored?.acknowledged ? { acknowledged: stored.acknowledged } : {}),
  };
  if (stored && sameState(stored, next)) return undefined;
  return next;
}

/** The notifications a successor takes over from the incidents it supersedes: the most advanced of each key. */
export function inheritedAlerts(predecessors: readonly StoredIncident[]): StoredIncident['alerts'] {
  const rank = { sent: 3, sending: 2, pending: 1 } as const;
  const alerts: StoredIncident['alerts'] = {};
  for (const predecessor of predecessors) {
    for (const [key, entry] of Object.entries(predecessor.alerts)) {
      const seen = alerts[key];
      if (!seen || rank[entry.state] > rank[seen.state]) alerts[key] = entry;
    }
  }
  return alerts;
}

/** The first notification due: pending (or claimed by an invocation whose lease ran out), every earlier one sent. */
export function dueAlert(
  incident: Pick<StoredIncident, 'alerts' | 'status'>,
  leaseExpiredBefore: string,
): [string, OutboxEntry] | undefined {
  if (incident.status === 'superseded') return undefined;
  for (const [key, entry] of alertsInOrder(incident)) {
    if (entry.state === 'sent') continue;
    if (entry.state === 'pending') return [key, entry];
    return (entry.claimedAt ?? '') < leaseExpiredBefore ? [key, entry] : undefined;
  }
  return undefined;
}

/** Whether any notification is still to go out. */
export function hasUnsent(incident: Pick<StoredIncident, 'alerts'>): boolean {
  return Object.values(incident.alerts).some((entry) => entry.state !== 'sent');
}

/** Two incidents of a host that a later computation may have made one: their failure periods or leaks meet. */
type Span = Pick<Incident, 'firstFailureAt' | 'lastFailureAt' | 'evidence'>;
export function overlaps(a: Span, b: Span): boolean {
  if (a.firstFailureAt && a.lastFailureAt && b.firstFailureAt && b.lastFailureAt) {
    return a.firstFailureAt <= b.lastFailureAt && b.firstFailureAt <= a.lastFailureAt;
  }
  const leaks = (i: Span) =>
    new Set(i.evidence.filter((e) => e.kind === 'leak').map((e) => `${e.recordId}|${e.time}`));
  const theirs = leaks(b);
  return [...leaks(a)].some((key) => theirs.has(key));
}

function count(alerts: StoredIncident['alerts'], kind: AlertKind): number {
  return Object.values(alerts).filter((entry) => entry.kind === kind).length;
}

function sameState(stored: StoredIncident, next: StoredIncident): boolean {
  const { version: _a, updatedAt: _b, basis: _c, ...left } = stored;
  const { version: _d, updatedAt: _e, basis: _f, ...right } = next;
  return isDeepStrictEqual(JSON.parse(JSON.stringify(left)), JSON.parse(JSON.stringify(right)));
}
