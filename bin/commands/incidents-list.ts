import { Command } from 'commander';
import type { IncidentStatusName } from '../../functions/alerts/stored-incident.ts';
import { CurrentStatuses, collectIncidents } from '../../functions/cli/incident-listing.ts';
import { incidentCsv, incidentRow, incidentTable } from '../../functions/cli/incident-rows.ts';
import { timeDisplay } from '../../functions/cli/time-display.ts';
import { parseTimeRange } from '../../functions/cli/time-range.ts';
import { shortHostName } from '../../functions/signals/host-name.ts';
import { type AccessFlags, accessOptions, withPipeline } from './pipeline-access.ts';
import { UsageError } from './usage-error.ts';

interface ListFlags extends AccessFlags {
  status: string;
  host?: string;
  since?: string;
  until?: string;
  limit?: string;
  pageSize: string;
  json?: boolean;
  csv?: boolean;
  utc?: boolean;
}

const Statuses = ['at-risk', 'open', 'resolved', 'cleared', 'superseded'] as const;

/** `incidents list`: newest leak first, from the status or host index, page after page. */
export function incidentsListCommand(): Command {
  return accessOptions(
    new Command('list')
      .description('incidents newest leak first (served by the status and host indexes, page after page)')
      .option(
        '--status <status>',
        'open, at-risk, resolved, cleared, superseded, or all (a comma list is fine)',
        'all',
      )
      .option('--host <name>', 'only this host (any spelling: APP01, app01.corp.example.net)')
      .option('--since <when>', 'leaks since: a duration back (7d, 36h, 2w), a date (2026-11-17) or a time')
      .option('--until <when>', 'leaks until: the same forms (a date includes that whole day)')
      .option('--limit <n>', 'at most this many incidents')
      .option('--page-size <n>', 'incidents per index query', '100')
      .option('--json', 'print a JSON array of rows')
      .option('--csv', 'print CSV (RFC 4180)')
      .option('--utc', 'times in UTC instead of this machine’s zone'),
  ).action(async (flags: ListFlags) => {
    if (flags.json && flags.csv) throw new UsageError('--json and --csv: choose one');
    const statuses = parseStatuses(flags.status);
    const pageSize = positive('--page-size', flags.pageSize);
    const limit = flags.limit === undefined ? undefined : positive('--limit', flags.limit);
    const display = timeDisplay({ utc: Boolean(flags.utc) });
    const now = new Date();
    await withPipeline(flags, {}, async ({ incidents: store }) => {
      const range = parseTimeRange({ since: flags.since, until: flags.until }, now, display.zone);
      const incidents = await collectIncidents(
        store,
        { statuses, ...range, ...(flags.host ? { host: shortHostName(flags.host) } : {}) },
        { pageSize, ...(limit ? { limit } : {}) },
      );
      const rows = () => incidents.map((i) => incidentRow(i, now));
      process.stdout.write(
        flags.json
          ? `${JSON.stringify(rows(), null, 2)}\n`
          : flags.csv
            ? incidentCsv(rows())
            : `${incidentTable(incidents, display, now)}\n`,
      );
    });
  });
}

function parseStatuses(text: string): IncidentStatusName[] {
  const wanted = text.split(',').map((s) => s.trim().toLowerCase());
  if (wanted.includes('all')) return [...CurrentStatuses];
  for (const status of wanted) {
    if (!(Statuses as readonly string[]).includes(status)) {
      throw new UsageError(`--status: "${status}" is not one of ${Statuses.join(', ')}, all`);
    }
  }
  return [...new Set(wanted)] as IncidentStatusName[];
}

function positive(option: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${option}: "${text}" is not a whole number ≥ 1`);
  return n;
}
