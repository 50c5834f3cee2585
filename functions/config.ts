import { z } from 'zod';

const UnitMs = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A duration such as `90s`, `5m`, `24h`, `7d` (or plain milliseconds), as milliseconds. */
export const DurationSchema = z
  .string()
  .trim()
  .regex(/^\d+(ms|s|m|h|d)?$/, 'expected a duration like 90s, 5m, 24h or 7d')
  .transform((text) => {
    const match = /^(\d+)(ms|s|m|h|d)?$/.exec(text);
    const amount = Number(match?.[1]);
    const unit = (match?.[2] ?? 'ms') as keyof typeof UnitMs;
    return amount * UnitMs[unit];
  });

const PositiveDuration = DurationSchema.refine((ms) => ms > 0, 'must be longer than zero');
const NonNegativeDuration = DurationSchema;

/** The environment contract of the ingest and sweeper functions (see /tmp pipeline contract and lib/). */
export const PipelineEnvSchema = z.object({
  SIGNALS_TABLE: z.string().min(1),
  INCIDENTS_TABLE: z.string().min(1),
  INGEST_TABLE: z.string().min(1),
  ALERT_TOPIC_ARN: z.string().startsWith('arn:'),
  DETECTION_WINDOW: PositiveDuration.default(7 * 86_400_000),
  DETECTION_SKEW: NonNegativeDuration.default(5 * 60_000),
  DETECTION_QUIET: PositiveDuration.default(24 * 3_600_000),
  DETECTION_THRESHOLD: z.coerce.number().int().min(1).default(1),
  SIGNAL_TTL_DAYS: z.coerce.number().int().min(1).default(30),
  AWS_ENDPOINT_URL: z.string().url().optional(),
});

export interface PipelineConfig {
  readonly signalsTable: string;
  readonly incidentsTable: string;
  readonly ingestTable: string;
  readonly alertTopicArn: string;
  readonly detection: { windowMs: number; skewMs: number; quietMs: number; threshold: number };
  readonly signalTtlDays: number;
  readonly endpoint?: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

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
    signalsTable: e.SIGNALS_TABLE,
    incidentsTable: e.INCIDENTS_TABLE,
    ingestTable: e.INGEST_TABLE,
    alertTopicArn: e.ALERT_TOPIC_ARN,
    detection: {
      windowMs: e.DETECTION_WINDOW,
      skewMs: e.DETECTION_SKEW,
      quietMs: e.DETECTION_QUIET,
      threshold: e.DETECTION_THRESHOLD,
    },
    signalTtlDays: e.SIGNAL_TTL_DAYS,
    ...(e.AWS_ENDPOINT_URL ? { endpoint: e.AWS_ENDPOINT_URL } : {}),
  };
}
