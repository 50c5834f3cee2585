/** An item read back from a table does not have the shape this code wrote (schema drift, hand edits). */
export class StoredItemError extends Error {
  override readonly name = 'StoredItemError';
  constructor(
    message: string,
    readonly table: string,
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Optimistic writes kept losing to concurrent writers; the SQS record is retried. */
export class WriteConflictError extends Error {
  override readonly name = 'WriteConflictError';
  constructor(
    message: string,
    readonly table: string,
    readonly key: string,
  ) {
    super(message);
  }
}
