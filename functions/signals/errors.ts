/** A host alias file that cannot be used: which file, and why (every problem found, not only the first). */
export class HostAliasesError extends Error {
  override readonly name = 'HostAliasesError';
  constructor(
    readonly file: string,
    readonly issues: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`host alias file ${file}: ${issues.join('; ')}`, options);
  }
}
