/** The notifier did not accept an alert; the outbox keeps it pending for the sweeper. */
export class AlertPublishError extends Error {
  override readonly name = 'AlertPublishError';
}
