import { describe, expect, it } from 'vitest';
import { correlationConfig, parseDuration } from '../../functions/correlation/correlation-config.ts';
import { InvalidCorrelationConfigError } from '../../functions/correlation/errors.ts';

describe('correlation settings', () => {
  it('defaults are the design page’s: window 7 d, skew 5 min, quiet 24 h, threshold 1', () => {
    expect(correlationConfig()).toEqual({
      window: 7 * 86_400_000,
      skew: 300_000,
      quiet: 86_400_000,
      threshold: 1,
      settle: 900_000,
      retention: 30 * 86_400_000,
    });
  });

  it('durations are written like 90s, 5m, 24h, 7d', () => {
    expect([parseDuration('90s'), parseDuration('5m'), parseDuration('24h'), parseDuration('7d')]).toEqual([
      90_000, 300_000, 86_400_000, 604_800_000,
    ]);
    expect(parseDuration('7 days')).toBeUndefined();
    expect(correlationConfig({ window: '90s', skew: 0, quiet: '1h', threshold: 3 })).toEqual({
      window: 90_000,
      skew: 0,
      quiet: 3_600_000,
      threshold: 3,
      settle: 900_000,
      retention: 30 * 86_400_000,
    });
  });

  it.each([
    [{ window: '0d' }, 'window: must be longer than zero'],
    [{ window: '-1d' }, 'window: must be longer than zero'],
    [{ skew: '-5m' }, 'skew: must not be negative'],
    [{ quiet: '0s' }, 'quiet: must be longer than zero'],
    [{ threshold: 0 }, 'threshold: must be at least 1'],
    [{ threshold: 1.5 }, 'threshold: must be a whole number'],
    [{ window: 'soon' }, 'window: "soon" is not a duration'],
  ])('refuses nonsense %j with a clear message', (input, message) => {
    expect(() => correlationConfig(input)).toThrow(InvalidCorrelationConfigError);
    expect(() => correlationConfig(input)).toThrow(message);
  });
});
