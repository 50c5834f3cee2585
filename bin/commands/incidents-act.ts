import { Command } from 'commander';
import {
  type ActionResult,
  acknowledgeIncident,
  resolveIncident,
} from '../../functions/cli/incident-actions.ts';
import { headline } from '../../functions/cli/incident-document.ts';
import { terminalText as t } from '../../functions/cli/terminal-text.ts';
import { timeDisplay } from '../../functions/cli/time-display.ts';
import { type AccessFlags, accessOptions, withPipeline } from './pipeline-access.ts';
import { UsageError } from './usage-error.ts';

interface ActFlags extends AccessFlags {
  note: string;
  json?: boolean;
  utc?: boolean;
}

/**
 * `incidents ack ID --note …` and `incidents resolve ID --note …`: who (the caller's AWS identity, or the local user)
 * and when, kept on the incident; a resolve sends the resolved notification once.
 */
export function incidentActCommand(action: 'ack' | 'resolve'): Command {
  const resolve = action === 'resolve';
  return accessOptions(
    new Command(action)
      .description(
        resolve
          ? 'resolve an incident by hand (after restarting the application): audit entry, resolved notification once'
          : 'acknowledge an incident: who is on it, and why, on its audit trail',
      )
      .argument('<id>', 'incident id')
      .requiredOption(
        '--note <text>',
        resolve ? 'what you did (kept on the audit trail)' : 'what you are doing',
      )
      .option('--json', 'print the result as JSON')
      .option('--utc', 'times in UTC instead of this machine’s zone'),
    { state: true, alerts: resolve },
  ).action(async (id: string, flags: ActFlags) => {
    const note = flags.note.trim();
    if (note === '')
      throw new UsageError('--note: say what you did (or are doing); it goes on the audit trail');
    const display = timeDisplay({ utc: Boolean(flags.utc) });
    await withPipeline(flags, { state: true, alerts: resolve }, async (access) => {
      if (!access.ledger || !access.settings) throw new UsageError('no state table');
      const by = await access.caller();
      const ports = {
        incidents: access.incidents,
        ledger: access.ledger,
        config: access.settings.correlation,
        notifyAtRisk: access.settings.notifyAtRisk,
        clock: () => new Date(),
        ...(access.notifier
          ? { delivery: { notifier: access.notifier, text: { showCommand: access.showCommand } } }
          : {}),
      };
      const result = resolve
        ? await resolveIncident(id, { by, note }, ports)
        : await acknowledgeIncident(id, { by, note }, ports);
      process.stdout.write(
        flags.json
          ? `${JSON.stringify({ ...result, settings: access.settings.source }, null, 2)}\n`
          : `${actionText(action, result, Boolean(access.notifier), display)}\n`,
      );
    });
  });
}

function actionText(
  action: 'ack' | 'resolve',
  result: ActionResult,
  canSend: boolean,
  display: ReturnType<typeof timeDisplay>,
): string {
  const { incident, entry } = result;
  const lines = [
    headline(incident),
    `${action === 'ack' ? 'Acknowledged' : 'Resolve'}: ${t(entry.outcome)}`,
    `  by    ${t(entry.by)}`,
    `  at    ${display.dateTime(entry.at)}`,
    `  note  "${t(entry.note, 1000)}"`,
  ];
  if (action === 'resolve') {
    const sent = result.deliveries.filter((d) => d.outcome === 'sent');
    const failed = result.deliveries.filter((d) => d.outcome === 'failed');
    for (const d of sent)
      lines.push(`Notification ${d.key} of ${d.incidentId} sent (SNS message ${d.messageId}).`);
    for (const d of failed) {
      lines.push(
        `Notification ${d.key} of ${d.incidentId} NOT sent (${t(d.error, 300)}): the sweeper retries it.`,
      );
    }
    if (result.queued.length > 0 && !canSend) {
      lines.push(
        `Notification ${result.queued.join(', ')} queued: no topic known here (--topic-arn), the sweeper sends it.`,
      );
    }
    if (result.queued.length === 0 && result.deliveries.length === 0) {
      lines.push(
        incident.alerts.opened
          ? 'No notification: this write did not end it (see the outcome).'
          : 'No notification: on-call was never paged for it.',
      );
    }
    if (result.alsoEnded.length > 0) {
      lines.push(`The restart by hand also ended, on the same host: ${result.alsoEnded.join(', ')}.`);
    }
  }
  return lines.join('\n');
}
