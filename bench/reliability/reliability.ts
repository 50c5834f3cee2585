/**
 * `npm run reliability`: the load and fault runs (reliability-load.ts), then the hostile catalogue and the fuzz run
 * (hostile.bench.ts), each in its own process with its output passed through, each under a deadline. Ends with
 * the one line both summaries make, in the form the issue gives:
 * `reliability: incidents found once 12/12, decoy alerts 0, events lost 0, faults converged 6/6, hostile cases 47/47, fuzz cases 100000 ok`
 * Exit code 0 only when both parts ran to the end and every check held.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

interface Part {
  script: string;
  /** The summary line's prefix: what follows it joins the final line. */
  prefix: string;
  deadlineMinutes: number;
}

const PARTS: readonly Part[] = [
  { script: 'reliability-load.ts', prefix: 'reliability-load: ', deadlineMinutes: 60 },
  { script: 'hostile.bench.ts', prefix: 'reliability-hostile: ', deadlineMinutes: 20 },
];

/** Runs one part with its output passed through; resolves to its summary (undefined if it printed none) and exit code. */
function run(part: Part): Promise<{ summary: string | undefined; code: number | null }> {
  const script = fileURLToPath(new URL(part.script, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let summary: string | undefined;
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith(part.prefix)) summary = line.slice(part.prefix.length);
  });
  const deadline = setTimeout(() => {
    process.stdout.write(
      `\nreliability: ${part.script} passed its ${part.deadlineMinutes}-minute deadline: stopped\n`,
    );
    child.kill('SIGKILL');
  }, part.deadlineMinutes * 60_000);
  return new Promise((done) =>
    child.once('close', (code) => {
      clearTimeout(deadline);
      if (pending.startsWith(part.prefix)) summary = pending.slice(part.prefix.length);
      done({ summary, code });
    }),
  );
}

const started = performance.now();
const results = [];
for (const part of PARTS) results.push({ part, ...(await run(part)) });
const minutes = ((performance.now() - started) / 60_000).toFixed(1);
process.stdout.write(`\nreliability: both parts in ${minutes} min\n`);
for (const { part, code, summary } of results) {
  if (code !== 0 || summary === undefined)
    process.stdout.write(
      `reliability: ${part.script} ended with code ${code ?? 'kill'}${summary ? '' : ', no summary'}\n`,
    );
}
process.stdout.write(
  `reliability: ${results.map((r) => r.summary ?? `${r.part.script} gave no summary`).join(', ')}\n`,
);
process.exitCode = results.every((r) => r.code === 0 && r.summary !== undefined) ? 0 : 1;
