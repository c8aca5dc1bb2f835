import { defineConfig } from 'tsdown';

// `fixedExtension: false` keeps the `.js`/`.cjs`/`.d.ts` names package.json points at (platform `node`
// would otherwise emit `.mjs`).
export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    platform: 'node',
    target: 'node20',
    fixedExtension: false,
    clean: true,
    sourcemap: true,
  },
  {
    // The `monzo-mock` bin; its `#!/usr/bin/env node` line is kept and the file made executable.
    entry: ['src/cli.ts'],
    format: ['esm'],
    dts: false,
    platform: 'node',
    target: 'node20',
    fixedExtension: false,
    sourcemap: true,
  },
]);
