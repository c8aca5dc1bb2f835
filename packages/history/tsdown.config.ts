import { defineConfig } from 'tsdown';

// `fixedExtension: false` keeps the `.js`/`.cjs`/`.d.ts` names package.json points at (platform `node`
// would otherwise emit `.mjs`). pg, better-sqlite3 and monzo-ts stay external: dependencies and a peer.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  platform: 'node',
  target: 'node20',
  fixedExtension: false,
  clean: true,
  sourcemap: true,
});
