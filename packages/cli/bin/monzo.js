#!/usr/bin/env node
// The `monzo` command. Committed, rather than pointing "bin" at dist/, so that `npm ci` can link it before any
// build; it only loads the build, and says how to make one when it is missing. CommonJS (see bin/package.json),
// as the build is: on Node 20 a start that loads no ES module skips the ES module loader's own start.
const entry = require('node:path').join(__dirname, '../dist/bin.cjs');
try {
  require(entry);
} catch (error) {
  // Only a missing build gets the hint: any other error is the command's own and goes on as it is.
  if (require('node:fs').existsSync(entry)) throw error;
  console.error(
    'monzo: the CLI is not built yet: run `npm run build` in the repository root, then try again.',
  );
  process.exit(1);
}
