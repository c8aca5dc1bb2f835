/**
 * Vitest's global setup: the programs the tests start as processes of their own, each bundled once per run from
 * the packages' source with esbuild, for `bundled()` (bundled.ts) to hand to the tests.
 *
 * Why: a test about the process boundary (stdin, signals, exit codes, a lock shared between processes) needs the
 * program as a process, not the same program compiled again on every start. Through tsx each start costs
 * 0.35 s before the first line of the program runs (loader, transform cache reads); the bundle starts in 0.09 s,
 * as the built command does. Only the start changes: the bundle is the same source, workspace packages
 * included, and keeps every npm dependency external, so that they are found where the package's own build finds
 * them (each bundle lives in its package's node_modules/.cache, and `better-sqlite3`, loaded by `require`, is
 * resolved from there as from dist/).
 */
import { chmod, mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { TestProject } from 'vitest/node';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Each program by name: the package it belongs to and its entry, relative to that package. */
export const PROGRAMS = {
  /** The `monzo` command. */
  monzo: { pkg: 'cli', entry: 'src/bin.ts' },
  /** The history's SQLite round trip, run under each Node (history/src/store/sqlite/driver-check.script.ts). */
  'sqlite-driver-check': { pkg: 'history', entry: 'src/store/sqlite/driver-check.script.ts' },
  /** One process of the history's multi-process sync tests (history/src/sync/sync-worker.script.ts). */
  'history-sync-worker': { pkg: 'history', entry: 'src/sync/sync-worker.script.ts' },
  /** Its page writer thread, beside it as beside the built package's chunks (history/src/store/worker). */
  'page-writer.worker': { pkg: 'history', entry: 'src/store/worker/page-writer.worker.ts' },
  /** The emulator's own command, `monzo-mock`. */
  'monzo-mock': { pkg: 'mock', entry: 'src/cli.ts' },
  /** A process using a FileTokenStore (sdk/test/support/file-store-child.ts). */
  'file-store-child': { pkg: 'sdk', entry: 'test/support/file-store-child.ts' },
  /** A process refreshing a login in a token file (sdk/test/support/refresh-child.ts). */
  'refresh-child': { pkg: 'sdk', entry: 'test/support/refresh-child.ts' },
  /** One process of the Redis store's multi-process tests (redis/test/worker.ts). */
  'redis-worker': { pkg: 'redis', entry: 'test/worker.ts' },
} as const;

export type ProgramName = keyof typeof PROGRAMS;

declare module 'vitest' {
  interface ProvidedContext {
    /** The bundled programs' paths, by name. */
    bundles: Record<ProgramName, string>;
  }
}

/** A run's folder in each package's cache; folders a killed run left behind for a day are removed. */
async function runFolders(): Promise<Map<string, string>> {
  const folders = new Map<string, string>();
  for (const pkg of new Set(Object.values(PROGRAMS).map((program) => program.pkg))) {
    const cache = join(ROOT, 'packages', pkg, 'node_modules', '.cache', 'monzo-ts-test-bundles');
    await mkdir(cache, { recursive: true });
    for (const entry of await readdir(cache)) {
      const old = join(cache, entry);
      if (Date.now() - (await stat(old)).mtimeMs > DAY_MS) await rm(old, { recursive: true, force: true });
    }
    // A folder of this run's own: two runs at once must not overwrite each other's chunks.
    const folder = await mkdtemp(join(cache, 'run-'));
    // mkdtemp's 0700 would keep out the tests that run a program as another user.
    await chmod(folder, 0o755);
    folders.set(pkg, folder);
  }
  return folders;
}

const DAY_MS = 86_400_000;

/** Bundles each package's programs into its folder; resolves to each program's path. */
async function bundleAll(folders: Map<string, string>): Promise<Record<ProgramName, string>> {
  const paths = {} as Record<ProgramName, string>;
  await Promise.all(
    [...folders].map(async ([pkg, folder]) => {
      const names = (Object.keys(PROGRAMS) as ProgramName[]).filter((name) => PROGRAMS[name].pkg === pkg);
      await build({
        entryPoints: Object.fromEntries(
          names.map((name) => [name, join(ROOT, 'packages', pkg, PROGRAMS[name].entry)]),
        ),
        outdir: folder,
        bundle: true,
        // The dynamic imports stay chunks loaded when reached, as in the built package.
        splitting: true,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        // The root tsconfig's paths: monzo-ts and @monzo-ts/* from their source, as the tests import them.
        tsconfig: join(ROOT, 'tsconfig.json'),
        packages: 'external',
        logLevel: 'error',
      });
      for (const name of names) paths[name] = join(folder, `${name}.js`);
    }),
  );
  return paths;
}

/**
 * Bundles every program into a fresh folder of its package's cache, again before each rerun in watch mode (the
 * source may have changed); the teardown removes the folders.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  // Each project inherits this setup from the root config; what the root project provides, every project
  // sees, so the root alone builds.
  if (!project.isRootProject()) return undefined;
  const folders = await runFolders();
  project.provide('bundles', await bundleAll(folders));
  project.onTestsRerun(async () => {
    await bundleAll(folders);
  });
  return async () => {
    await Promise.all([...folders.values()].map((folder) => rm(folder, { recursive: true, force: true })));
  };
}
