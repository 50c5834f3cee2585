import type { AuditEntry, StoredIncident } from '../alerts/stored-incident.ts';
import { nsToEventTime } from '../reader/event-time.ts';
import type { Restart } from '../signals/signal.ts';

/** A person acting on an incident: who (AWS identity or local user) and why. */
export interface Actor {
  by: string;
  note: string;
}

/** What the evidence of a resolution by hand says about where it came from. */
export const ManualEvidence = {
  source: 'hivewatch-cli',
  channel: 'hivewatch',
  provider: 'hivewatch',
} as const;

/**
 * A resolution by hand as the correlation sees it: a restart of scope `manual` on the incident's host at `now`,
 * which ends what is open there (a failure after it reopens it, by design). `recordId` tells two people's
 * resolutions apart (the event identity is computer, channel, record id and time).
 */
export function manualRestart(
  incident: Pick<StoredIncident, 'host' | 'hostFqdn'>,
  actor: Actor,
  now: Date,
  recordId: number,
): Restart {
  return {
    kind: 'restart',
    host: incident.host,
    hostFqdn: incident.hostFqdn,
    time: nsToEventTime(BigInt(now.getTime()) * 1_000_000n),
    scope: 'manual',
    reason: 'resolved by hand',
    by: actor.by,
    note: actor.note,
    evidence: {
      source: ManualEvidence.source,
      offset: 0,
      computer: incident.hostFqdn,
      channel: ManualEvidence.channel,
      recordId,
      provider: ManualEvidence.provider,
      eventId: 0,
    },
  };
}

const Ended = new Set(['resolved', 'cleared']);

/** Whether the incident has ended (or was folded into another): a resolution by hand has nothing to end. */
export function hasEnded(incident: Pick<StoredIncident, 'status'>): boolean {
  return Ended.has(incident.status) || incident.status === 'superseded';
}

/**
 * The audit entry of a resolve, given the incident before and after the write: `resolved` when this write ended it,
 * `already …` when it had ended before (a second person resolving at the same time reads the first one's result
 * when its write is retried), `still open` when a failure is stamped after the resolution.
 */
export function resolveEntry(actor: Actor, at: Date) {
  return (after: StoredIncident, before: StoredIncident | undefined): AuditEntry => ({
    action: 'resolve',
    by: actor.by,
    at: at.toISOString(),
    note: actor.note,
    outcome: resolveOutcome(after, before),
  });
}

function resolveOutcome(after: StoredIncident, before: StoredIncident | undefined): string {
  if (before && hasEnded(before)) return `already ${before.status}${endedBy(before)}`;
  if (after.status === 'cleared') return `cleared${endedBy(after)}`;
  if (after.status !== 'resolved') return 'still open: a failure is stamped after this resolution';
  return after.resolution?.by === 'manual' ? 'resolved' : `resolved${endedBy(after)}`;
}

function endedBy(incident: StoredIncident): string {
  const resolution = incident.resolution;
  if (!resolution) return '';
  if (resolution.by === 'manual')
    return ` (by hand${resolution.restart?.by ? `, ${resolution.restart.by}` : ''})`;
  return ` (${resolution.by})`;
}

/** The audit entry of an acknowledgement: `acknowledged`, or who had acknowledged it already. */
export function acknowledgeEntry(actor: Actor, at: Date) {
  return (_after: StoredIncident, before: StoredIncident | undefined): AuditEntry => ({
    action: 'ack',
    by: actor.by,
    at: at.toISOString(),
    note: actor.note,
    outcome: before?.acknowledged ? `already acknowledged by ${before.acknowledged.by}` : 'acknowledged',
  });
}
