import { z } from 'zod';
import { DetectionVariable } from '../config.ts';
import { type CorrelationConfig, correlationConfig } from '../correlation/correlation-config.ts';
import { InvalidCorrelationConfigError } from '../correlation/errors.ts';
import { CliError } from './errors.ts';

/**
 * The settings the pipeline's functions run with. A resolve or an ack recomputes the host's incidents in the same
 * write as the pipeline would, so it must use the same ones: from the deployed functions' environment (the stack's
 * template), else from DETECTION_* and NOTIFY_AT_RISK here (the functions' own variable names), else the defaults.
 */
export interface DetectionSettings {
  correlation: CorrelationConfig;
  notifyAtRisk: boolean;
  /** Where they came from, to say so. */
  source: string;
}

const Variables = DetectionVariable;

export function detectionSettingsFromEnv(
  env: Record<string, string | undefined>,
  source = 'the DETECTION_* environment (defaults where unset)',
): DetectionSettings {
  const input: Record<string, string> = {};
  for (const [key, name] of Object.entries(Variables)) {
    const value = env[name];
    if (value !== undefined && value !== '') input[key] = value;
  }
  try {
    return { correlation: correlationConfig(input), notifyAtRisk: env.NOTIFY_AT_RISK === 'true', source };
  } catch (error) {
    if (!(error instanceof InvalidCorrelationConfigError)) throw error;
    const named = error.issues.map((issue) =>
      issue.replace(/^(\w+):/, (_, key: string) => `${Variables[key as keyof typeof Variables] ?? key}:`),
    );
    throw new CliError(`bad detection settings in ${source}: ${named.join('; ')}`, { cause: error });
  }
}

const TemplateSchema = z.object({
  Resources: z.record(
    z.string(),
    z.object({
      Type: z.string(),
      Properties: z
        .object({ Environment: z.object({ Variables: z.record(z.string(), z.unknown()) }).optional() })
        .loose()
        .optional(),
    }),
  ),
});

/**
 * The settings a deployed stack gave its functions, read from its template (CloudFormation GetTemplate): the first
 * Lambda function whose environment names the incidents table and the detection variables. Undefined when the
 * template is not JSON (the CDK writes JSON) or has no such function.
 */
export function detectionSettingsFromTemplate(
  body: string,
  stackName: string,
): DetectionSettings | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const template = TemplateSchema.safeParse(parsed);
  if (!template.success) return undefined;
  for (const resource of Object.values(template.data.Resources)) {
    const variables = resource.Properties?.Environment?.Variables;
    if (resource.Type !== 'AWS::Lambda::Function' || !variables || !('INCIDENTS_TABLE' in variables))
      continue;
    const env = Object.fromEntries(
      Object.entries(variables).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])),
    );
    return detectionSettingsFromEnv(env, `the functions of stack ${stackName}`);
  }
  return undefined;
}
