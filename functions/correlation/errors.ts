/** A correlation setting that makes no sense (negative duration, zero window, zero threshold…). */
export class InvalidCorrelationConfigError extends Error {
  override readonly name = 'InvalidCorrelationConfigError';
  constructor(
    message: string,
    readonly issues: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
