import { describe, expect, it } from 'vitest';
import { loadPipelineConfig } from '../../functions/config.ts';
import { IngestByShipperIndex, IngestTableSchema } from '../../functions/storage/table-schema.ts';
import { StackSettingsError } from '../../lib/errors.ts';
import { parseStackSettings } from '../../lib/settings.ts';
import { synthesizeHivewatch, theResource } from './synthesized-stack.ts';

function problems(values: Record<string, unknown>): readonly string[] {
  try {
    parseStackSettings(values);
  } catch (error) {
    if (error instanceof StackSettingsError) return error.problems;
    throw error;
  }
  throw new Error('settings were accepted');
}

/** The environment a function of the synthesized stack gets (deploy-time references as stand-in ARNs). */
function functionEnv(settings: Record<string, unknown>, name: 'ingest' | 'sweeper') {
  const [, fn] = theResource(
    synthesizeHivewatch(settings).template,
    'AWS::Lambda::Function',
    (f) => f.Properties.FunctionName === `hivewatch-${name}`,
  );
  const variables = fn.Properties.Environment.Variables as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(variables).map(([k, v]) => [k, typeof v === 'string' ? v : `arn:aws:deployed:${k}`]),
  );
}

describe('the alert format and silent-host settings (context alertFormat, silentHostAfter)', () => {
  it('default to plain text for everyone and a notice after 2 h of silence', () => {
    expect(parseStackSettings({})).toMatchObject({ alertFormat: 'text', silentHostAfter: '2h' });
  });

  it('accept chat, other durations and off; refuse anything else, naming the key', () => {
    expect(parseStackSettings({ alertFormat: 'chat', silentHostAfter: '90m' })).toMatchObject({
      alertFormat: 'chat',
      silentHostAfter: '90m',
    });
    expect(parseStackSettings({ silentHostAfter: 'off' }).silentHostAfter).toBe('off');
    expect(problems({ alertFormat: 'slack', silentHostAfter: '2 hours' })).toEqual([
      expect.stringMatching(/^context 'alertFormat': .*"text"\|"chat".* \(got "slack"\)$/),
      'context \'silentHostAfter\': a duration of at least 1m, like 2h or 90m, or off (got "2 hours")',
    ]);
    expect(problems({ silentHostAfter: '30s' })).toHaveLength(1);
  });

  it('reach the functions as ALERT_FORMAT (both) and SILENT_HOST_AFTER (the sweeper), read back by their config', () => {
    const sweeper = functionEnv({ alertFormat: 'chat', silentHostAfter: '3h' }, 'sweeper');
    expect(sweeper).toMatchObject({ ALERT_FORMAT: 'chat', SILENT_HOST_AFTER: '3h' });
    expect(loadPipelineConfig(sweeper)).toMatchObject({
      alertFormat: 'chat',
      silentHostAfterMs: 3 * 3_600_000,
    });
    const ingest = functionEnv({ alertFormat: 'chat', silentHostAfter: '3h' }, 'ingest');
    expect(ingest.ALERT_FORMAT).toBe('chat');
    expect(ingest.SILENT_HOST_AFTER).toBeUndefined();
  });
});

describe('the shipper index of the ingest table', () => {
  const { template } = synthesizeHivewatch({});

  it('is built from the schema the functions query: shipper + ingestedAt, projecting only the day counts', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: IngestTableSchema.partitionKey.name, KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byShipper',
          KeySchema: [
            { AttributeName: 'shipper', KeyType: 'HASH' },
            { AttributeName: 'ingestedAt', KeyType: 'RANGE' },
          ],
          Projection: {
            ProjectionType: 'INCLUDE',
            NonKeyAttributes: [...IngestByShipperIndex.projection.include],
          },
        },
      ],
    });
  });
});
