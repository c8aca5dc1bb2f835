import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { withLock } from './lock.js';
import { cleanEnv, REPO_ROOT } from './runtimes.js';

/** The published packages: their workspace folder and npm name. */
export const PUBLISHED = [
  { dir: 'sdk', name: 'monzo-ts' },
  { dir: 'mock', name: '@monzo-ts/mock' },
  { dir: 'cli', name: '@monzo-ts/cli' },
  { dir: 'redis', name: '@monzo-ts/redis' },
  { dir: 'history', name: '@monzo-ts/history' },
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
  const packed = withLock(join(REPO_ROOT, 'node_modules', '.cache', `monzo-ts-pack-${dir}.lock`), () => {
    if (isStale(root)) run('npm', ['run', 'build', '-w', name], REPO_ROOT);
    // Several test files pack the same package in one run: the tarball of these very bytes is made once.
    const cache = join(REPO_ROOT, 'node_modules', '.cache', 'monzo-ts-packed', `${dir}-${contentKey(root)}`);
    const reportFile = join(cache, 'report.json');
    if (!existsSync(reportFile)) {
      mkdirSync(cache, { recursive: true });
      const output = run('npm', ['pack', '--json', '--pack-destination', cache], root);
      writeFileSync(reportFile, output);
    }
    const [report] = JSON.parse(readFileSync(reportFile, 'utf8')) as Array<{
      name: string;
      filename: string;
      files: Array<{ path: string }>;
    }>;
    return { cache, report: report! };
  });
  const tarball = join(destination, basename(packed.report.filename));
  copyFileSync(join(packed.cache, packed.report.filename), tarball);
  return { name: packed.report.name, tarball, files: packed.report.files.map((file) => file.path) };
}

/**
 * A digest of everything `npm pack` puts in the tarball: the manifest, the folders and files its `files` field
 * names, and the README and licence npm always adds.
 */
function contentKey(root: string): string {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { files?: string[] };
  // A pattern would name files this digest cannot see, and a stale tarball would be reused: refuse it plainly.
  const patterns = (manifest.files ?? []).filter((entry) => /[*?[{!]/.test(entry));
  if (patterns.length)
    throw new Error(`packing.ts: list plain paths in ${root}/package.json "files", not ${patterns}`);
  const hash = createHash('sha256');
  const add = (path: string) => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path).sort()) add(join(path, entry));
      return;
    }
    hash.update(path.slice(root.length)).update('\0').update(readFileSync(path)).update('\0');
  };
  const always = readdirSync(root).filter((entry) => /^(package\.json|readme|licen[cs]e)/i.test(entry));
  for (const entry of [...always, ...(manifest.files ?? [])].sort()) add(join(root, entry));
  return hash.digest('hex').slice(0, 16);
}

/** A workspace package's manifest. */
export function manifestOf(dir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(packageDir(dir), 'package.json'), 'utf8')) as Record<string, unknown>;
}
