import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { type LocalServices, startLocalServices } from '../../local/local-services.ts';
import { createLocalResources, type LocalResources, localResourceNames } from '../../local/resources.ts';

/**
 * Starts DynamoDB Local and fauxqs for one test file (beforeAll) and stops them (afterAll).
 * `fresh()` creates a new set of tables, queues and topic under a unique prefix, so tests never share state.
 */
export function useLocalServices(): {
  services: () => LocalServices;
  fresh: () => Promise<LocalResources>;
} {
  let services: LocalServices | undefined;
  beforeAll(async () => {
    services = await startLocalServices();
  });
  afterAll(async () => {
    await services?.stop();
  });
  const current = () => {
    if (!services) throw new Error('local services are not running (useLocalServices registers beforeAll)');
    return services;
  };
  return {
    services: current,
    fresh: () => createLocalResources(current(), localResourceNames(`t${randomBytes(4).toString('hex')}`)),
  };
}
