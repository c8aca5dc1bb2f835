import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Packages test against each other's source, so that a test run needs no build first.
    alias: {
      // Before 'monzo-ts', which would otherwise take 'monzo-ts/webhooks' for a path under its index.ts.
      'monzo-ts/webhooks': fileURLToPath(new URL('./packages/sdk/src/webhooks/index.ts', import.meta.url)),
      'monzo-ts': fileURLToPath(new URL('./packages/sdk/src/index.ts', import.meta.url)),
      '@monzo-ts/mock': fileURLToPath(new URL('./packages/mock/src/index.ts', import.meta.url)),
      '@monzo-ts/redis': fileURLToPath(new URL('./packages/redis/src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'examples/*/*.test.ts'],
    testTimeout: 20_000,
    pool: 'forks',
  },
});
