import type { StoredIncident } from '../alerts/stored-incident.ts';
import { incidentDocument } from './incident-document.ts';
import { terminalText } from './terminal-text.ts';
import { textTable } from './text-table.ts';
import type { TimeDisplay } from './time-display.ts';

/** `hivewatch incidents show`: the incident document as terminal text (every line made terminal-safe). */
export function incidentText(incident: StoredIncident, display: TimeDisplay, now: Date): string {
  const doc = incidentDocument(incident, display, now);
  const width = Math.max(...doc.facts.map(([label]) => label.length)) + 2;
  const section = (title: string, lines: readonly string[]) => ['', title, ...lines.map((l) => `  ${l}`)];
  const lanes =
    doc.lanes.length === 0
      ? ['none yet']
      : textTable(
          [
            { header: 'COMPUTER', cell: (l: (typeof doc.lanes)[number]) => l.name },
            { header: 'FAILURES', cell: (l) => String(l.count), align: 'right' },
            { header: 'FIRST', cell: (l) => l.first },
            { header: 'LAST', cell: (l) => l.last },
            { header: 'SAMPLED', cell: (l) => String(l.sampled), align: 'right' },
          ],
          doc.lanes,
        ).split('\n');
  const lines = [
    `Incident ${incident.id}: ${doc.title} — ${doc.status}`,
    `Times in ${doc.zone}.`,
    ...section(
      'Facts',
      doc.facts.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`),
    ),
    ...section('Cause', doc.cause),
    ...section(
      'Timeline',
      doc.moments.map((m) => `${m.when}  ${m.kind.padEnd(19)} ${m.text}`),
    ),
    ...section('Failures per computer', [
      ...lanes,
      ...(doc.otherClients ? [doc.otherClients] : []),
      ...(doc.sampleNote ? [doc.sampleNote] : []),
    ]),
    ...section(
      `Evidence (${doc.evidence.length} events kept: S3 key @ byte offset, record id)`,
      doc.evidence.map(
        (e) =>
          `${e.kind.padEnd(8)} ${e.when}  ${e.event}  ${e.computer} ${e.channel} record ${e.recordId}  ` +
          `${e.source} @ ${e.offset}${e.shippedBy ? `  (shipped by ${e.shippedBy})` : ''}`,
      ),
    ),
    ...section(
      'Alerts',
      doc.alerts.length > 0
        ? doc.alerts.map((a) => `${a.key.padEnd(12)} ${a.state.padEnd(8)} ${a.detail}`)
        : ['none decided (an at-risk leak is notified only when the stack is set to)'],
    ),
    ...section(
      'Audit trail',
      doc.audit.length > 0
        ? doc.audit.map((a) => `${a.when}  ${a.action.padEnd(8)} ${a.by}  "${a.note}"  → ${a.outcome}`)
        : ['nobody has acknowledged or resolved it by hand'],
    ),
    ...section('What to do', [
      'Now:',
      ...doc.advice.now.map((l) => `  - ${l}`),
      'For good:',
      ...doc.advice.forGood.map((l) => `  - ${l}`),
      ...(doc.advice.cause.length > 0
        ? ['Because of how the identity logged on:', ...doc.advice.cause.map((l) => `  - ${l}`)]
        : []),
    ]),
  ];
  return lines.map((line) => terminalText(line, 4000)).join('\n');
}
