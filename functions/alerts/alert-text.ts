import { alertChat } from './alert-chat.ts';
import { between, duration, secondsTime } from './alert-times.ts';
import { endingOf, previousEnding } from './incident-ending.ts';
import {
  applicationKind,
  causeLines,
  doNowLines,
  evidenceLines,
  factLines,
  forGoodLines,
  theApplication,
} from './incident-lines.ts';
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
export const SubjectLimit = 99;

const ErrorKeyDeleted = '0x800703FA (ERROR_KEY_DELETED)';

/**
 * The notification on-call reads at 3 a.m., for each kind: `opened` (the page: what broke, where, since when, who
 * is affected, who logged off, the evidence, what to do now and for good), `reopened` (it fails again: what had
 * ended it), `at-risk` (a notice: nothing failed yet, restart it now) and `resolved` (how long it was broken and
 * what ended it). Plain text for email; `chat` is the same for Amazon Q Developer in chat apps.
 */
export function alertMessage(incident: StoredIncident, kind: AlertKind, context: AlertContext): AlertMessage {
  return {
    subject: subjectOf(incident, kind),
    body: bodyOf(incident, kind, context),
    chat: alertChat(incident, kind, context),
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
  // names from the logs are log text here too: a mail or chat client may render a subject's markup
  const host = logText(incident.host, SubjectLimit);
  const lost = `${logText(incident.process, SubjectLimit)} pid ${incident.pid} lost its registry hive`;
  const text = {
    opened: `hivewatch: ${what} failing on ${host} - ${lost}`,
    reopened: `hivewatch: ${what} failing again on ${host} - ${lost}`,
    'at-risk': `hivewatch: at risk - ${what} on ${host} - ${lost}`,
    resolved: `hivewatch: resolved - ${what} on ${host} - ${endingOf(incident, logText).short}`,
  }[kind];
  return asciiSubject(text, SubjectLimit);
}

function bodyOf(incident: StoredIncident, kind: AlertKind, context: AlertContext): string {
  const lines = {
    opened: openedLines,
    reopened: reopenedLines,
    'at-risk': atRiskLines,
    resolved: resolvedLines,
  }[kind](incident, context);
  return [...lines, '', 'Show this incident:', `  ${context.showCommand(incident.id)}`].join('\n');
}

function openedLines(incident: StoredIncident, context: AlertContext): string[] {
  const since = incident.firstFailureAt ? ` since ${secondsTime(incident.firstFailureAt)}` : '';
  return [
    `${capitalised(theApplication(incident))} is failing${since}: Windows unloaded the registry hive of the identity it runs as (Event 1530), and every activation since fails with ${ErrorKeyDeleted}.`,
    '',
    ...causeLines(incident),
    '',
    ...factLines(incident),
    ...restartLines(incident),
    '',
    ...evidenceLines(incident, context.evidenceLines ?? 8),
    '',
    'What to do now:',
    ...doNowLines(incident),
    '',
    'For good:',
    ...forGoodLines(incident),
  ];
}

function reopenedLines(incident: StoredIncident, context: AlertContext): string[] {
  const previous = previousEnding(incident, logText);
  return [
    `${capitalised(theApplication(incident))} is failing again with ${ErrorKeyDeleted}: it had ended, and activations fail again.`,
    '',
    `What had ended it: ${previous.sentence}`,
    `Failures since: ${failuresSince(incident, previous.after)}`,
    '',
    ...causeLines(incident),
    '',
    ...factLines(incident),
    ...restartLines(incident),
    '',
    ...evidenceLines(incident, context.evidenceLines ?? 8),
    '',
    'What to do now:',
    ...doNowLines(incident),
    '',
    'For good:',
    ...forGoodLines(incident),
  ];
}

function atRiskLines(incident: StoredIncident, context: AlertContext): string[] {
  return [
    `Notice, not a page: ${theApplication(incident)} lost the registry hive of the identity it runs as at ${secondsTime(incident.leakAt)} (Event 1530). Nothing has failed yet, but its next activation will fail with ${ErrorKeyDeleted}. Restart it now, before it is used.`,
    '',
    ...causeLines(incident),
    '',
    ...factLines(incident),
    ...(incident.atRiskUntil
      ? [
          `At risk:    until ${secondsTime(incident.atRiskUntil)} (the detection window), unless the process restarts first`,
        ]
      : []),
    '',
    ...evidenceLines(incident, context.evidenceLines ?? 8),
    '',
    'What to do now (before the next activation):',
    ...doNowLines(incident),
    '',
    'For good:',
    ...forGoodLines(incident),
  ];
}

function resolvedLines(incident: StoredIncident): string[] {
  const ending = endingOf(incident, logText);
  const opening = ending.uncertain
    ? `${capitalised(theApplication(incident))} has stopped failing, but may still be broken.`
    : `${capitalised(theApplication(incident))} is no longer failing.`;
  return [
    opening,
    '',
    `What ended it: ${ending.sentence}`,
    ...ending.details.map((line) => `  ${line}`),
    brokenFor(incident, ending.end, ending.uncertain),
    ...(ending.uncertain ? ['To be sure it works, restart it anyway:', ...doNowLines(incident)] : []),
    'The cause is still there until the policy below is set: the next logoff of that identity can break it again.',
    '',
    ...factLines(incident),
    ...(incident.resolvedAt ? [`Resolved:   ${secondsTime(incident.resolvedAt)}`] : []),
    '',
    'For good:',
    ...forGoodLines(incident),
  ];
}

/** "Broken for 2 h 10 min (first failure … → …), 10 failures from 3 clients (batch01, web01, web02)." */
function brokenFor(incident: StoredIncident, end: string, uncertain: boolean): string {
  const first = incident.firstFailureAt;
  if (!first) return 'It never failed: the leak was found before any activation.';
  const span = duration(Math.max(0, between(first, end)));
  const clients = incident.clients.length;
  const who =
    clients > 0
      ? ` from ${clients} client${clients === 1 ? '' : 's'} (${incident.clients.map((c) => logText(c)).join(', ')})`
      : " (the server's own errors)";
  const failures = `${incident.failureCount} failure${incident.failureCount === 1 ? '' : 's'}${who}`;
  return uncertain
    ? `It failed for at least ${span} (first failure ${secondsTime(first)}, last ${secondsTime(end)}): ${failures}.`
    : `It was broken for ${span} (first failure ${secondsTime(first)} → ${secondsTime(end)}): ${failures}.`;
}

/** Failures after what had ended it: exact when the incident keeps every failure as evidence, else a lower bound. */
function failuresSince(incident: StoredIncident, after: string | undefined): string {
  const last = incident.lastFailureAt ? `, the last at ${secondsTime(incident.lastFailureAt)}` : '';
  const total = `${incident.failureCount} in all since ${incident.firstFailureAt ? secondsTime(incident.firstFailureAt) : '-'}`;
  if (!after) return `${total}${last}.`;
  const kept = incident.evidence.filter((e) => e.kind === 'failure');
  const since = kept.filter((e) => e.time > after);
  const exact = kept.length >= incident.failureCount;
  const first = since[0] && since.length > 1 ? `, the first at ${secondsTime(since[0].time)}` : '';
  return `${exact ? '' : 'at least '}${since.length}${first}${last}; ${total}.`;
}

/** Restarts seen while it still fails, or one that may end it. */
function restartLines(incident: StoredIncident): string[] {
  const lines: string[] = [];
  for (const r of incident.ineffectiveRestarts ?? []) {
    lines.push(`Restarted:  ${logText(r.reason)} at ${secondsTime(r.time)}: it failed again after that`);
  }
  if (incident.restartSeen) {
    const r = incident.restartSeen;
    lines.push(
      `Restarted:  ${logText(r.reason)} at ${secondsTime(r.time)}: if nothing fails after it, that ends the incident`,
    );
  }
  return lines;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
