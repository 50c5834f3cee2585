import { spawn } from 'node:child_process';
import { z } from 'zod';

const FindingSchema = z.object({
  Filename: z.string(),
  Level: z.enum(['Error', 'Warning', 'Informational']),
  Message: z.string(),
  Rule: z.object({ Id: z.string() }),
  Location: z.object({
    Path: z
      .array(z.union([z.string(), z.number()]))
      .nullable()
      .optional(),
  }),
});

export type LintFinding = z.output<typeof FindingSchema>;

/** Regions the templates are checked against (resource and runtime availability): the docs' examples. */
export const LINT_REGIONS = ['us-east-1', 'eu-west-1'];

/**
 * Runs cfn-lint on the templates and returns every finding. Its exit code is a bit mask (2 errors, 4 warnings,
 * 8 informational); bit 1 means it could not run, which is an error here rather than "no findings".
 */
export function cfnLint(path: string, templates: string[]): Promise<LintFinding[]> {
  return new Promise((done, fail) => {
    const child = spawn(path, ['--format', 'json', '--regions', ...LINT_REGIONS, '--', ...templates], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('error', fail);
    child.once('exit', (code) => {
      if (code === null || (code & 1) === 1) {
        fail(new Error(`cfn-lint failed to run (exit ${code}): ${err}${out}`));
        return;
      }
      try {
        done(z.array(FindingSchema).parse(JSON.parse(out || '[]')));
      } catch (error) {
        fail(
          new Error(`cfn-lint printed what is not its JSON format: ${out.slice(0, 500)}`, { cause: error }),
        );
      }
    });
  });
}

export function lintLine(finding: LintFinding): string {
  const where = (finding.Location.Path ?? []).join('/');
  return `${finding.Level} ${finding.Rule.Id} ${where}: ${finding.Message}`;
}
