import { describe, expect, it } from 'vitest';
import { StackSettingsError } from '../../lib/errors.ts';
import { parseStackSettings } from '../../lib/settings.ts';

function problems(values: Record<string, unknown>): readonly string[] {
  try {
    parseStackSettings(values);
  } catch (error) {
    if (error instanceof StackSettingsError) return error.problems;
    throw error;
  }
  throw new Error('settings were accepted');
}

describe('the shipping settings', () => {
  it('leave the CloudWatch agent path off and flag forged hosts by default', () => {
    const settings = parseStackSettings({});
    expect(settings.agentLogGroup).toBeUndefined();
    expect(settings.forgedHost).toBe('flag');
  });

  it('accept a log group name as CloudWatch Logs spells them', () => {
    for (const name of ['hivewatch-windows-events', '/windows/events', 'fleet_A.events#1']) {
      expect(parseStackSettings({ agentLogGroup: name }).agentLogGroup).toBe(name);
    }
  });

  it('refuse a log group name CloudWatch Logs would refuse, or one reserved for AWS', () => {
    expect(problems({ agentLogGroup: 'windows events' })).toEqual([
      expect.stringMatching(
        /^context 'agentLogGroup': a CloudWatch Logs log group name .* \(got "windows events"\)/,
      ),
    ]);
    expect(problems({ agentLogGroup: 'x'.repeat(513) })).toEqual([
      expect.stringMatching(/^context 'agentLogGroup': a CloudWatch Logs log group name/),
    ]);
    expect(problems({ agentLogGroup: 'aws/lambda/x' })).toEqual([
      expect.stringMatching(/^context 'agentLogGroup': must not start with 'aws\/'/),
    ]);
  });

  it('take accept, flag or reject for a forged host, and nothing else', () => {
    for (const action of ['accept', 'flag', 'reject']) {
      expect(parseStackSettings({ forgedHost: action }).forgedHost).toBe(action);
    }
    expect(problems({ forgedHost: 'drop' })).toEqual([
      expect.stringMatching(/^context 'forgedHost': .*"accept"\|"flag"\|"reject".* \(got "drop"\)/),
    ]);
  });

  it('point at a misspelt key', () => {
    expect(problems({ agentloggroup: 'x' })).toContain(
      "context 'agentloggroup' is not a setting; did you mean 'agentLogGroup'?",
    );
  });
});
