import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Packages test against each other's source, so that a test run needs no build first.
    alias: {
      'monzo-ts': fileURLToPath(new URL('./packages/sdk/src/index.ts', import.meta.url)),
      '@monzo-ts/mock': fileURLToPath(new URL('./packages/mock/src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    testTimeout: 20_000,
    pool: 'forks',
  },
});
