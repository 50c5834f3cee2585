import { alertsInOrder, type StoredIncident } from '../alerts/stored-incident.ts';
import { eventTimeToMs } from '../reader/event-time.ts';
import { type FixAdvice, fixAdvice, logonTypeName } from './fix-advice.ts';
import { accountOf } from './incident-rows.ts';
import { type IncidentTimeline, incidentTimeline } from './incident-timeline.ts';
import { ManualEvidence } from './manual-action.ts';
import { terminalText } from './terminal-text.ts';
import { brokenSpan, brokenText, humanDuration } from './time-broken.ts';
import type { TimeDisplay } from './time-display.ts';

/** Where to ship the Security channel from, when no logoff was seen (shipping/ has both configurations). */
export const ShipSecurityAdvice =
  'Ship the Security channel (events 4624, 4634, 4647) from this server to see who logged off: ' +
  'shipping/fluent-bit/fluent-bit.yaml or shipping/cloudwatch-agent/hivewatch-windows-events.json (shipping/README.md).';

/**
 * Everything `incidents show` says about one incident, as plain strings (raw: text from logs is escaped by the
 * renderer, for a terminal or for HTML), with times already in the reader's zone.
 */
export interface IncidentDocument {
  title: string;
  status: string;
  zone: string;
  facts: [string, string][];
  cause: string[];
  /** The Security channel was not shipped (or not for that time): say how to ship it. */
  causeMissing: boolean;
  timeline: IncidentTimeline;
  moments: { when: string; kind: string; text: string }[];
  lanes: { name: string; count: number; first: string; last: string; sampled: number }[];
  sampleNote?: string;
  otherClients?: string;
  evidence: {
    kind: string;
    when: string;
    event: string;
    computer: string;
    channel: string;
    recordId: number;
    source: string;
    offset: number;
    shippedBy?: string;
  }[];
  alerts: { key: string; state: string; detail: string }[];
  audit: { when: string; action: string; by: string; note: string; outcome: string }[];
  advice: FixAdvice;
}

export function incidentDocument(
  incident: StoredIncident,
  display: TimeDisplay,
  now: Date,
): IncidentDocument {
  const when = (time: string) => display.dateTime(time, { ms: true });
  const timeline = incidentTimeline(incident);
  const what = incident.process === 'w3wp.exe' ? 'IIS application pool' : 'COM+ application';
  return {
    title: `${what} on ${incident.hostFqdn} (${incident.host})`,
    status: statusText(incident),
    zone: display.label(incident.leakAt),
    facts: facts(incident, display, now),
    cause: causeLines(incident, when),
    causeMissing: !incident.cause,
    timeline,
    moments: timeline.moments.map((m) => ({ when: when(m.time), kind: m.kind, text: m.text })),
    lanes: timeline.lanes.map((l) => ({
      name: l.name,
      count: l.count,
      first: display.dateTime(l.first),
      last: display.dateTime(l.last),
      sampled: l.marks.length,
    })),
    ...(timeline.marks < incident.failureCount
      ? {
          sampleNote:
            `The incident keeps a sample of its failures (the first 20 and the last 3 of the session): ` +
            `${timeline.marks} of ${incident.failureCount} are drawn as marks; the bands and counts are exact.`,
        }
      : {}),
    ...(timeline.otherClientFailures
      ? {
          otherClients: `and ${timeline.otherClientFailures} failures from computers beyond the ${timeline.lanes.length} tallied`,
        }
      : {}),
    // a resolution by hand is in the audit trail; the evidence is what the logs said
    evidence: incident.evidence
      .filter((e) => e.source !== ManualEvidence.source)
      .map((e) => ({
        kind: e.kind,
        when: when(e.time),
        event: `${e.provider} ${e.eventId}`,
        computer: e.computer,
        channel: e.channel,
        recordId: e.recordId,
        source: e.source,
        offset: e.offset,
        ...(e.shippedBy ? { shippedBy: e.shippedBy } : {}),
      })),
    alerts: alertsInOrder(incident).map(([key, e]) => ({
      key,
      state: e.state,
      detail: [
        `${e.attempts} attempt${e.attempts === 1 ? '' : 's'}`,
        `decided ${display.dateTime(e.decidedAt)}`,
        e.sentAt ? `sent ${display.dateTime(e.sentAt)}` : undefined,
        e.messageId ? `SNS message ${e.messageId}` : undefined,
        e.lastError ? `last error: ${e.lastError}` : undefined,
      ]
        .filter(Boolean)
        .join(', '),
    })),
    audit: incident.audit.map((a) => ({
      when: display.dateTime(a.at),
      action: a.action,
      by: a.by,
      note: a.note,
      outcome: a.outcome,
    })),
    advice: fixAdvice(incident),
  };
}

export function statusText(incident: StoredIncident): string {
  const ack = incident.acknowledged ? ', acknowledged' : '';
  switch (incident.status) {
    case 'open':
      return `OPEN: failing${ack}`;
    case 'at-risk':
      return `AT RISK: its hive is gone, the next activation fails${ack}`;
    case 'resolved':
      return `resolved ${incident.resolution?.by === 'manual' ? 'by hand' : `(${incident.resolution?.by ?? '?'})`}${ack}`;
    case 'cleared':
      return `cleared without a failure (${incident.resolution?.by ?? '?'})${ack}`;
    case 'superseded':
      return `superseded${incident.supersededBy ? ` by ${incident.supersededBy}` : ''}: its failures belong to another incident`;
  }
}

function facts(incident: StoredIncident, display: TimeDisplay, now: Date): [string, string][] {
  const when = (time: string) => display.dateTime(time, { ms: true });
  const others = incident.processes.filter((p) => p.pid !== incident.pid);
  const account = accountOf(incident);
  const span = brokenSpan(incident, now);
  const until = { ongoing: 'now', quiet: 'last failure', manual: 'resolved by hand', restart: 'restart' };
  const rows: [string, string | undefined][] = [
    ['Host', `${incident.hostFqdn} (${incident.host})`],
    ['Status', statusText(incident)],
    ['Process', `${incident.process} pid ${incident.pid}, ${incident.processes[0]?.path ?? '-'}`],
    ['Also held it', others.length > 0 ? others.map((p) => `${p.name} pid ${p.pid}`).join(', ') : undefined],
    [
      'Identity',
      `${incident.sid}${account ? ` (${account})` : ''}, ${incident.hive === 'classes' ? 'its _Classes hive' : 'its user hive'}`,
    ],
    ['Leak', `${when(incident.leakAt)} (Event 1530, User Profile Service)`],
    [
      'Failures',
      incident.firstFailureAt && incident.lastFailureAt
        ? `${incident.failureCount}, first ${when(incident.firstFailureAt)}, last ${when(incident.lastFailureAt)}`
        : `none yet${incident.atRiskUntil ? `; at risk until ${when(incident.atRiskUntil)}` : ''}`,
    ],
    ['Clients', incident.clients.length > 0 ? incident.clients.join(', ') : 'none (server-side errors only)'],
    ['CLSIDs', incident.clsids.length > 0 ? incident.clsids.join(', ') : '-'],
    ['Broken', span ? `${brokenText(span)} (first failure → ${until[span.end]})` : undefined],
    [
      'Ended',
      incident.resolution ? `${when(incident.resolution.at)} (${incident.resolution.by})` : undefined,
    ],
    [
      'Not counted',
      incident.failuresBeforeLeak
        ? `${incident.failuresBeforeLeak} failure(s) stamped more than the clock skew before the leak (a clock running behind, or an earlier error)`
        : undefined,
    ],
    [
      'Note',
      incident.failingBeforeLeak
        ? 'the application was failing before this leak already: those failures are counted in'
        : undefined,
    ],
    [
      'Acknowledged',
      incident.acknowledged
        ? `by ${incident.acknowledged.by} at ${display.dateTime(incident.acknowledged.at)}: "${incident.acknowledged.note}"`
        : undefined,
    ],
    [
      'Incident',
      `${incident.id}, version ${incident.version}, updated ${display.dateTime(incident.updatedAt)}`,
    ],
  ];
  return rows.filter((row): row is [string, string] => row[1] !== undefined);
}

function causeLines(incident: StoredIncident, when: (time: string) => string): string[] {
  const cause = incident.cause;
  if (!cause) {
    return [
      `No logoff of ${incident.sid} was seen on ${incident.host} just before the leak: its Security log was not shipped (or not for that time).`,
      ShipSecurityAdvice,
    ];
  }
  const gap = humanDuration(eventTimeToMs(incident.leakAt) - eventTimeToMs(cause.logoff.time));
  const type = cause.logoff.logonType ?? cause.logon?.logonType;
  const lines = [
    `${cause.logoff.account} logged off at ${when(cause.logoff.time)}, ${gap} before the leak ` +
      `(Security ${cause.logoff.evidence.eventId}, ${logonTypeName(type)}, logon id ${cause.logoff.logonId}).`,
  ];
  if (cause.logon) {
    const from = [
      cause.logon.ip ? `from ${cause.logon.ip}` : undefined,
      cause.logon.workstation ? `workstation ${cause.logon.workstation}` : undefined,
    ].filter(Boolean);
    lines.push(
      `That session began at ${when(cause.logon.time)} (Security 4624, ${logonTypeName(cause.logon.logonType)}${from.length > 0 ? `, ${from.join(', ')}` : ''}).`,
    );
  } else {
    lines.push('The logon that began that session was not seen (it may be older than what was shipped).');
  }
  return lines;
}

/** One line naming the incident, for terminal output (terminal-safe). */
export function headline(incident: StoredIncident): string {
  const what = incident.process === 'w3wp.exe' ? 'IIS application pool' : 'COM+ application';
  return terminalText(
    `Incident ${incident.id}: ${what} on ${incident.hostFqdn} (${incident.host}) — ${statusText(incident)}`,
    600,
  );
}
