import { z } from 'zod';
import { ALERT_FORMATS, type AlertFormat, DEFAULT_ALERT_FORMAT } from './alerts/alert-format.ts';
import {
  type CorrelationConfig,
  correlationConfig,
  parseDuration,
} from './correlation/correlation-config.ts';
import { InvalidCorrelationConfigError } from './correlation/errors.ts';
import {
  DEFAULT_FORGED_HOST_ACTION,
  FORGED_HOST_ACTIONS,
  type ForgedHostAction,
} from './ingest/object-origin.ts';
import { HostAliasesError } from './signals/errors.ts';
import { type HostAliases, parseHostAliases } from './signals/host-aliases.ts';

/** The environment contract of the ingest and sweeper functions (the CDK stack in lib/ sets it). */
export const PipelineEnvSchema = z.object({
  STATE_TABLE: z.string().min(1),
  INCIDENTS_TABLE: z.string().min(1),
  INGEST_TABLE: z.string().min(1),
  ALERT_TOPIC_ARN: z.string().startsWith('arn:', 'must be an SNS topic ARN'),
  DETECTION_WINDOW: z.string().default('7d'),
  DETECTION_SKEW: z.string().default('5m'),
  DETECTION_QUIET: z.string().default('24h'),
  DETECTION_THRESHOLD: z.string().default('1'),
  DETECTION_SETTLE: z.string().default('15m'),
  DETECTION_RETENTION: z.string().default('30d'),
  /** Send a notice for an at-risk leak (a 1530 by dllhost/w3wp with no failure yet). */
  NOTIFY_AT_RISK: z.enum(['true', 'false']).default('false'),
  SIGNAL_TTL_DAYS: z.coerce.number().int().min(1).default(30),
  /** An event under `incoming/<host>/` whose Computer is another host: accept, flag or reject. */
  FORGED_HOST: z.enum(FORGED_HOST_ACTIONS).default(DEFAULT_FORGED_HOST_ACTION),
  /** The host alias table as JSON (functions/signals/host-aliases.ts), when the stack sets one. */
  HOST_ALIASES: z.string().optional(),
  /** `text` (every subscriber gets the plain text) or `chat` (chat apps also get Amazon Q Developer's format). */
  ALERT_FORMAT: z.enum(ALERT_FORMATS).default(DEFAULT_ALERT_FORMAT),
  /** A host that shipped before and nothing for this long gets a notice (`2h`); `off` turns the check off. */
  SILENT_HOST_AFTER: z
    .string()
    .default('2h')
    .refine(
      (v) => v === 'off' || (parseDuration(v) ?? 0) >= 60_000,
      'a duration of at least 1m (e.g. 2h), or off',
    ),
  AWS_ENDPOINT_URL: z.url().optional(),
});

export interface PipelineConfig {
  readonly stateTable: string;
  readonly incidentsTable: string;
  readonly ingestTable: string;
  readonly alertTopicArn: string;
  readonly correlation: CorrelationConfig;
  readonly notifyAtRisk: boolean;
  readonly signalTtlDays: number;
  readonly forgedHost: ForgedHostAction;
  /** Servers named by address or alias in DCOM 10006 (the stack's `hostAliases`). */
  readonly aliases?: HostAliases;
  readonly alertFormat: AlertFormat;
  /** Undefined: silent hosts are not looked for. */
  readonly silentHostAfterMs?: number;
  /** As configured (`2h`), for the notices' text. */
  readonly silentHostAfter: string;
  readonly endpoint?: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** The environment variable of each detection setting: the functions read them, and so does the CLI. */
export const DetectionVariable = {
  window: 'DETECTION_WINDOW',
  skew: 'DETECTION_SKEW',
  quiet: 'DETECTION_QUIET',
  threshold: 'DETECTION_THRESHOLD',
  settle: 'DETECTION_SETTLE',
  retention: 'DETECTION_RETENTION',
} as const;

/** Reads and validates the environment once at start-up; the error names every missing or bad variable. */
export function loadPipelineConfig(env: Record<string, string | undefined> = process.env): PipelineConfig {
  const parsed = PipelineEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.');
      return env[name] === undefined ? `${name} is not set` : `${name}: ${issue.message}`;
    });
    throw new ConfigError(`hivewatch: bad environment — ${problems.join('; ')}`);
  }
  const e = parsed.data;
  return {
    stateTable: e.STATE_TABLE,
    incidentsTable: e.INCIDENTS_TABLE,
    ingestTable: e.INGEST_TABLE,
    alertTopicArn: e.ALERT_TOPIC_ARN,
    correlation: detectionSettings(e),
    notifyAtRisk: e.NOTIFY_AT_RISK === 'true',
    signalTtlDays: e.SIGNAL_TTL_DAYS,
    forgedHost: e.FORGED_HOST,
    ...(e.HOST_ALIASES ? { aliases: aliasesOf(e.HOST_ALIASES) } : {}),
    alertFormat: e.ALERT_FORMAT,
    silentHostAfter: e.SILENT_HOST_AFTER,
    ...(e.SILENT_HOST_AFTER === 'off' ? {} : { silentHostAfterMs: parseDuration(e.SILENT_HOST_AFTER) }),
    ...(e.AWS_ENDPOINT_URL ? { endpoint: e.AWS_ENDPOINT_URL } : {}),
  };
}

function aliasesOf(json: string): HostAliases {
  try {
    return parseHostAliases(json, 'HOST_ALIASES');
  } catch (error) {
    if (error instanceof HostAliasesError)
      throw new ConfigError(`hivewatch: bad environment — ${error.message}`, { cause: error });
    throw error;
  }
}

function detectionSettings(e: z.output<typeof PipelineEnvSchema>): CorrelationConfig {
  try {
    return correlationConfig({
      window: e.DETECTION_WINDOW,
      skew: e.DETECTION_SKEW,
      quiet: e.DETECTION_QUIET,
      threshold: e.DETECTION_THRESHOLD,
      settle: e.DETECTION_SETTLE,
      retention: e.DETECTION_RETENTION,
    });
  } catch (error) {
    if (!(error instanceof InvalidCorrelationConfigError)) throw error;
    const named = error.issues.map((issue) =>
      issue.replace(
        /^(\w+):/,
        (_, key: string) => `${DetectionVariable[key as keyof typeof DetectionVariable] ?? key}:`,
      ),
    );
    throw new ConfigError(`hivewatch: bad environment — ${named.join('; ')}`, { cause: error });
  }
}
