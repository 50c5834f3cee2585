import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import { z } from 'zod';
import { ALERT_FORMATS, DEFAULT_ALERT_FORMAT } from '../functions/alerts/alert-format.ts';
import { CorrelationConfigSchema, parseDuration } from '../functions/correlation/correlation-config.ts';
import { DEFAULT_FORGED_HOST_ACTION, FORGED_HOST_ACTIONS } from '../functions/ingest/object-origin.ts';
import { HostAliasFileSchema } from '../functions/signals/host-aliases.ts';
import { StackSettingsError } from './errors.ts';

const DAY_MS = 86_400_000;

/** The context key of each detection tunable, for error messages. */
const DetectionKey: Record<string, string> = {
  window: 'detectionWindow',
  skew: 'detectionSkew',
  quiet: 'detectionQuiet',
  threshold: 'detectionThreshold',
  settle: 'detectionSettle',
  retention: 'detectionRetention',
};

const whole = (min: number, max: number, fallback: number) =>
  z.coerce
    .number()
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(fallback);

const logRetentionValues = Object.values(RetentionDays).filter(
  (days): days is number => typeof days === 'number',
);

/** Every knob an operator may set, as context keys: `-c alertEmail=oncall@example.com` or cdk.json "context". */
export const StackSettingsSchema = z
  .object({
    /** Stack name and the prefix of function and alarm names. */
    prefix: z
      .string()
      .regex(
        /^[a-z][a-z0-9-]{1,24}$/,
        'lower-case letters, digits and hyphens, 2-25 characters, starting with a letter',
      )
      .default('hivewatch'),
    /** Subscribed to the alert topic by email when given (the recipient must confirm). */
    alertEmail: z.email().optional(),
    /** Raw logs in the ingest bucket expire after this many days. */
    rawRetentionDays: whole(1, 3650, 90),
    /** Optional move of raw logs to S3 Standard-IA (S3 requires at least 30 days in Standard first). */
    rawTransitionDays: z.coerce.number().int().min(30).optional(),
    logRetentionDays: z.coerce
      .number()
      .refine((days) => logRetentionValues.includes(days), `one of ${logRetentionValues.join(', ')}`)
      .default(30),
    /** EventBridge schedule of the sweeper (retries unsent alerts, resolves quiet incidents). */
    sweepSchedule: z
      .string()
      .trim()
      .regex(
        /^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(\S+( \S+){5}\))$/,
        "like 'rate(5 minutes)' or 'cron(0/15 * * * ? *)'",
      )
      .default('rate(5 minutes)'),
    /** Detection tunables, passed to the functions as text and checked here by the functions' own schema. */
    detectionWindow: z.string().trim().default('7d'),
    detectionSkew: z.string().trim().default('5m'),
    detectionQuiet: z.string().trim().default('24h'),
    detectionThreshold: whole(1, 1000, 1),
    /** A restart ends an incident once event time is this far past it with no failure after it. */
    detectionSettle: z.string().trim().default('15m'),
    /** Events this much older than a host's latest no longer change it; older state is let go. */
    detectionRetention: z.string().trim().default('30d'),
    /** Send an SNS notice (not a page) for an at-risk leak: a 1530 by dllhost/w3wp with no failure yet. */
    notifyAtRisk: z
      .union([z.boolean(), z.enum(['true', 'false'])])
      .transform((v) => v === true || v === 'true')
      .default(false),
    /**
     * How notifications are published: `text` (plain text to every subscriber) or `chat` (also Amazon Q Developer in
     * chat apps' custom format for the chat channels subscribed to the topic; email keeps the text).
     */
    alertFormat: z.enum(ALERT_FORMATS).default(DEFAULT_ALERT_FORMAT),
    /** A host that shipped before and nothing for this long gets one notice (and one when it ships again); `off`. */
    silentHostAfter: z
      .string()
      .trim()
      .refine(
        (v) => v === 'off' || (parseDuration(v) ?? 0) >= 60_000,
        'a duration of at least 1m, like 2h or 90m, or off',
      )
      .default('2h'),
    /** Ingest records and de-duplication runs expire after this many days; must outlive the detection window. */
    signalTtlDays: whole(1, 3650, 30),
    /** ReaderErrors (malformed events, rejected objects) per 15 minutes that raise the alarm. */
    readerErrorThreshold: whole(1, 1_000_000, 10),
    /** Age of the oldest message in the ingest queue that raises the alarm. */
    oldestMessageMinutes: whole(1, 20_160, 30),
    /** Parallel ingest invocations; the SQS event source accepts 2 to 1000. */
    ingestMaxConcurrency: whole(2, 1000, 5),
    /** `retain` keeps the tables, buckets and key when the stack is deleted; `destroy` removes them. */
    removalPolicy: z.enum(['retain', 'destroy']).default('retain'),
    /** What names a shipper's prefix: its role's `hivewatch-host` tag or its Roles Anywhere certificate's CN. */
    shipperIdentity: z.enum(['role-tag', 'certificate-cn']).default('role-tag'),
    /** IAM Roles Anywhere trust anchor the example shipper role trusts (certificate-cn only). */
    rolesAnywhereTrustAnchorArn: z
      .string()
      .regex(
        /^arn:aws[a-z-]*:rolesanywhere:[a-z0-9-]+:\d{12}:trust-anchor\/[0-9a-f-]+$/,
        'a Roles Anywhere trust anchor ARN',
      )
      .optional(),
    /** The host name tagged on the example shipper role (role-tag only). */
    exampleShipperHost: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a short host name in lower case')
      .default('example-host'),
    /** An event under `incoming/<host>/` whose Computer is another host: `accept`, `flag` (kept, marked) or `reject`. */
    forgedHost: z.enum(FORGED_HOST_ACTIONS).default(DEFAULT_FORGED_HOST_ACTION),
    /**
     * Servers that clients name by address or alias in DCOM 10006: `{"app02": ["10.1.2.3", "orders.corp"]}`, as an
     * object in cdk.json or JSON text with -c. Passed to ingest in its environment (Lambda allows 4 KB in all).
     */
    hostAliases: z
      .union([z.string().transform((text, ctx) => jsonOf(text, ctx)), z.record(z.string(), z.unknown())])
      .pipe(HostAliasFileSchema)
      .refine(
        (table) => JSON.stringify(table).length <= 2048,
        'must be at most 2 KB of JSON (the function environment is small)',
      )
      .optional(),
    /**
     * The CloudWatch Logs log group the CloudWatch agent writes the Windows events to. Set, it adds a subscription
     * filter and a Firehose delivery stream into the ingest bucket; the log group must already exist.
     */
    agentLogGroup: z
      .string()
      .regex(/^[\w.\-/#]{1,512}$/, 'a CloudWatch Logs log group name (letters, digits, . _ - / #; up to 512)')
      .refine((name) => !name.startsWith('aws/'), "must not start with 'aws/' (reserved for AWS services)")
      .optional(),
  })
  .superRefine((s, ctx) => {
    if (s.rawTransitionDays !== undefined && s.rawTransitionDays >= s.rawRetentionDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['rawTransitionDays'],
        message: 'must be less than rawRetentionDays',
      });
    }
    const detection = CorrelationConfigSchema.safeParse({
      window: s.detectionWindow,
      skew: s.detectionSkew,
      quiet: s.detectionQuiet,
      threshold: s.detectionThreshold,
      settle: s.detectionSettle,
      retention: s.detectionRetention,
    });
    for (const issue of detection.error?.issues ?? []) {
      const key = DetectionKey[String(issue.path[0])] ?? 'detection';
      ctx.addIssue({ code: 'custom', path: [key], message: issue.message });
    }
    if (detection.success && s.signalTtlDays * DAY_MS <= detection.data.window + detection.data.skew) {
      ctx.addIssue({
        code: 'custom',
        path: ['signalTtlDays'],
        message: `must outlive detectionWindow + detectionSkew (${s.detectionWindow} + ${s.detectionSkew}), or leaks expire before their failures arrive`,
      });
    }
    if (s.shipperIdentity === 'certificate-cn' && s.rolesAnywhereTrustAnchorArn === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['rolesAnywhereTrustAnchorArn'],
        message: 'is required when shipperIdentity=certificate-cn',
      });
    }
  });

/** JSON text given with `-c` as the value it stands for; a clear issue when it is not JSON. */
function jsonOf(text: string, ctx: z.RefinementCtx): unknown {
  try {
    return JSON.parse(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not JSON' });
    return z.NEVER;
  }
}

export type StackSettings = z.output<typeof StackSettingsSchema>;

const settingKeys = Object.keys(StackSettingsSchema.shape);

/** Validates settings given as a plain record (context values arrive as strings from `-c`). */
export function parseStackSettings(values: Record<string, unknown>): StackSettings {
  const misspelt = Object.keys(values).flatMap((key) => {
    const meant = settingKeys.find((known) => known !== key && known.toLowerCase() === key.toLowerCase());
    return meant ? [`context '${key}' is not a setting; did you mean '${meant}'?`] : [];
  });
  const parsed = StackSettingsSchema.safeParse(values);
  // One problem per key: a value the base schema refuses is not reported again by the cross-checks.
  const byKey = new Map<string, string>();
  for (const issue of parsed.error?.issues ?? []) {
    const key = String(issue.path[0] ?? '');
    const given = values[key] === undefined ? 'not set' : `got ${JSON.stringify(values[key])}`;
    if (!byKey.has(key)) byKey.set(key, `context '${key}': ${issue.message} (${given})`);
  }
  const problems = [...byKey.values()];
  if (!parsed.success || misspelt.length > 0) throw new StackSettingsError([...misspelt, ...problems]);
  return parsed.data;
}

/** Reads the settings from the app's context; throws a StackSettingsError listing every bad value. */
export function readStackSettings(node: Node): StackSettings {
  const context = node.getAllContext() as Record<string, unknown>;
  const values = Object.fromEntries(Object.entries(context).filter(([key]) => /^[a-zA-Z]+$/.test(key)));
  return parseStackSettings(values);
}
