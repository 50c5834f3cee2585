import { z } from 'zod';
import { InvalidCorrelationConfigError } from './errors.ts';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION = /^(-?\d+(?:\.\d+)?)(ms|s|m|h|d)$/;

/** Parses `90s`, `5m`, `24h`, `7d` (also `ms`) into milliseconds; undefined when not a duration. */
export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  if (!m) return undefined;
  return Math.round(Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS]);
}

/** A duration given as text (`7d`, `-5m` is parsed so that it can be refused as negative) or as milliseconds. */
const Duration = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const ms = typeof value === 'number' ? value : parseDuration(value);
  if (ms === undefined || !Number.isFinite(ms)) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a duration (use e.g. 90s, 5m, 24h, 7d)` });
    return z.NEVER;
  }
  return ms;
});

/** The detection contract's tunables; defaults are the design page's. */
export const CorrelationConfigSchema = z.object({
  /** A failure up to `window` after a leak follows it (the first failure comes when the app is next used). */
  window: Duration.prefault('7d').pipe(z.number().positive('must be longer than zero')),
  /** A failure up to `skew` before a leak still follows it (client clocks drift). */
  skew: Duration.prefault('5m').pipe(z.number().min(0, 'must not be negative')),
  /** An incident resolves after `quiet` of event time without a failure. */
  quiet: Duration.prefault('24h').pipe(z.number().positive('must be longer than zero')),
  /** Failures an incident needs before it is alerted on (and reported by a scan). */
  threshold: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').default(1),
  /**
   * A restart ends an incident once event time has moved this far past it with no failure after it: objects
   * arrive out of order, and a failure logged just after the restart may still be on its way.
   */
  settle: Duration.prefault('15m').pipe(z.number().min(0, 'must not be negative')),
  /** Events this much older than a host's latest are too late to change it; older state is let go. */
  retention: Duration.prefault('30d').pipe(z.number().positive('must be longer than zero')),
});
export type CorrelationConfigInput = z.input<typeof CorrelationConfigSchema>;
/** Validated settings; durations in milliseconds. */
export type CorrelationConfig = z.output<typeof CorrelationConfigSchema>;

/** Validates settings, throwing one clear message naming every bad setting. */
export function correlationConfig(input: CorrelationConfigInput = {}): CorrelationConfig {
  const parsed = CorrelationConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`);
  throw new InvalidCorrelationConfigError(`invalid correlation settings: ${issues.join('; ')}`, issues, {
    cause: parsed.error,
  });
}
