import { Command } from 'commander';
import { incidentActCommand } from './incidents-act.ts';
import { incidentsListCommand } from './incidents-list.ts';
import { incidentsShowCommand } from './incidents-show.ts';

/**
 * `hivewatch incidents list|show|ack|resolve`: what the pipeline stored (a deployed stack, explicit tables, or the
 * `npm start` data folder), and what on-call does about it.
 */
export function incidentsCommand(): Command {
  const command = new Command('incidents')
    .description('list, show, acknowledge and resolve the incidents the pipeline stored')
    .addCommand(incidentsListCommand())
    .addCommand(incidentsShowCommand())
    .addCommand(incidentActCommand('ack'))
    .addCommand(incidentActCommand('resolve'));
  for (const sub of [command, ...command.commands])
    sub.exitOverride().configureOutput({ outputError: () => undefined });
  return command;
}
