import { Command } from 'commander';
import { fleetReport } from '../../functions/cli/fleet-report.ts';
import { CurrentStatuses, collectIncidents } from '../../functions/cli/incident-listing.ts';
import { reportCsv, reportText } from '../../functions/cli/report-text.ts';
import { timeDisplay } from '../../functions/cli/time-display.ts';
import { parseTimeRange } from '../../functions/cli/time-range.ts';
import { type AccessFlags, accessOptions, withPipeline } from './pipeline-access.ts';
import { UsageError } from './usage-error.ts';

interface ReportFlags extends AccessFlags {
  since: string;
  until?: string;
  top: string;
  json?: boolean;
  csv?: boolean;
  utc?: boolean;
}

/** `hivewatch report`: the fleet over a period, per host and per identity, and where to set the policy first. */
export function reportCommand(): Command {
  return accessOptions(
    new Command('report')
      .description(
        'per host and per identity: incidents, at-risk leaks, time broken, repeat offenders, where to set DisableForceUnload first',
      )
      .option('--since <when>', 'leaks since: a duration back (30d), a date or a time', '30d')
      .option('--until <when>', 'leaks until (a date includes that whole day)')
      .option('--top <n>', 'hosts to name for the policy', '5')
      .option('--json', 'print the report as JSON')
      .option('--csv', 'print CSV: a row per host and per identity')
      .option('--utc', 'times in UTC instead of this machine’s zone'),
  ).action(async (flags: ReportFlags) => {
    if (flags.json && flags.csv) throw new UsageError('--json and --csv: choose one');
    const top = Number(flags.top);
    if (!Number.isInteger(top) || top < 1)
      throw new UsageError(`--top: "${flags.top}" is not a whole number ≥ 1`);
    const display = timeDisplay({ utc: Boolean(flags.utc) });
    const now = new Date();
    await withPipeline(flags, {}, async ({ incidents: store }) => {
      const range = parseTimeRange({ since: flags.since, until: flags.until }, now, display.zone);
      const incidents = await collectIncidents(store, { statuses: CurrentStatuses, ...range });
      const report = fleetReport(incidents, range, now, top);
      process.stdout.write(
        flags.json
          ? `${JSON.stringify(report, null, 2)}\n`
          : flags.csv
            ? reportCsv(report)
            : `${reportText(report, display)}\n`,
      );
    });
  });
}
