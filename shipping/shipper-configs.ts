/**
 * The configurations in shipping/, read as their agents read them: what each keeps (its channel selection), and
 * for Fluent Bit the keys its s3 output writes. Shared by the configuration tests and `npm run shipping:measure`.
 */
import { createRequire } from 'node:module';
import { z } from 'zod';
import {
  type ChannelSelection,
  type CloudWatchAgentEntry,
  cloudWatchAgentQuery,
  type EventQuery,
  parseEventQuery,
} from './event-selection.ts';

export const FLUENT_BIT_CONFIG = new URL('./fluent-bit/fluent-bit.yaml', import.meta.url);
export const CLOUDWATCH_AGENT_CONFIG = new URL(
  './cloudwatch-agent/hivewatch-windows-events.json',
  import.meta.url,
);

// The YAML parser aws-cdk-lib ships (yaml 1.10); the `yaml` package as a devDependency would replace this line.
const yaml = createRequire(createRequire(import.meta.url).resolve('aws-cdk-lib'))('yaml') as {
  parse(text: string): unknown;
};

/** Fluent Bit's YAML: keys are case-insensitive to Fluent Bit, so they are compared in lower case. */
const Section = z
  .record(z.string(), z.unknown())
  .transform((section) =>
    Object.fromEntries(
      Object.entries(section).map(([k, v]) => [k.toLowerCase(), typeof v === 'string' ? v : String(v)]),
    ),
  );
const FluentBitYamlSchema = z.object({
  service: Section,
  pipeline: z.object({ inputs: z.array(Section).min(1), outputs: z.array(Section).min(1) }),
});

export interface FluentBitConfig {
  readonly service: Readonly<Record<string, string>>;
  readonly inputs: readonly Readonly<Record<string, string>>[];
  readonly outputs: readonly Readonly<Record<string, string>>[];
  /** The winevtlog inputs' channels, each with its input's event_query. */
  readonly selection: ChannelSelection;
}

/** Reads fluent-bit.yaml: every winevtlog input applies its event_query to each of its channels. */
export function readFluentBitConfig(text: string): FluentBitConfig {
  const parsed = FluentBitYamlSchema.parse(yaml.parse(text));
  const selection = new Map<string, EventQuery[]>();
  for (const input of parsed.pipeline.inputs.filter((i) => i.name === 'winevtlog')) {
    const query = parseEventQuery(input.event_query ?? '*');
    for (const channel of (input.channels ?? '').split(',').map((c) => c.trim())) {
      if (channel === '') continue;
      selection.set(channel, [...(selection.get(channel) ?? []), query]);
    }
  }
  return {
    service: parsed.service,
    inputs: parsed.pipeline.inputs,
    outputs: parsed.pipeline.outputs,
    selection,
  };
}

const CloudWatchAgentSchema = z.object({
  logs: z.object({
    logs_collected: z.object({
      windows_events: z.object({
        collect_list: z
          .array(
            z
              .object({
                event_name: z.string().min(1),
                event_levels: z.array(z.string()).optional(),
                event_ids: z.array(z.number().int().min(0).max(65535)).optional(),
                event_format: z.enum(['xml', 'text']).optional(),
                log_group_name: z.string().min(1),
                log_stream_name: z.string().min(1),
              })
              .strict(),
          )
          .min(1),
      }),
    }),
  }),
});
export type CloudWatchAgentCollectEntry = z.infer<
  typeof CloudWatchAgentSchema
>['logs']['logs_collected']['windows_events']['collect_list'][number];

export interface CloudWatchAgentConfig {
  readonly entries: readonly CloudWatchAgentCollectEntry[];
  readonly selection: ChannelSelection;
}

/** Reads the agent's JSON: each collect_list entry is one subscription to its channel (levels AND ids). */
export function readCloudWatchAgentConfig(text: string): CloudWatchAgentConfig {
  const entries = CloudWatchAgentSchema.parse(JSON.parse(text)).logs.logs_collected.windows_events
    .collect_list;
  const selection = new Map<string, EventQuery[]>();
  for (const entry of entries) {
    const query = cloudWatchAgentQuery(entry as CloudWatchAgentEntry);
    selection.set(entry.event_name, [...(selection.get(entry.event_name) ?? []), query]);
  }
  return { entries, selection };
}

/**
 * The key Fluent Bit's s3 output writes (fluent/fluent-bit src/aws/flb_aws_util.c flb_get_s3_key, then
 * plugins/out_s3/s3.c s3_put_object): `${VAR}` from the environment when the configuration is read, `$TAG`,
 * `$UUID` (8 random characters), strftime fields in UTC; the request path is `/<bucket><key>`, so the key is what
 * follows the format's leading `/`.
 */
export function fluentBitObjectKey(
  format: string,
  context: { env: Readonly<Record<string, string>>; tag: string; uuid: string; at: Date },
): string {
  const expanded = format
    .replace(/\$\{([^}:]+)\}/g, (_, name: string) => context.env[name] ?? '')
    .replace(/\$TAG/g, context.tag)
    .replace(/\$UUID/g, context.uuid.slice(0, 8));
  const two = (n: number) => String(n).padStart(2, '0');
  const at = context.at;
  const fields: Record<string, string> = {
    Y: String(at.getUTCFullYear()),
    m: two(at.getUTCMonth() + 1),
    d: two(at.getUTCDate()),
    H: two(at.getUTCHours()),
    M: two(at.getUTCMinutes()),
    S: two(at.getUTCSeconds()),
    '%': '%',
  };
  const path = expanded.replace(/%([YmdHMS%])/g, (_, field: string) => fields[field] as string);
  if (!path.startsWith('/'))
    throw new Error(`s3_key_format must start with '/': Fluent Bit requests /<bucket>${path}`);
  return path.slice(1);
}
