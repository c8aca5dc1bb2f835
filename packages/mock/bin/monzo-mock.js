#!/usr/bin/env node
// The `monzo-mock` command. Committed, rather than pointing "bin" at dist/, so that `npm ci` can link it before
// any build; it only loads the build, and says how to make one when it is missing.
const entry = new URL('../dist/cli.js', import.meta.url);
try {
  await import(entry.href);
} catch (error) {
  const { existsSync } = await import('node:fs');
  // Only a missing build gets the hint: any other error is the emulator's own and goes on as it is.
  if (existsSync(entry)) throw error;
  console.error(
    'monzo-mock: the emulator is not built yet: run `npm run build` in the repository root, then try again.',
  );
  process.exit(1);
}
