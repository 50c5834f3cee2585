import { SubjectLimit } from '../alerts/alert-text.ts';
import { between, duration, secondsTime } from '../alerts/alert-times.ts';
import { chatNotification } from '../alerts/chat-notification.ts';
import type { AlertMessage } from '../alerts/notifier.port.ts';
import { asciiSubject, chatCode, chatText, logText } from '../alerts/plain-text.ts';
import type { FleetHost, FleetNotice } from './fleet-host.ts';

export interface FleetNoticeContext {
  /** The command line that shows the fleet (`npx hivewatch hosts …`). */
  readonly showHosts: string;
  /** How long without an object makes a host silent, as configured (`2h`). */
  readonly silentAfter: string;
}

/**
 * A notice (not a page) that a host stopped shipping, or shipped again: while it is silent, hivewatch cannot see
 * a leak or a failure there, so an application broken on it now would never be alerted on.
 */
export function fleetNoticeMessage(
  host: FleetHost,
  key: string,
  notice: FleetNotice,
  context: FleetNoticeContext,
): AlertMessage {
  const silent = notice.kind === 'host-silent';
  const name = logText(host.host, 80);
  // as of the decision, so that a repeat publish says the same
  const quietFor = duration(
    silent
      ? between(notice.lastSeenAt, notice.decidedAt)
      : between(notice.silentSince ?? notice.lastSeenAt, notice.lastSeenAt),
  );
  const subject = silent
    ? `hivewatch: host ${host.host} stopped shipping - nothing for ${quietFor}`
    : `hivewatch: host ${host.host} is shipping again - silent for ${quietFor}`;
  const events = host.lastEventAt ? `, with events up to ${secondsTime(host.lastEventAt)}` : '';
  const body = silent
    ? [
        `${name} has shipped nothing for ${quietFor} (silent after ${context.silentAfter}): its last object arrived at ${secondsTime(notice.lastSeenAt)}${events}.`,
        `Last object: ${logText(host.lastObjectKey, 300)}`,
        '',
        `While it is silent hivewatch is blind there: a COM+ or IIS application broken on ${name} now would not be alerted on.`,
        '',
        `Check on ${name}:`,
        '  - the shipper runs (Get-Service fluent-bit, or AmazonCloudWatchAgent for the CloudWatch agent);',
        "  - it can reach S3 and its credentials are valid (the shipper's own log; with Roles Anywhere, the signing",
        "    helper's credentials file);",
        '  - the server itself is up.',
        '',
        'Another notice follows when it ships again. A host retired on purpose leaves the fleet when its entry expires.',
        '',
        'Show the fleet:',
        `  ${context.showHosts}`,
      ]
    : [
        `${name} is shipping again: an object arrived at ${secondsTime(notice.lastSeenAt)} after ${quietFor} of silence (its previous object at ${secondsTime(notice.silentSince ?? notice.lastSeenAt)}).`,
        `Last object: ${logText(host.lastObjectKey, 300)}${events}`,
        '',
        'Events the shipper kept while it could not send arrive now and are checked as usual.',
        '',
        'Show the fleet:',
        `  ${context.showHosts}`,
      ];
  return {
    subject: asciiSubject(subject, SubjectLimit),
    body: body.join('\n'),
    chat: chatNotification({
      id: `${host.host}-${key}`,
      threadId: `hivewatch-host-${host.host}`,
      title: silent
        ? `:mute: ${chatText(host.host, 60)} stopped shipping (${quietFor})`
        : `:loud_sound: ${chatText(host.host, 60)} is shipping again`,
      summary: silent ? `${host.host} silent for ${quietFor}` : `${host.host} shipping again`,
      eventType: `hivewatch-${notice.kind}`,
      description: silent
        ? [
            `*Last object*: ${secondsTime(notice.lastSeenAt)} ${chatCode(host.lastObjectKey, 300)}`,
            ...(host.lastEventAt ? [`*Events up to*: ${secondsTime(host.lastEventAt)}`] : []),
            `While it is silent hivewatch cannot see a leak or a failure on ${chatCode(host.host, 80)}.`,
          ]
        : [
            `*Silent for*: ${quietFor}, since ${secondsTime(notice.silentSince ?? notice.lastSeenAt)}`,
            `*Object*: ${secondsTime(notice.lastSeenAt)} ${chatCode(host.lastObjectKey, 300)}`,
          ],
      nextSteps: silent
        ? [
            'Check that the shipper runs and can reach S3, and that the server is up',
            `Show the fleet: \`${context.showHosts.replace(/`/g, "'")}\``,
          ]
        : [`Show the fleet: \`${context.showHosts.replace(/`/g, "'")}\``],
      keywords: ['hivewatch', notice.kind, chatText(host.host, 60)],
      context: { host: host.host, kind: notice.kind, noticeId: `${host.host}#${key}` },
    }),
    attributes: {
      host: host.host,
      severity: 'info',
      kind: notice.kind,
      noticeId: `${host.host}#${key}`,
    },
  };
}
