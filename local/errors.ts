/** Java is missing or too old for DynamoDB Local; the message names the fix. */
export class JavaMissingError extends Error {
  override readonly name = 'JavaMissingError';
}

/** A local service did not start or did not answer in time. */
export class LocalServiceError extends Error {
  override readonly name = 'LocalServiceError';
  constructor(
    message: string,
    readonly service: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
