/** Another object claimed some of this object's events while it was being read: read it again. */
export class CoverageConflictError extends Error {
  override readonly name = 'CoverageConflictError';
}

/** Concurrent writers kept changing the hosts; the SQS record is retried. */
export class HostUpdateConflictError extends Error {
  override readonly name = 'HostUpdateConflictError';
}
