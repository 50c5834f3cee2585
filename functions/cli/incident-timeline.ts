import type { StoredIncident } from '../alerts/stored-incident.ts';
import { eventTimeToMs } from '../reader/event-time.ts';
import { shortHostName } from '../signals/host-name.ts';
import type { Restart } from '../signals/signal.ts';
import { logonTypeName } from './fix-advice.ts';

/** A moment of the incident on the host itself: what happened, when, in words (raw: renderers escape). */
export interface TimelineMoment {
  time: string;
  kind:
    | 'logon'
    | 'logoff'
    | 'leak'
    | 'failures'
    | 'restart'
    | 'ineffective-restart'
    | 'restart-seen'
    | 'ended';
  text: string;
}

/** One computer that reported failures: its tally (exact) and the failures the incident kept as a sample. */
export interface ClientLane {
  name: string;
  fqdn: string;
  count: number;
  first: string;
  last: string;
  /** Event times of the sampled failures this computer reported. */
  marks: string[];
}

export interface IncidentTimeline {
  moments: TimelineMoment[];
  /** By first failure. */
  lanes: ClientLane[];
  /** Failures of reporters beyond the tally limit (not in any lane). */
  otherClientFailures?: number;
  /** Sampled failures in all lanes. */
  marks: number;
}

/**
 * The incident in event-time order: the logon and logoff that caused it, its leaks, each client's failures (exact
 * first/last/count, plus the sampled failures kept as evidence), the restarts that did and did not end it.
 */
export function incidentTimeline(incident: StoredIncident): IncidentTimeline {
  const failures = incident.evidence.filter((e) => e.kind === 'failure');
  const lanes: ClientLane[] = incident.perClient.map((tally) => ({
    name: tally.name,
    fqdn: tally.fqdn,
    count: tally.count,
    first: tally.first,
    last: tally.last,
    marks: [],
  }));
  for (const failure of failures) {
    const name = shortHostName(failure.computer);
    let lane = lanes.find((l) => l.name === name);
    if (!lane) {
      // a reporter beyond the tally limit: its sampled failures still get a lane
      lane = { name, fqdn: failure.computer, count: 0, first: failure.time, last: failure.time, marks: [] };
      lanes.push(lane);
    }
    lane.marks.push(failure.time);
  }
  for (const lane of lanes) {
    lane.marks.sort();
    lane.count = Math.max(lane.count, lane.marks.length);
  }
  lanes.sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : a.name < b.name ? -1 : 1));
  return {
    moments: momentsOf(incident, lanes),
    lanes,
    ...(incident.otherClientFailures ? { otherClientFailures: incident.otherClientFailures } : {}),
    marks: failures.length,
  };
}

function momentsOf(incident: StoredIncident, lanes: readonly ClientLane[]): TimelineMoment[] {
  const moments: TimelineMoment[] = [];
  const cause = incident.cause;
  if (cause?.logon) {
    const from = [
      cause.logon.ip && `from ${cause.logon.ip}`,
      cause.logon.workstation && `workstation ${cause.logon.workstation}`,
    ]
      .filter(Boolean)
      .join(', ');
    moments.push({
      time: cause.logon.time,
      kind: 'logon',
      text: `${cause.logon.account} logged on (${logonTypeName(cause.logon.logonType)}${from ? `, ${from}` : ''}; Security ${cause.logon.evidence.eventId})`,
    });
  }
  if (cause) {
    moments.push({
      time: cause.logoff.time,
      kind: 'logoff',
      text: `${cause.logoff.account} logged off (Security ${cause.logoff.evidence.eventId}, ${logonTypeName(cause.logoff.logonType ?? cause.logon?.logonType)})`,
    });
  }
  const processes = incident.processes.map((p) => `${p.name} pid ${p.pid}`).join(', ');
  for (const leak of incident.evidence.filter((e) => e.kind === 'leak')) {
    moments.push({
      time: leak.time,
      kind: 'leak',
      text: `Event 1530 (record ${leak.recordId}): a hive of ${incident.sid} unloaded while ${processes} held it`,
    });
  }
  for (const lane of lanes) {
    const server = lane.name === incident.host ? ' (the server itself)' : '';
    moments.push({
      time: lane.first,
      kind: 'failures',
      text: `${lane.name}${server}: first of ${lane.count} failure${lane.count === 1 ? '' : 's'}`,
    });
  }
  if (incident.otherClientFailures) {
    moments.push({
      time: incident.firstFailureAt ?? incident.leakAt,
      kind: 'failures',
      text: `${incident.otherClientFailures} more failures from computers beyond the ${lanes.length} tallied`,
    });
  }
  for (const restart of incident.ineffectiveRestarts ?? []) {
    moments.push({
      time: restart.time,
      kind: 'ineffective-restart',
      text: `${restartText(restart)}; failures went on`,
    });
  }
  if (incident.restartSeen) {
    moments.push({
      time: incident.restartSeen.time,
      kind: 'restart-seen',
      text: `${restartText(incident.restartSeen)}; it ends the incident if no failure follows`,
    });
  }
  const resolution = incident.resolution;
  if (resolution?.restart) {
    moments.push({ time: resolution.restart.time, kind: 'restart', text: restartText(resolution.restart) });
  }
  if (resolution && incident.status !== 'superseded') {
    const how = {
      restart: 'ended by the restart',
      manual: 'resolved by hand',
      quiet: 'no failure for the quiet period after the last one: resolved as quiet',
      window: 'no failure within the detection window: cleared',
    }[resolution.by];
    moments.push({ time: resolution.at, kind: 'ended', text: how });
  }
  return moments.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
}

/** A restart in words: what the event said, and who and why for a resolution by hand. */
export function restartText(restart: Restart): string {
  if (restart.scope === 'manual') {
    return `resolved by hand by ${restart.by ?? 'someone'}${restart.note ? `: "${restart.note}"` : ''}`;
  }
  const what =
    restart.scope === 'host' ? 'the host' : `${restart.image ?? 'process'} pid ${restart.pid ?? '?'}`;
  return `${restart.reason} (${what}; ${restart.evidence.provider} ${restart.evidence.eventId})`;
}

/** The span the picture covers: the logoff (or leak) to the last thing that happened. */
export function timelineSpan(
  incident: StoredIncident,
  timeline: IncidentTimeline,
): { start: number; end: number } {
  const times = [
    incident.cause?.logoff.time,
    incident.leakAt,
    ...timeline.lanes.flatMap((l) => [l.first, l.last]),
    ...timeline.moments.filter((m) => m.kind !== 'logon' && m.kind !== 'ended').map((m) => m.time),
    incident.resolution?.by === 'manual' || incident.resolution?.by === 'restart'
      ? incident.resolution.at
      : undefined,
  ].filter((t): t is string => t !== undefined);
  const ms = times.map(eventTimeToMs);
  const start = Math.min(...ms);
  const end = Math.max(...ms, start + 60_000);
  return { start, end };
}
