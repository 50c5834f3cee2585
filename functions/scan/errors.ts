/** A scan that cannot start: no paths, bad options. Files that cannot be read are not errors of this kind. */
export class ScanUsageError extends Error {
  override readonly name = 'ScanUsageError';
}

/** A reading worker died; the file it held is reported in stats.errors and the scan goes on. */
export class ScanWorkerError extends Error {
  override readonly name = 'ScanWorkerError';
  constructor(
    readonly file: string,
    options?: { cause?: unknown },
  ) {
    super(`worker reading ${file} failed`, options);
  }
}
