#!/usr/bin/env node
// The `monzo` command. Committed, rather than pointing "bin" at dist/, so that `npm ci` can link it before any
// build; it only loads the build, and says how to make one when it is missing.
const entry = new URL('../dist/bin.js', import.meta.url);
try {
  await import(entry.href);
} catch (error) {
  const { existsSync } = await import('node:fs');
  // Only a missing build gets the hint: any other error is the command's own and goes on as it is.
  if (existsSync(entry)) throw error;
  console.error(
    'monzo: the CLI is not built yet: run `npm run build` in the repository root, then try again.',
  );
  process.exit(1);
}
