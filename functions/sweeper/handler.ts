import type { Context, ScheduledEvent } from 'aws-lambda';

/** EventBridge schedule: retry unsent alerts, resolve quiet incidents. */
export const handler = async (_event: ScheduledEvent, _context?: Context): Promise<unknown> => {
  throw new Error('not implemented');
};
