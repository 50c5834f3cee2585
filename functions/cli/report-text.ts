import { csvDocument } from './csv.ts';
import type { FleetReport, HostSummary, IdentitySummary } from './fleet-report.ts';
import { terminalText as t } from './terminal-text.ts';
import { textTable } from './text-table.ts';
import { humanDuration } from './time-broken.ts';
import type { TimeDisplay } from './time-display.ts';

/** The report as the terminal shows it: totals, hosts, identities, and where to set the policy first. */
export function reportText(report: FleetReport, display: TimeDisplay): string {
  const from = report.since ? display.minute(report.since) : 'the first leak kept';
  const to = report.until ? display.minute(report.until) : 'now';
  const { totals } = report;
  const head = [
    `Fleet report: leaks from ${from} to ${to}; times in ${display.label(report.generatedAt)}.`,
    `${totals.incidents} incident${totals.incidents === 1 ? '' : 's'} and ${totals.atRiskLeaks} at-risk leak${totals.atRiskLeaks === 1 ? '' : 's'} on ${totals.hosts} host${totals.hosts === 1 ? '' : 's'}, ` +
      `${totals.identities} identit${totals.identities === 1 ? 'y' : 'ies'}; applications broken ${humanDuration(totals.brokenSeconds * 1000)} in all.`,
  ];
  if (totals.hosts === 0)
    return `${head.join('\n')}\n\nNothing to report: no leak by dllhost.exe or w3wp.exe in the period.`;
  const broken = (s: { brokenSeconds: number; brokenOngoing?: boolean }) =>
    `${humanDuration(s.brokenSeconds * 1000)}${s.brokenOngoing ? ' (ongoing)' : ''}`;
  const hosts = textTable<HostSummary>(
    [
      { header: 'HOST', cell: (h) => t(h.host, 40) },
      { header: 'INCIDENTS', cell: (h) => String(h.incidents), align: 'right' },
      { header: 'AT-RISK', cell: (h) => String(h.atRiskLeaks), align: 'right' },
      { header: 'OPEN NOW', cell: (h) => String(h.openNow), align: 'right' },
      { header: 'FAILURES', cell: (h) => String(h.failures), align: 'right' },
      { header: 'BROKEN', cell: broken },
      { header: 'CLIENTS', cell: (h) => String(h.clients.length), align: 'right' },
      { header: 'IDENTITIES', cell: (h) => String(h.identities.length), align: 'right' },
      { header: 'LAST LEAK', cell: (h) => display.minute(h.lastLeakAt) },
      { header: 'REPEAT', cell: (h) => (h.repeat ? 'yes' : '') },
    ],
    report.hosts,
  );
  const identities = textTable<IdentitySummary>(
    [
      { header: 'SID', cell: (i) => t(i.sid, 60) },
      { header: 'ACCOUNT', cell: (i) => t(i.accounts.join(', ') || '-', 60) },
      { header: 'HOSTS', cell: (i) => String(i.hosts.length), align: 'right' },
      { header: 'INCIDENTS', cell: (i) => String(i.incidents), align: 'right' },
      { header: 'AT-RISK', cell: (i) => String(i.atRiskLeaks), align: 'right' },
      { header: 'BROKEN', cell: broken },
      { header: 'REPEAT', cell: (i) => (i.repeat ? 'yes' : '') },
      {
        header: 'LOGGED ON AS',
        cell: (i) =>
          t(
            [...i.logons, ...(i.causeUnknown > 0 ? [`no logoff seen ×${i.causeUnknown}`] : [])].join(', '),
            120,
          ),
      },
    ],
    report.identities,
  );
  const policy = report.policyFirst.map((p) => `  ${p.rank}. ${t(p.host, 60)}: ${p.reason}`);
  return [
    ...head,
    '',
    'Hosts (most incidents first)',
    hosts,
    '',
    'Identities (the accounts the applications run as)',
    identities,
    '',
    'Set DisableForceUnload first on:',
    ...policy,
    '  (Computer Configuration → Administrative Templates → System → User Profiles → "Do not forcefully unload the',
    '  users registry at user logoff"; repeat offenders will leak again until it is set.)',
  ].join('\n');
}

const Header = [
  'scope',
  'name',
  'sid',
  'accounts',
  'incidents',
  'atRiskLeaks',
  'openNow',
  'failures',
  'brokenSeconds',
  'brokenOngoing',
  'clients',
  'hosts',
  'identities',
  'firstLeakAt',
  'lastLeakAt',
  'repeat',
  'logons',
  'policyRank',
  'policyReason',
];

/** One CSV: a row per host (`scope` host) and per identity (`scope` identity); names space-separated, accounts by `; `. */
export function reportCsv(report: FleetReport): string {
  const picks = new Map(report.policyFirst.map((p) => [p.host, p]));
  return csvDocument(Header, [
    ...report.hosts.map((h) => [
      'host',
      h.host,
      '',
      '',
      h.incidents,
      h.atRiskLeaks,
      h.openNow,
      h.failures,
      h.brokenSeconds,
      h.brokenOngoing,
      h.clients.join(' '),
      '',
      h.identities.join(' '),
      h.firstLeakAt,
      h.lastLeakAt,
      h.repeat,
      '',
      picks.get(h.host)?.rank,
      picks.get(h.host)?.reason,
    ]),
    ...report.identities.map((i) => [
      'identity',
      i.accounts.join('; ') || i.sid,
      i.sid,
      i.accounts.join('; '),
      i.incidents,
      i.atRiskLeaks,
      '',
      '',
      i.brokenSeconds,
      '',
      '',
      i.hosts.join(' '),
      '',
      '',
      '',
      i.repeat,
      i.logons.join('; '),
      '',
      '',
    ]),
  ]);
}
