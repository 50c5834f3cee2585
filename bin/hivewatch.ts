#!/usr/bin/env -S npx tsx
import { Command, CommanderError } from 'commander';
import { CliError } from '../functions/cli/errors.ts';
import { hostsCommand } from './commands/hosts.ts';
import { incidentsCommand } from './commands/incidents.ts';
import { reportCommand } from './commands/report.ts';
import { scanCommand } from './commands/scan.ts';
import { UsageError } from './commands/usage-error.ts';

/** `hivewatch`: each subcommand lives in bin/commands/. Usage errors exit 2 with one line on stderr. */
const program = new Command('hivewatch')
  .description(
    'Detect COM+ / IIS applications broken by a force-unloaded registry hive (Event 1530) in Windows event XML',
  )
  .addCommand(scanCommand())
  .addCommand(incidentsCommand())
  .addCommand(reportCommand())
  .addCommand(hostsCommand());
for (const command of [program, ...program.commands]) {
  command.exitOverride().configureOutput({ outputError: () => undefined }); // printed once, below, as one line
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') {
      process.exitCode = 0;
    } else if (error.code === 'commander.help') {
      process.exitCode = 2; // no command given: commander has printed the usage on stderr
    } else {
      process.stderr.write(`hivewatch: ${error.message.replace(/^error: /, '').split('\n')[0]}\n`);
      process.exitCode = 2;
    }
  } else if (error instanceof UsageError) {
    process.stderr.write(`hivewatch: ${error.message}\n`);
    process.exitCode = 2;
  } else if (error instanceof CliError) {
    // something the person can fix (credentials, region, a name): one line, exit 1
    process.stderr.write(`hivewatch: ${error.message}\n`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
