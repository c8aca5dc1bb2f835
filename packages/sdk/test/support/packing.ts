import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { withLock } from './lock.js';
import { cleanEnv, REPO_ROOT } from './runtimes.js';

/** The published packages: their workspace folder and npm name. */
export const PUBLISHED = [
  { dir: 'sdk', name: 'monzo-ts' },
  { dir: 'mock', name: '@monzo-ts/mock' },
  { dir: 'cli', name: '@monzo-ts/cli' },
  { dir: 'redis', name: '@monzo-ts/redis' },
] as const;

export type PublishedName = (typeof PUBLISHED)[number]['name'];

/** Runs a command to completion; a failure carries its whole output. */
export function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = cleanEnv(),
  timeout = 180_000,
): string {
  try {
    return execFileSync(command, args, {
      cwd,
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout,
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout}\n${stderr}`);
  }
}

/** A workspace package's folder. */
export function packageDir(dir: string): string {
  return join(REPO_ROOT, 'packages', dir);
}

/** Newest modification time of the files under `dir` that go into a build (tests do not). */
function newest(dir: string): number {
  return Math.max(
    0,
    ...readdirSync(dir, { withFileTypes: true }).map((entry) => {
      if (entry.isDirectory()) return newest(join(dir, entry.name));
      return /\.test\.ts$/.test(entry.name) ? 0 : statSync(join(dir, entry.name)).mtimeMs;
    }),
  );
}

/** Oldest modification time of the files in `dist`, or 0 when it is missing or empty. */
function oldestBuilt(dist: string): number {
  try {
    const files = readdirSync(dist).map((name) => statSync(join(dist, name)).mtimeMs);
    return files.length === 0 ? 0 : Math.min(...files);
  } catch {
    return 0;
  }
}

/** `npm test` builds just before the tests run: build again only when sources, manifest or config are newer. */
function isStale(root: string): boolean {
  const sources = Math.max(
    newest(join(root, 'src')),
    statSync(join(root, 'package.json')).mtimeMs,
    statSync(join(root, 'tsdown.config.ts')).mtimeMs,
  );
  return oldestBuilt(join(root, 'dist')) < sources;
}

export interface Packed {
  name: string;
  /** The tarball's absolute path. */
  tarball: string;
  /** The paths inside it, relative to the package root. */
  files: string[];
}

/**
 * Builds the package if it is stale and packs it into `destination`, as `npm publish` would. Under a lock, as
 * test files in parallel pack the same packages, and one's build must not empty `dist` while another packs it.
 */
export function pack(dir: string, destination: string): Packed {
  const root = packageDir(dir);
  const name = PUBLISHED.find((pkg) => pkg.dir === dir)?.name ?? dir;
  const output = withLock(join(REPO_ROOT, 'node_modules', '.cache', `monzo-ts-pack-${dir}.lock`), () => {
    if (isStale(root)) run('npm', ['run', 'build', '-w', name], REPO_ROOT);
    return run('npm', ['pack', '--json', '--pack-destination', destination], root);
  });
  const [report] = JSON.parse(output) as Array<{
    name: string;
    filename: string;
    files: Array<{ path: string }>;
  }>;
  return {
    name: report!.name,
    tarball: join(destination, report!.filename),
    files: report!.files.map((file) => file.path),
  };
}

/** A workspace package's manifest. */
export function manifestOf(dir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(packageDir(dir), 'package.json'), 'utf8')) as Record<string, unknown>;
}
