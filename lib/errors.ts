/** The operator's context values (cdk.json or `-c key=value`) do not describe a deployable stack. */
export class StackSettingsError extends Error {
  override readonly name = 'StackSettingsError';
  constructor(
    readonly problems: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(
      `hivewatch: bad stack settings\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
      options,
    );
  }
}
