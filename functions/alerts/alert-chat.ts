import type { AlertContext } from './alert-text.ts';
import { secondsTime } from './alert-times.ts';
import { type ChatNotification, chatNotification } from './chat-notification.ts';
import { endingOf, previousEnding } from './incident-ending.ts';
import { applicationKind, identityText } from './incident-lines.ts';
import { causeAdvice, causeSentence, noCauseLines } from './logoff-cause.ts';
import { chatCode, chatText } from './plain-text.ts';
import type { AlertKind, StoredIncident } from './stored-incident.ts';

/** The card's title: an emoji for the kind, the application kind and the host. */
function titleOf(incident: StoredIncident, kind: AlertKind): string {
  const what = applicationKind(incident.process);
  const host = chatText(incident.host, 60);
  switch (kind) {
    case 'opened':
      return `:rotating_light: ${what} failing on ${host}`;
    case 'reopened':
      return `:repeat: ${what} failing again on ${host}`;
    case 'at-risk':
      return `:warning: ${what} on ${host} will fail on its next activation`;
    case 'resolved':
      return endingOf(incident, chatCode).uncertain
        ? `:hourglass: ${what} on ${host} quiet, may still be broken`
        : `:white_check_mark: ${what} on ${host} resolved`;
  }
}

/**
 * The alert as an Amazon Q Developer custom notification: a short card for the channel (markdown; every value from
 * the logs as inline code), the next steps as its list, threaded by incident so `resolved` answers `opened`.
 */
export function alertChat(
  incident: StoredIncident,
  kind: AlertKind,
  context: AlertContext,
): ChatNotification {
  const what = applicationKind(incident.process);
  return chatNotification({
    id: `${incident.id}-${kind}`,
    threadId: incident.id,
    title: titleOf(incident, kind),
    summary: `${what} ${kind} on ${chatText(incident.host, 60)}`,
    eventType: `hivewatch-incident-${kind}`,
    description: [...headline(incident, kind), ...facts(incident)],
    nextSteps: steps(incident, kind, context),
    keywords: ['hivewatch', kind, chatText(incident.host, 60), chatText(incident.process, 60)],
    context: {
      incidentId: incident.id,
      host: incident.host,
      kind,
      sid: incident.sid,
    },
  });
}

function headline(incident: StoredIncident, kind: AlertKind): string[] {
  const app = `the ${applicationKind(incident.process)} in ${chatCode(incident.process)} pid ${incident.pid} on ${chatCode(incident.hostFqdn)}`;
  switch (kind) {
    case 'opened':
      return [
        `*What*: ${app} fails${incident.firstFailureAt ? ` since ${secondsTime(incident.firstFailureAt)}` : ''} with 0x800703FA (ERROR_KEY_DELETED): Windows unloaded its identity's hive (Event 1530).`,
      ];
    case 'reopened':
      return [
        `*What*: ${app} fails again with 0x800703FA (ERROR_KEY_DELETED).`,
        `*What had ended it*: ${previousEnding(incident, chatCode).sentence}`,
      ];
    case 'at-risk':
      return [
        `*Notice, not a page*: ${app} lost its identity's hive at ${secondsTime(incident.leakAt)} (Event 1530). Nothing failed yet; the next activation will.`,
      ];
    case 'resolved': {
      const ending = endingOf(incident, chatCode);
      return [
        `*What ended it*: ${ending.sentence}`,
        ...ending.details.map((d) => d.replace(/^(\w+):\s+/, '*$1*: ')),
      ];
    }
  }
}

function facts(incident: StoredIncident): string[] {
  const cause = incident.cause
    ? causeSentence(incident.cause, incident.leakAt, chatCode)
    : noCauseLines(incident, chatCode).join(' ');
  const clients = incident.perClient.map((c) => `${chatCode(c.name, 60)} ${c.count}`).join(', ');
  return [
    `*Who logged off*: ${cause}`,
    `*Identity*: ${identityText(incident, chatCode)}`,
    incident.failureCount > 0
      ? `*Failures*: ${incident.failureCount}${clients ? ` (${clients})` : ''}, last ${secondsTime(incident.lastFailureAt ?? incident.leakAt)}`
      : '*Failures*: none yet',
    `*Incident*: ${chatCode(incident.id)} (${incident.status})`,
  ];
}

function steps(incident: StoredIncident, kind: AlertKind, context: AlertContext): string[] {
  const restart = [
    ...(incident.processes.some((p) => p.name === 'dllhost.exe')
      ? ['Shut down the COM+ application (Component Services → COM+ Applications → Shut down)']
      : []),
    ...(incident.processes.some((p) => p.name === 'w3wp.exe')
      ? ['Recycle the IIS application pool (Restart-WebAppPool with its name)']
      : []),
  ];
  const ending = kind === 'resolved' ? endingOf(incident, chatCode) : undefined;
  return [
    ...(kind !== 'resolved' || ending?.uncertain ? restart : []),
    ...(incident.cause ? [causeAdvice(incident.cause, incident.host, chatCode).join(' ')] : []),
    'For good: set DisableForceUnload = 1 ("Do not forcefully unload the users registry at user logoff"), give the application a dedicated identity, and for IIS set "Load User Profile" to True',
    `Show it: \`${context.showCommand(incident.id).replace(/`/g, "'")}\``,
  ];
}
