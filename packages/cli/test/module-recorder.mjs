// `node --import ./module-recorder.mjs …` with MONZO_RECORD_MODULES=FILE: appends to FILE the URL of every module
// the process imports (after this file), and on exit the CommonJS files it required. For tests of what a start
// of the CLI loads.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const file = process.env.MONZO_RECORD_MODULES;
if (file) {
  register('./module-recorder-hooks.mjs', import.meta.url, { data: { file } });
  const cache = createRequire(import.meta.url).cache;
  process.on('exit', () =>
    appendFileSync(
      file,
      Object.keys(cache)
        .map((path) => `${path}\n`)
        .join(''),
    ),
  );
}
