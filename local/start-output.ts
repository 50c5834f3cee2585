import type { StoredIncident } from '../functions/alerts/stored-incident.ts';
import type { ReceivedAlert } from './on-call.ts';

const rule = (title: string) => `\n── ${title} ${'─'.repeat(Math.max(4, 76 - title.length))}\n`;

/** The alert as the on-call subscriber got it: subject, attributes and body, unchanged. */
export function receivedAlertText(alert: ReceivedAlert): string {
  const attributes = Object.entries(alert.attributes)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}=${value}`)
    .join('  ');
  return [
    rule('alert received by the on-call subscriber (SNS → SQS)'),
    `Subject:     ${alert.subject}`,
    `Attributes:  ${attributes}`,
    `Message id:  ${alert.messageId}   at ${alert.timestamp}`,
    '',
    alert.message,
  ].join('\n');
}

/** The incident as stored, with its alert outbox, as JSON. */
export function storedIncidentText(table: string, incident: StoredIncident): string {
  return `${rule(`incident stored in ${table}`)}${JSON.stringify(incident, null, 2)}`;
}

/** One line per incident: the list a second `npm start` shows again from the data folder. */
export function incidentListText(title: string, incidents: readonly StoredIncident[]): string {
  if (incidents.length === 0) return `${rule(title)}(none)`;
  const lines = incidents.map(
    (i) =>
      `${i.id}  ${i.status.padEnd(8)} ${i.host.padEnd(12)} ${i.process.padEnd(12)} leak ${i.leakAt.slice(0, 19)}Z  ` +
      `${i.failureCount} failures  alert ${i.alerts.opened?.state ?? 'none'}`,
  );
  return `${rule(title)}${lines.join('\n')}`;
}

/**
 * The S3 key a local file is uploaded under, as a shipper would write it: `incoming/<host>/<yyyy>/<mm>/<dd>/<name>`.
 * The host is the file's first folder (`local` when it has none); a date folder already there is kept.
 */
export function objectKeyFor(relativePath: string, now = new Date()): string {
  const parts = relativePath.split('/');
  const host = parts.length > 1 ? (parts.shift() ?? 'local') : 'local';
  const dated = /^\d{4}$/.test(parts[0] ?? '') && parts.length > 3;
  const day = now.toISOString().slice(0, 10).replace(/-/g, '/');
  return `incoming/${host}/${dated ? '' : `${day}/`}${parts.join('/')}`;
}
