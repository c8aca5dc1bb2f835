import { defineConfig } from 'tsdown';

/**
 * commander requires node:child_process when it loads, for subcommands that are programs of their own, which
 * monzo has none of; node:child_process then costs every start a few milliseconds. Here it is required on first
 * use instead. Should commander's line change, nothing is replaced and the build only warns.
 */
const lazyChildProcess = {
  name: 'monzo:commander-lazy-child-process',
  transform(code: string, id: string) {
    if (!/commander[\\/]lib[\\/]command\.js$/.test(id)) return null;
    const eager = "const childProcess = require('node:child_process');";
    if (!code.includes(eager)) {
      console.warn(`${id}: no eager node:child_process require to defer`);
      return null;
    }
    return code.replace(
      eager,
      "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };",
    );
  },
};

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
  // Loaded on every start (the SDK by every command that connects): bundled in, so that no package is resolved
  // and fewer files are read.
  noExternal: ['commander', 'picocolors', 'monzo-ts'],
  inlineOnly: ['commander', 'picocolors', 'monzo-ts'],
  plugins: [lazyChildProcess],
  outputOptions: {
    // main.ts and everything it imports in one chunk: under Node 20 each module file costs a start a few
    // milliseconds of loader work, whatever its size. The commands' own code stays in chunks of their own.
    codeSplitting: { groups: [{ name: 'main', test: /[\\/]src[\\/]main\.ts$/ }] },
  },
});
