/**
 * Runs scripts/ensure-*.mjs as `npm test` does, in a crafted environment: a PATH of our choosing, and as a user
 * without root when asked, so that the machine's own tools and privileges do not decide the outcome.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../scripts');
/** The uid and gid of `nobody` on Debian and macOS alike. */
const NOBODY = 65534;

/** Whether this process runs as root (and so can also run a script as another user). */
export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Runs `scripts/<name>.mjs` with exactly `env` (nothing else of this process's). `asNonRoot` runs it as
 * `nobody` when this process is root, so the "no root" path is taken on any machine.
 */
export function runEnsure(
  name: string,
  env: Record<string, string>,
  options: { asNonRoot?: boolean } = {},
): SpawnSyncReturns<string> {
  const user = options.asNonRoot && isRoot ? { uid: NOBODY, gid: NOBODY } : {};
  return spawnSync(process.execPath, [join(SCRIPTS, `${name}.mjs`)], {
    env,
    encoding: 'utf8',
    timeout: 30_000,
    cwd: tmpdir(),
    ...user,
  });
}

/**
 * A fresh directory holding one executable `name` that prints `fake <name> ran: <args>` and exits 0, readable
 * by every user; removed after `body`.
 */
export async function withFakeBin(
  name: string,
  body: (dir: string, path: string) => Promise<void>,
): Promise<void> {
  await withFakeBins([name], (dir) => body(dir, join(dir, name)));
}

/** As `withFakeBin`, with one such executable for each of `names`, all in the same directory. */
export async function withFakeBins(names: string[], body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'monzo-ensure-'));
  try {
    await chmod(dir, 0o755);
    for (const name of names) {
      const path = join(dir, name);
      await writeFile(path, `#!/bin/sh\necho "fake ${name} ran: $*"\n`);
      await chmod(path, 0o755);
    }
    await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
