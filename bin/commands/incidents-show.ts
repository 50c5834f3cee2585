import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { CliError } from '../../functions/cli/errors.ts';
import { incidentPage } from '../../functions/cli/incident-page.ts';
import { incidentText } from '../../functions/cli/incident-text.ts';
import { timeDisplay } from '../../functions/cli/time-display.ts';
import { type AccessFlags, accessOptions, withPipeline } from './pipeline-access.ts';
import { UsageError } from './usage-error.ts';

interface ShowFlags extends AccessFlags {
  json?: boolean;
  html?: string;
  utc?: boolean;
}

/** `incidents show ID`: facts, cause, timeline, evidence, alerts, audit trail and the fix; `--html FILE` as a page. */
export function incidentsShowCommand(): Command {
  return accessOptions(
    new Command('show')
      .description(
        'one incident: facts, the logoff that caused it, timeline, evidence, alerts, audit trail, the fix',
      )
      .argument('<id>', 'incident id (as in the alert and the list)')
      .option('--json', 'print the stored incident as JSON')
      .option('--html <file>', 'also write a self-contained page with a timeline picture to FILE')
      .option('--utc', 'times in UTC instead of this machine’s zone'),
  ).action(async (id: string, flags: ShowFlags) => {
    if (flags.json && flags.html) throw new UsageError('--json and --html: choose one');
    const display = timeDisplay({ utc: Boolean(flags.utc) });
    const now = new Date();
    await withPipeline(flags, {}, async ({ incidents }) => {
      const incident = await incidents.get(id);
      if (!incident) throw new CliError(`no incident ${id}: \`hivewatch incidents list\` shows the ids`);
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(incident, null, 2)}\n`);
        return;
      }
      process.stdout.write(`${incidentText(incident, display, now)}\n`);
      if (flags.html) {
        const file = resolve(flags.html);
        const page = incidentPage(incident, display, now);
        writeFileSync(file, page);
        process.stdout.write(
          `\nWrote ${file} (${Buffer.byteLength(page)} bytes, self-contained: open it in a browser).\n`,
        );
      }
    });
  });
}
