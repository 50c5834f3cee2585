/** Input the bench's reference parser could not map to an EventRecord. */
export class BenchInputError extends Error {
  override readonly name = 'BenchInputError';
}

/** The bench's own failure: a case crashed, or our signals differ from the full parse. */
export class BenchFailure extends Error {
  override readonly name = 'BenchFailure';

  constructor(
    message: string,
    readonly context: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
