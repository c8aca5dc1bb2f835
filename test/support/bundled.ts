import { inject } from 'vitest';
import type { ProgramName } from './bundles.js';

/**
 * The path of a program bundled for this test run (see bundles.ts), to start as `node <path> …args`: the
 * packages' source, started as fast as the built package starts.
 */
export function bundled(name: ProgramName): string {
  const path = inject('bundles')?.[name];
  if (!path)
    throw new Error(
      `no bundle of ${name}: vitest.config.ts must list test/support/bundles.ts in globalSetup`,
    );
  return path;
}
