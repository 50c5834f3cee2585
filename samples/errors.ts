/** A scenario asked for something it cannot generate (e.g. a storm whose hours are not whole objects). */
export class SampleOptionsError extends Error {
  override readonly name = 'SampleOptionsError';

  constructor(
    message: string,
    readonly options: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
