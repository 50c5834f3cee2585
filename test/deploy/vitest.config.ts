import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** `npm run test:deploy`: only the deploy test, kept out of `npm test` (it needs moto_server and cfn-lint). */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/deploy/**/*.spec.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    teardownTimeout: 15_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
