import { defineConfig } from 'tsdown';

// `fixedExtension: false` keeps the `.js`/`.cjs`/`.d.ts` names package.json points at (platform `node`
// would otherwise emit `.mjs`). pg, better-sqlite3 and monzo-ts stay external: dependencies and a peer.
// The sync's page writer thread is a file of its own, beside the chunk that starts it (store/worker/page-writer.ts).
export default defineConfig({
  entry: { index: 'src/index.ts', 'page-writer.worker': 'src/store/worker/page-writer.worker.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  platform: 'node',
  target: 'node20',
  fixedExtension: false,
  clean: true,
  sourcemap: true,
});
