import type { StoredIncident } from '../alerts/stored-incident.ts';
import { type CsvValue, csvDocument } from './csv.ts';
import { terminalText } from './terminal-text.ts';
import { type Column, textTable } from './text-table.ts';
import { brokenSpan, brokenText } from './time-broken.ts';
import type { TimeDisplay } from './time-display.ts';

/** One incident as a listing shows it: flat, the same fields in the table, the JSON and the CSV. */
export interface IncidentRow {
  id: string;
  status: string;
  host: string;
  hostFqdn: string;
  process: string;
  pid: number;
  sid: string;
  /** `DOMAIN\user`, when the logoff that caused it was seen. */
  account?: string;
  leakAt: string;
  firstFailureAt?: string;
  lastFailureAt?: string;
  failures: number;
  clients: string[];
  /** restart | manual | quiet | window. */
  endedBy?: string;
  resolvedAt?: string;
  /** First failure to what ended it (see time-broken.ts), in seconds. */
  brokenSeconds?: number;
  brokenUntil?: 'restart' | 'manual' | 'quiet' | 'ongoing';
  /** The state of the page that went out (`opened`): pending, sending, sent; absent when none was due. */
  alert?: string;
  acknowledgedBy?: string;
}

export function incidentRow(incident: StoredIncident, now: Date): IncidentRow {
  const span = brokenSpan(incident, now);
  const account = accountOf(incident);
  return {
    id: incident.id,
    status: incident.status,
    host: incident.host,
    hostFqdn: incident.hostFqdn,
    process: incident.process,
    pid: incident.pid,
    sid: incident.sid,
    ...(account ? { account } : {}),
    leakAt: incident.leakAt,
    ...(incident.firstFailureAt ? { firstFailureAt: incident.firstFailureAt } : {}),
    ...(incident.lastFailureAt ? { lastFailureAt: incident.lastFailureAt } : {}),
    failures: incident.failureCount,
    clients: incident.clients,
    ...(incident.resolution ? { endedBy: incident.resolution.by, resolvedAt: incident.resolution.at } : {}),
    ...(span ? { brokenSeconds: Math.round(span.ms / 1000), brokenUntil: span.end } : {}),
    ...(incident.alerts.opened ? { alert: incident.alerts.opened.state } : {}),
    ...(incident.acknowledged ? { acknowledgedBy: incident.acknowledged.by } : {}),
  };
}

/** The account the cause named (`DOMAIN\user`), if the Security log showed it. */
export function accountOf(incident: Pick<StoredIncident, 'cause'>): string | undefined {
  return incident.cause?.logoff.account ?? incident.cause?.logon?.account;
}

/** The table on-call reads: newest first, times in the reader's zone (named in the heading line). */
export function incidentTable(incidents: readonly StoredIncident[], display: TimeDisplay, now: Date): string {
  if (incidents.length === 0) return 'No incident matches.';
  const columns: Column<StoredIncident>[] = [
    { header: 'ID', cell: (i) => i.id },
    { header: 'STATUS', cell: (i) => (i.acknowledged && i.status === 'open' ? 'open (ack)' : i.status) },
    { header: 'HOST', cell: (i) => terminalText(i.host, 40) },
    { header: 'PROCESS', cell: (i) => `${terminalText(i.process, 20)} ${i.pid}` },
    { header: `LEAK (${display.zone})`, cell: (i) => display.minute(i.leakAt) },
    { header: 'FAILURES', cell: (i) => String(i.failureCount), align: 'right' },
    { header: 'CLIENTS', cell: (i) => String(i.clients.length), align: 'right' },
    { header: 'BROKEN', cell: (i) => brokenText(brokenSpan(i, now)) },
    { header: 'IDENTITY', cell: (i) => terminalText(accountOf(i) ?? i.sid, 60) },
  ];
  const count = `${incidents.length} incident${incidents.length === 1 ? '' : 's'}, newest first; times in ${display.label(incidents[0]?.leakAt ?? now.getTime())}`;
  return `${textTable(columns, incidents)}\n\n${count}`;
}

const CsvHeader: (keyof IncidentRow)[] = [
  'id',
  'status',
  'host',
  'hostFqdn',
  'process',
  'pid',
  'sid',
  'account',
  'leakAt',
  'firstFailureAt',
  'lastFailureAt',
  'failures',
  'clients',
  'endedBy',
  'resolvedAt',
  'brokenSeconds',
  'brokenUntil',
  'alert',
  'acknowledgedBy',
];

/** The rows as CSV, one column per IncidentRow field; clients separated by spaces; times as UTC event times. */
export function incidentCsv(rows: readonly IncidentRow[]): string {
  return csvDocument(
    CsvHeader,
    rows.map((row) =>
      CsvHeader.map((key): CsvValue => {
        const value = row[key];
        return Array.isArray(value) ? value.join(' ') : value;
      }),
    ),
  );
}
