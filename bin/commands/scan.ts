import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { correlationConfig } from '../../functions/correlation/correlation-config.ts';
import { InvalidCorrelationConfigError } from '../../functions/correlation/errors.ts';
import { type ScanProgress, scan } from '../../functions/scan/scan.ts';
import { scanDocument } from '../../functions/scan/scan-document.ts';
import { progressLine, scanText } from '../../functions/scan/scan-text.ts';
import { HostAliasesError } from '../../functions/signals/errors.ts';
import { parseHostAliases } from '../../functions/signals/host-aliases.ts';
import { UsageError } from './usage-error.ts';

interface ScanFlags {
  aliases?: string;
  json?: boolean;
  window?: string;
  skew?: string;
  quiet?: string;
  threshold?: string;
  threads?: string;
}

/** `hivewatch scan [options] PATH…`: read exported logs offline and print the incidents. Exit 0 found or not. */
export function scanCommand(): Command {
  return new Command('scan')
    .description('scan event XML files and directories (recursively) for hive-leak incidents')
    .argument('<paths...>', 'files or directories of event XML (any shape the reader accepts, gzip too)')
    .option('--json', 'print the result document as JSON, and nothing else, on stdout')
    .option('--window <duration>', 'how long after a leak a failure still follows it', '7d')
    .option('--skew <duration>', 'how long before a leak a failure still follows it (client clocks)', '5m')
    .option('--quiet <duration>', 'event time without a failure after which an incident resolves', '24h')
    .option('--threshold <count>', 'failures an incident needs to be reported', '1')
    .option('--threads <count>', 'reading threads', '2')
    .option(
      '--aliases <file>',
      'JSON {"host": ["10.1.2.3", "alias.corp"]}: servers named by address or alias',
    )
    .action(async (paths: string[], flags: ScanFlags) => {
      const config = parseConfig(flags);
      const threads = Number(flags.threads);
      if (!Number.isInteger(threads) || threads < 1)
        throw new UsageError(`--threads: "${flags.threads}" is not a whole number ≥ 1`);
      const started = performance.now();
      const progress = progressReporter(started);
      const aliases = flags.aliases ? await aliasFile(flags.aliases) : undefined;
      const result = await scan(paths, {
        config,
        threads,
        ...(aliases ? { aliases } : {}),
        onProgress: progress.update,
      });
      progress.clear();
      const seconds = (performance.now() - started) / 1000;
      process.stdout.write(
        flags.json ? `${JSON.stringify(scanDocument(result), null, 2)}\n` : `${scanText(result, seconds)}\n`,
      );
    });
}

/** The alias file's text, checked now so that a bad file is a usage error before any reading. */
async function aliasFile(file: string) {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--aliases: ${file} cannot be read: ${(error as Error).message}`);
  }
  try {
    parseHostAliases(text, file);
  } catch (error) {
    if (error instanceof HostAliasesError) throw new UsageError(`--aliases: ${error.message}`);
    throw error;
  }
  return { text, file };
}

function parseConfig(flags: ScanFlags) {
  try {
    return correlationConfig({
      window: flags.window ?? '7d',
      skew: flags.skew ?? '5m',
      quiet: flags.quiet ?? '24h',
      threshold: Number(flags.threshold ?? '1'),
    });
  } catch (error) {
    if (error instanceof InvalidCorrelationConfigError)
      throw new UsageError(error.issues.map((i) => `--${i}`).join('; '));
    throw error;
  }
}

/** A progress line on stderr once a scan has run for a second: rewritten in place on a terminal, every few seconds otherwise. */
function progressReporter(started: number) {
  const tty = process.stderr.isTTY === true;
  let lastShown = 0;
  let shown = false;
  return {
    update: (p: ScanProgress) => {
      const now = performance.now();
      if (now - started < 1000 || now - lastShown < (tty ? 200 : 5000)) return;
      lastShown = now;
      shown = true;
      const line = progressLine(p, (now - started) / 1000);
      process.stderr.write(tty ? `\r${line}\u001b[K` : `${line}\n`);
    },
    clear: () => {
      if (shown && tty) process.stderr.write('\r\u001b[K');
    },
  };
}
