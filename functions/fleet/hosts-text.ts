import { duration } from '../alerts/alert-times.ts';
import { terminalText } from '../alerts/plain-text.ts';
import { displayIn, type HostReport, minuteIn } from './hosts-report.ts';

export interface HostsView {
  hosts: HostReport[];
  now: Date;
  zone: string;
  /** As given (`2h`, `off`). */
  silentAfter: string;
}

/** The fleet as a person reads it in a terminal: one line per host, then events and errors per day. */
export function hostsTable(view: HostsView): string {
  const { hosts, zone } = view;
  const silent = hosts.filter((h) => h.status === 'silent').length;
  const head =
    hosts.length === 0
      ? 'No shipping host yet: no object under incoming/<host>/ has been ingested.'
      : `${hosts.length} shipping host${hosts.length === 1 ? '' : 's'}, ${silent} silent (nothing for ${view.silentAfter} or more). Times in ${displayIn(zone).label(view.now.getTime())}.`;
  if (hosts.length === 0) return `${head}\n`;
  const time = (t: string | undefined) => (t ? minuteIn(t, zone) : '-');
  const rows = hosts.map((h) => {
    const sum = (k: 'objects' | 'events' | 'errors') => h.days.reduce((n, d) => n + d[k], 0);
    return [
      terminalText(h.host, 60),
      h.status === 'silent' ? `silent ${duration(h.quietMs)}${h.noticed ? ', notice sent' : ''}` : 'shipping',
      time(h.lastSeenAt),
      time(h.lastEventAt),
      String(sum('objects')),
      String(sum('events')),
      String(sum('errors')),
      terminalText(h.lastObjectKey, 200),
    ];
  });
  const days = hosts[0]?.days.map((d) => d.day) ?? [];
  const perDay = hosts.map((h) => [
    terminalText(h.host, 60),
    ...h.days.map((d) => (d.objects === 0 ? '-' : `${d.events}${d.errors > 0 ? ` (${d.errors})` : ''}`)),
  ]);
  return [
    head,
    '',
    ...columns(
      ['HOST', 'STATUS', 'LAST OBJECT', 'LAST EVENT', 'OBJECTS', 'EVENTS', 'ERRORS', 'LAST OBJECT KEY'],
      rows,
      [4, 5, 6],
    ),
    '',
    `Events read per day the objects arrived (reader errors in brackets), the last ${days.length} days:`,
    ...columns(
      ['HOST', ...days.map((d) => d.slice(5))],
      perDay,
      days.map((_, i) => i + 1),
    ),
    '',
  ].join('\n');
}

/** One row per host and day; the host's last-seen facts repeated on each. */
export function hostsCsv(view: HostsView): string {
  const header = [
    'host',
    'day',
    'objects',
    'events',
    'errors',
    'status',
    'quiet_minutes',
    'notice_sent',
    'last_object_at',
    'last_event_at',
    'last_object_key',
  ];
  const rows = view.hosts.flatMap((h) =>
    h.days.map((d) => [
      h.host,
      d.day,
      d.objects,
      d.events,
      d.errors,
      h.status,
      Math.floor(h.quietMs / 60_000),
      h.noticed,
      h.lastSeenAt,
      h.lastEventAt ?? '',
      h.lastObjectKey,
    ]),
  );
  return `${[header, ...rows].map((row) => row.map((v) => csvField(String(v))).join(',')).join('\r\n')}\r\n`;
}

export function hostsJson(view: HostsView): string {
  return `${JSON.stringify(
    {
      generatedAt: view.now.toISOString(),
      zone: view.zone,
      silentAfter: view.silentAfter,
      hosts: view.hosts,
    },
    null,
    2,
  )}\n`;
}

/**
 * RFC 4180 quoting; a value a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) gets a leading `'`
 * (OWASP's CSV injection advice): object keys come from the shippers.
 */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function columns(header: string[], rows: string[][], right: number[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => {
        if (i === cells.length - 1 && !right.includes(i)) return c;
        return right.includes(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0);
      })
      .join('  ');
  return [line(header), ...rows.map(line)];
}
