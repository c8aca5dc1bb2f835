import { defineConfig } from 'tsdown';

export default defineConfig({
  // bin.ts only turns on the compile cache, then imports the rest: a chunk of its own, as is each module that
  // a command imports dynamically (loaded when that command runs, not on every start).
  entry: ['src/bin.ts'],
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  clean: true,
  sourcemap: true,
  fixedExtension: false,
  // Loaded on every start: bundled in, one file read instead of a package resolved and its files read.
  noExternal: ['commander', 'picocolors', 'monzo-ts'],
  inlineOnly: ['commander', 'picocolors', 'monzo-ts'],
});
