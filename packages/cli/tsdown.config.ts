import { defineConfig, type UserConfig } from 'tsdown';

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

/** bin.ts loads the program (`import('./main.js')`) from the other build: dist/main.cjs, left as it is. */
const programFromItsOwnBuild = {
  name: 'monzo:program-from-its-own-build',
  resolveId(source: string, importer: string | undefined) {
    if (source === './main.js' && importer && /[\\/]src[\\/]bin\.ts$/.test(importer))
      return { id: './main.cjs', external: true };
    return null;
  },
};

/**
 * What the code loads on first use with `import()`, where it has a CommonJS form too (Node's own modules, the
 * emulator), is required instead: an `import()` in CommonJS starts the ES module loader, some milliseconds, for
 * no gain. The packages that are ES modules only (open, @clack/prompts) keep their `import()`.
 */
const requireWhatHasCommonJs = {
  name: 'monzo:require-what-has-commonjs',
  renderChunk(code: string) {
    return code.replace(
      /\bimport\((["'])(node:[\w/]+|@monzo-ts\/mock)\1\)/g,
      'Promise.resolve().then(() => require($1$2$1))',
    );
  },
};

/**
 * Chunks that require one another in a circle break in CommonJS (the one required second sees the first half
 * loaded: its exports undefined), where ES modules would not: such a build fails here rather than at a start.
 */
const requiresWithoutCycles = {
  name: 'monzo:requires-without-cycles',
  generateBundle(_: unknown, bundle: Record<string, { type: string; imports?: string[] }>) {
    const visiting: string[] = [];
    const done = new Set<string>();
    const visit = (file: string) => {
      if (done.has(file)) return;
      if (visiting.includes(file))
        throw new Error(`chunks require each other: ${[...visiting, file].join(' → ')}`);
      visiting.push(file);
      for (const required of bundle[file]?.imports ?? []) if (required in bundle) visit(required);
      visiting.pop();
      done.add(file);
    };
    for (const [file, output] of Object.entries(bundle)) if (output.type === 'chunk') visit(file);
  },
};

const MAIN =
  /[\\/]src[\\/](main\.ts|output[\\/].*|support[\\/](confirm|credentials|dates|globals|lazy-require|metadata|pot-names|signals|url)\.ts)$/;
/** The SDK (but its webhooks receiver, for `webhooks listen` alone) and the helpers built on its client. */
const CLIENT =
  /[\\/]sdk[\\/]src[\\/](?!webhooks[\\/])|[\\/]src[\\/]support[\\/](account|amount|client|outcome|pot|url-setting)\.ts$/;

/**
 * CommonJS, built from the ES modules of src/: on Node 20 a start that loads no ES module skips the ES module
 * loader (some 5 ms), and each file then loads in one synchronous step. The code is ES modules all the same,
 * so it keeps their strict mode, and `import.meta.url` its meaning (shims).
 */
const common = {
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  fixedExtension: true,
  sourcemap: true,
  // Every start parses the program's chunks before its first request: minified, main and client are 120 kB
  // rather than 280 (the maps beside them keep the source for a stack trace).
  minify: true,
  shims: true,
  checks: { legacyCjs: false },
  outputOptions: { banner: "'use strict';" },
} satisfies UserConfig;

export default defineConfig([
  {
    // The start: turns on the compile cache, answers `--version` and `--help` from the root's own data, and
    // otherwise requires the program. One small file, with nothing else in it.
    ...common,
    entry: { bin: 'src/bin.ts' },
    clean: true,
    plugins: [programFromItsOwnBuild],
    outputOptions: { ...common.outputOptions, codeSplitting: false, dynamicImportInCjs: false },
  },
  {
    // The program: main.ts and what every command needs, then each command in chunks of its own, required when
    // that command runs (not on every start).
    ...common,
    entry: { main: 'src/main.ts' },
    clean: true,
    // Loaded on every start (the SDK by every command that connects, its webhooks part by `webhooks listen`):
    // bundled in, so that no package is resolved and fewer files are read.
    noExternal: ['commander', 'picocolors', 'monzo-ts', 'monzo-ts/webhooks'],
    inlineOnly: ['commander', 'picocolors', 'monzo-ts'],
    plugins: [lazyChildProcess, requireWhatHasCommonJs, requiresWithoutCycles],
    outputOptions: {
      ...common.outputOptions,
      // Each file costs a start some loader work, whatever its size: main.ts with everything it imports and the
      // small helpers of many commands in one chunk; the SDK's client and the helpers that need it in another,
      // for the commands that talk to Monzo. Each command's own code is in chunks of its own.
      codeSplitting: {
        groups: [
          { name: 'main', test: MAIN, priority: 2 },
          { name: 'client', test: CLIENT, priority: 1 },
        ],
      },
    },
  },
]);
