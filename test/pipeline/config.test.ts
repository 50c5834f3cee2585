import { describe, expect, it } from 'vitest';
import { ConfigError, loadPipelineConfig } from '../../functions/config.ts';

const env = {
  STATE_TABLE: 'hw-state',
  INCIDENTS_TABLE: 'hw-incidents',
  INGEST_TABLE: 'hw-ingest',
  ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:hw-alerts',
};

describe('the functions read their configuration from the environment, validated at start-up', () => {
  it('the design defaults apply when only the resources are given', () => {
    expect(loadPipelineConfig(env)).toEqual({
      stateTable: 'hw-state',
      incidentsTable: 'hw-incidents',
      ingestTable: 'hw-ingest',
      alertTopicArn: env.ALERT_TOPIC_ARN,
      correlation: {
        window: 7 * 86_400_000,
        skew: 300_000,
        quiet: 86_400_000,
        threshold: 1,
        settle: 900_000,
        retention: 30 * 86_400_000,
      },
      notifyAtRisk: false,
      signalTtlDays: 30,
      forgedHost: 'flag',
      alertFormat: 'text',
      silentHostAfter: '2h',
      silentHostAfterMs: 7_200_000,
    });
  });

  it('ALERT_FORMAT chooses plain text or the chat variant; SILENT_HOST_AFTER a duration of at least a minute, or off', () => {
    expect(loadPipelineConfig({ ...env, ALERT_FORMAT: 'chat' }).alertFormat).toBe('chat');
    expect(() => loadPipelineConfig({ ...env, ALERT_FORMAT: 'slack' })).toThrow(
      /ALERT_FORMAT: .*"text"\|"chat"/,
    );
    expect(loadPipelineConfig({ ...env, SILENT_HOST_AFTER: '90m' }).silentHostAfterMs).toBe(5_400_000);
    const off = loadPipelineConfig({ ...env, SILENT_HOST_AFTER: 'off' });
    expect(off.silentHostAfterMs).toBeUndefined();
    expect(off.silentHostAfter).toBe('off');
    for (const bad of ['30s', '2 hours', '-2h']) {
      expect(() => loadPipelineConfig({ ...env, SILENT_HOST_AFTER: bad })).toThrow(
        /SILENT_HOST_AFTER: a duration of at least 1m \(e\.g\. 2h\), or off/,
      );
    }
  });

  it('FORGED_HOST says what ingest does with an event another host’s shipper wrote', () => {
    for (const action of ['accept', 'flag', 'reject'] as const) {
      expect(loadPipelineConfig({ ...env, FORGED_HOST: action }).forgedHost).toBe(action);
    }
    expect(() => loadPipelineConfig({ ...env, FORGED_HOST: 'drop' })).toThrow(
      /FORGED_HOST: .*"accept"\|"flag"\|"reject"/,
    );
  });

  it('durations and the threshold come from DETECTION_* variables', () => {
    const config = loadPipelineConfig({
      ...env,
      DETECTION_WINDOW: '3d',
      DETECTION_SKEW: '90s',
      DETECTION_QUIET: '12h',
      DETECTION_THRESHOLD: '3',
      DETECTION_SETTLE: '5m',
      DETECTION_RETENTION: '14d',
    });
    expect(config.correlation).toEqual({
      window: 3 * 86_400_000,
      skew: 90_000,
      quiet: 43_200_000,
      threshold: 3,
      settle: 300_000,
      retention: 14 * 86_400_000,
    });
  });

  it('names every missing variable', () => {
    expect(() => loadPipelineConfig({ STATE_TABLE: 'x' })).toThrow(
      new ConfigError(
        'hivewatch: bad environment — INCIDENTS_TABLE is not set; INGEST_TABLE is not set; ALERT_TOPIC_ARN is not set',
      ),
    );
  });

  it('names the bad variable and says what is wrong with it', () => {
    expect(() => loadPipelineConfig({ ...env, DETECTION_WINDOW: '0d' })).toThrow(
      /DETECTION_WINDOW: must be longer than zero/,
    );
    expect(() => loadPipelineConfig({ ...env, DETECTION_SKEW: 'soon' })).toThrow(
      /DETECTION_SKEW: "soon" is not a duration/,
    );
    expect(() => loadPipelineConfig({ ...env, ALERT_TOPIC_ARN: 'hw-alerts' })).toThrow(
      /ALERT_TOPIC_ARN: must be an SNS topic ARN/,
    );
    expect(() => loadPipelineConfig({ ...env, SIGNAL_TTL_DAYS: '0' })).toThrow(/SIGNAL_TTL_DAYS/);
  });
});
