/**
 * Something the person at the terminal can fix (credentials, region, a name, a missing table): the CLI prints the
 * message on one line and exits 1. `cause` keeps the SDK's error for `--debug`-style inspection.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
}

/** The incident named does not exist, or cannot take the action asked (superseded, already gone). */
export class IncidentActionError extends Error {
  override readonly name = 'IncidentActionError';
  constructor(
    message: string,
    readonly incidentId: string,
  ) {
    super(message);
  }
}
