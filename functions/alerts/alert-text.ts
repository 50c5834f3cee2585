import type { IncidentEvidence } from '../correlation/incident.ts';
import type { AlertMessage } from './notifier.port.ts';
import { asciiSubject, logText } from './plain-text.ts';
import type { AlertKind, StoredIncident } from './stored-incident.ts';

export interface AlertContext {
  /** The command line that shows the incident (e.g. `npx hivewatch incidents show <id> --table …`). */
  readonly showCommand: (incidentId: string) => string;
  /** Evidence lines in the body; the rest is counted. */
  readonly evidenceLines?: number;
}

/** SNS rejects subjects of 100 characters or more. */
const SubjectLimit = 99;

/** The alert on-call reads at 3 a.m.: what broke, where, why, what to do now and for good. */
export function alertMessage(incident: StoredIncident, kind: AlertKind, context: AlertContext): AlertMessage {
  return {
    subject: subjectOf(incident, kind),
    body: kind === 'resolved' ? resolvedBody(incident, context) : openedBody(incident, context),
    attributes: {
      host: incident.host,
      severity: kind === 'opened' || kind === 'reopened' ? 'high' : 'info',
      kind,
      incidentId: incident.id,
    },
  };
}

function subjectOf(incident: StoredIncident, kind: AlertKind): string {
  const what = applicationKind(incident.process);
  const text =
    kind === 'resolved'
      ? `hivewatch: resolved - ${what} on ${incident.host} quiet since ${shortTime(incident.lastFailureAt ?? incident.leakAt)}`
      : kind === 'at-risk'
        ? `hivewatch: at risk - ${what} on ${incident.host} - ${incident.process} pid ${incident.pid} lost its registry hive`
        : `hivewatch: ${what} ${kind === 'reopened' ? 'failing again' : 'failing'} on ${incident.host} - ${incident.process} pid ${incident.pid} lost its registry hive`;
  return asciiSubject(text, SubjectLimit);
}

function openedBody(incident: StoredIncident, context: AlertContext): string {
  const what = applicationKind(incident.process);
  return [
    `${what} on ${logText(incident.hostFqdn)} is failing: Windows force-unloaded the registry hive of the identity`,
    `it runs as (Event 1530), and activations have failed since (0x800703FA, ERROR_KEY_DELETED).`,
    '',
    ...facts(incident),
    '',
    ...evidenceLines(incident, context.evidenceLines ?? 8),
    '',
    'What to do now:',
    ...doNow(incident),
    '',
    'For good:',
    '  - Set the policy "Do not forcefully unload the users registry at user logoff" (DisableForceUnload = 1',
    '    under HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\System), then gpupdate.',
    '  - Run the application under a dedicated identity that nobody logs on with interactively.',
    '  - IIS: set the application pool\'s "Load User Profile" to True.',
    '',
    'Show this incident:',
    `  ${context.showCommand(incident.id)}`,
  ].join('\n');
}

function resolvedBody(incident: StoredIncident, context: AlertContext): string {
  return [
    `No activation failure on ${logText(incident.hostFqdn)} since ${longTime(incident.lastFailureAt ?? incident.leakAt)}: the incident is resolved.`,
    'If the application was restarted, the cause is still there until the policy below is set.',
    '',
    ...facts(incident),
    `Resolved:   ${incident.resolvedAt ? longTime(incident.resolvedAt) : '-'}`,
    '',
    'For good: set "Do not forcefully unload the users registry at user logoff" (DisableForceUnload = 1),',
    'run the application under a dedicated identity, and for IIS set "Load User Profile" to True.',
    '',
    'Show this incident:',
    `  ${context.showCommand(incident.id)}`,
  ].join('\n');
}

function facts(incident: StoredIncident): string[] {
  const others = incident.processes.filter((p) => p.pid !== incident.pid);
  return [
    `Host:       ${logText(incident.hostFqdn)} (${logText(incident.host)})`,
    `Identity:   ${logText(incident.sid)}, ${incident.hive === 'classes' ? 'its _Classes hive' : 'its user hive'}` +
      ' (account name: look the SID up with Get-LocalUser / Get-ADUser)',
    `Process:    ${logText(incident.process)} pid ${incident.pid}`,
    `Path:       ${logText(incident.processes[0]?.path)}`,
    ...(others.length > 0
      ? [`Also:       ${others.map((p) => `${logText(p.name)} pid ${p.pid}`).join(', ')}`]
      : []),
    `Leak:       ${longTime(incident.leakAt)} (Event 1530, User Profiles Service)`,
    incident.firstFailureAt && incident.lastFailureAt
      ? `Failures:   ${incident.failureCount}, first ${longTime(incident.firstFailureAt)}, last ${longTime(incident.lastFailureAt)}`
      : 'Failures:   none yet: the next activation fails',
    `Clients:    ${incident.clients.length > 0 ? incident.clients.map((c) => logText(c)).join(', ') : 'none (server-side errors only)'}`,
    `CLSIDs:     ${incident.clsids.length > 0 ? incident.clsids.map((c) => logText(c)).join(', ') : '-'}`,
    `Incident:   ${incident.id} (${incident.status})`,
  ];
}

function evidenceLines(incident: StoredIncident, limit: number): string[] {
  const shown = incident.evidence.slice(0, limit);
  const more = incident.evidence.length - shown.length;
  return [
    `Evidence (${incident.failureCount} failures; these events):`,
    ...shown.map((e) => `  ${evidenceLine(e)}`),
    ...(more > 0 ? [`  … and ${more} more (see the command below)`] : []),
  ];
}

function evidenceLine(e: IncidentEvidence): string {
  const event = `${e.kind.padEnd(7)} Event ${e.eventId} ${shortTime(e.time)}`;
  const where = `${logText(e.computer, 60)} ${logText(e.channel, 40)} #${e.recordId}`;
  return `${event}  ${where}  in ${logText(e.source, 160)} at byte ${e.offset}`;
}

function doNow(incident: StoredIncident): string[] {
  const lines: string[] = [];
  const pids = (name: string) => incident.processes.filter((p) => p.name === name).map((p) => String(p.pid));
  const dllhost = pids('dllhost.exe');
  const w3wp = pids('w3wp.exe');
  if (dllhost.length > 0) {
    lines.push(
      `  - COM+: shut down the application hosted by dllhost.exe pid ${dllhost.join(', ')} (Component Services →`,
      '    COM+ Applications → the application → Shut down); it starts again, with the hive loaded, on the next call.',
    );
  }
  if (w3wp.length > 0) {
    lines.push(
      `  - IIS: recycle the application pool whose worker is w3wp.exe pid ${w3wp.join(', ')}`,
      '    (Restart-WebAppPool -Name <pool>, or appcmd recycle apppool /apppool.name:<pool>).',
    );
  }
  return lines;
}

function applicationKind(process: string): string {
  return process === 'w3wp.exe' ? 'IIS application pool' : 'COM+ application';
}

/** `2026-11-17 11:00:00.123 UTC` from a 9-digit event time. */
function longTime(time: string): string {
  return `${time.slice(0, 10)} ${time.slice(11, 23)} UTC`;
}

function shortTime(time: string): string {
  return `${time.slice(0, 10)} ${time.slice(11, 16)} UTC`;
}
