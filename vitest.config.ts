import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';
import { ownProcessFiles } from './test/support/pools.js';

const TESTS = ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'examples/*/*.test.ts'];
const root = fileURLToPath(new URL('.', import.meta.url));
/** Files that change directory, signal themselves, mock modules or patch globals: a process of their own each. */
const ownProcess = ownProcessFiles(root);

export default defineConfig({
  resolve: {
    // Packages test against each other's source, so that a test run needs no build first.
    alias: {
      // Before 'monzo-ts', which would otherwise take 'monzo-ts/webhooks' for a path under its index.ts.
      'monzo-ts/webhooks': fileURLToPath(new URL('./packages/sdk/src/webhooks/index.ts', import.meta.url)),
      'monzo-ts': fileURLToPath(new URL('./packages/sdk/src/index.ts', import.meta.url)),
      '@monzo-ts/mock': fileURLToPath(new URL('./packages/mock/src/index.ts', import.meta.url)),
      '@monzo-ts/redis': fileURLToPath(new URL('./packages/redis/src/index.ts', import.meta.url)),
      '@monzo-ts/history': fileURLToPath(new URL('./packages/history/src/index.ts', import.meta.url)),
    },
  },
  test: {
    testTimeout: 20_000,
    // The programs that tests start as processes (monzo, the multi-process tests' children), bundled once per run.
    globalSetup: ['./test/support/bundles.ts'],
    // Vitest's default on two cores is one worker: the suite's many waits (sockets, child processes) leave the
    // second core idle. Both projects below share these workers.
    maxWorkers: Math.max(2, availableParallelism()),
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: TESTS,
          // One worker thread runs file after file with the sources already loaded (see test/support/pools.ts).
          pool: 'threads',
          isolate: false,
          // Undoes what a file changed in its thread's globals, and fails a file that leaves one replaced.
          setupFiles: ['./test/support/shared-worker.ts'],
          exclude: [...configDefaults.exclude, ...ownProcess],
        },
      },
      {
        extends: true,
        test: { name: 'own-process', pool: 'forks', include: ownProcess },
      },
    ],
  },
});
