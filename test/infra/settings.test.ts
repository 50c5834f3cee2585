import { App } from 'aws-cdk-lib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StackSettingsError } from '../../lib/errors.ts';
import { parseStackSettings, readStackSettings } from '../../lib/settings.ts';

/** The problems a bad settings record is rejected with. */
function problems(values: Record<string, unknown>): readonly string[] {
  try {
    parseStackSettings(values);
  } catch (error) {
    if (error instanceof StackSettingsError) return error.problems;
    throw error;
  }
  throw new Error('settings were accepted');
}

describe('stack settings from the context', () => {
  it('default to the design page values when nothing is set', () => {
    expect(parseStackSettings({})).toMatchObject({
      prefix: 'hivewatch',
      rawRetentionDays: 90,
      logRetentionDays: 30,
      sweepSchedule: 'rate(5 minutes)',
      detectionWindow: '7d',
      detectionSkew: '5m',
      detectionQuiet: '24h',
      detectionThreshold: 1,
      signalTtlDays: 30,
      removalPolicy: 'retain',
      shipperIdentity: 'role-tag',
    });
    expect(parseStackSettings({}).alertEmail).toBeUndefined();
  });

  it('accept numbers given as text, as `-c key=value` passes them', () => {
    expect(parseStackSettings({ rawRetentionDays: '120', detectionThreshold: '3' })).toMatchObject({
      rawRetentionDays: 120,
      detectionThreshold: 3,
    });
  });

  it('are read from the app context, where cdk.json and -c put them', () => {
    const app = new App({ context: { alertEmail: 'oncall@example.com', prefix: 'hw-prod' } });
    expect(readStackSettings(app.node)).toMatchObject({
      alertEmail: 'oncall@example.com',
      prefix: 'hw-prod',
    });
  });

  it('name each bad key and its value, all at once', () => {
    const found = problems({ rawRetentionDays: '0', alertEmail: 'oncall', logRetentionDays: 31 });
    expect(found).toHaveLength(3);
    expect(found.join('\n')).toMatch(/context 'rawRetentionDays': .* \(got "0"\)/);
    expect(found.join('\n')).toMatch(/context 'alertEmail': .*email.* \(got "oncall"\)/i);
    expect(found.join('\n')).toMatch(/context 'logRetentionDays': one of 1, 3, 5, 7, 14, 30/);
  });

  it('refuse detection settings the functions would refuse, with the functions’ own rules', () => {
    expect(problems({ detectionWindow: '7 days' })).toEqual([
      expect.stringMatching(/^context 'detectionWindow': .*duration/),
    ]);
    expect(problems({ detectionWindow: '0d' })).toEqual([
      expect.stringMatching(/^context 'detectionWindow': must be longer than zero/),
    ]);
    expect(problems({ detectionSkew: '-5m' })).toEqual([
      expect.stringMatching(/^context 'detectionSkew': must not be negative/),
    ]);
    expect(problems({ detectionThreshold: '0' })).toEqual([
      expect.stringMatching(/^context 'detectionThreshold'/),
    ]);
  });

  it('refuse a signal TTL that would expire leaks before their failures arrive', () => {
    expect(problems({ signalTtlDays: 7 })).toEqual([
      expect.stringMatching(/^context 'signalTtlDays': must outlive/),
    ]);
    expect(parseStackSettings({ signalTtlDays: 3, detectionWindow: '2d' }).signalTtlDays).toBe(3);
  });

  it('refuse a schedule EventBridge would refuse', () => {
    expect(problems({ sweepSchedule: 'every 5 minutes' })).toEqual([
      expect.stringMatching(/^context 'sweepSchedule'/),
    ]);
    expect(parseStackSettings({ sweepSchedule: 'cron(0/15 * * * ? *)' }).sweepSchedule).toBe(
      'cron(0/15 * * * ? *)',
    );
  });

  it('require a trust anchor when shippers authenticate with Roles Anywhere certificates', () => {
    expect(problems({ shipperIdentity: 'certificate-cn' })).toEqual([
      "context 'rolesAnywhereTrustAnchorArn': is required when shipperIdentity=certificate-cn (not set)",
    ]);
  });

  it('point out a misspelt key instead of silently using the default', () => {
    expect(problems({ alertemail: 'oncall@example.com' })).toEqual([
      "context 'alertemail' is not a setting; did you mean 'alertEmail'?",
    ]);
  });

  it('accept a transition to Standard-IA exactly when it is at least 30 days and before expiry', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3650 }),
        fc.integer({ min: 0, max: 4000 }),
        (retention, transition) => {
          const valid = transition >= 30 && transition < retention;
          const accept = () =>
            parseStackSettings({ rawRetentionDays: retention, rawTransitionDays: transition });
          if (valid) expect(accept().rawTransitionDays).toBe(transition);
          else expect(accept).toThrow(StackSettingsError);
        },
      ),
    );
  });
});
