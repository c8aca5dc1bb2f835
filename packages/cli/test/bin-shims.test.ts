/**
 * The committed `monzo` and `monzo-mock` bins, which `npm ci` links before any build: they run the build, say
 * how to make it when it is missing, and never hide the build's own errors. Each runs from a copy of its package
 * folder, so that whether this checkout has been built does not matter.
 */
import { spawnSync } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Each bin, the build entry it runs, and a build of that entry that fails on a missing package (its message). */
const BINS = [
  // CommonJS, as its build is (bin/package.json says so for the bin).
  {
    pkg: 'cli',
    name: 'monzo',
    entry: 'bin.cjs',
    noun: 'the CLI',
    broken: "require('no-such-package-anywhere');\n",
    missing: "Cannot find module 'no-such-package-anywhere'",
  },
  {
    pkg: 'mock',
    name: 'monzo-mock',
    entry: 'cli.js',
    noun: 'the emulator',
    broken: "import 'no-such-package-anywhere';\n",
    missing: "Cannot find package 'no-such-package-anywhere'",
  },
] as const;

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'monzo-bins-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe.each(BINS)('the $name bin', ({ pkg, name, entry, noun, broken, missing }) => {
  async function packageCopy(label: string, dist?: string): Promise<string> {
    const dir = join(work, `${pkg}-${label}`);
    // The bin folder whole: a package.json there says which kind of module the bin is.
    await cp(join(ROOT, 'packages', pkg, 'bin'), join(dir, 'bin'), { recursive: true });
    await writeFile(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    if (dist !== undefined) {
      await mkdir(join(dir, 'dist'));
      await writeFile(join(dir, 'dist', entry), dist);
    }
    return join(dir, 'bin', `${name}.js`);
  }
  const run = (bin: string, ...args: string[]) =>
    spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 30_000 });

  it('is what package.json names, an executable node script', async () => {
    const manifest = JSON.parse(await readFile(join(ROOT, 'packages', pkg, 'package.json'), 'utf8'));
    expect(manifest.bin).toEqual({ [name]: `./bin/${name}.js` });
    expect(manifest.files).toContain('bin');
    const source = await readFile(join(ROOT, 'packages', pkg, 'bin', `${name}.js`), 'utf8');
    expect(source.startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('runs the build with its arguments', async () => {
    const bin = await packageCopy('built', 'console.log(JSON.stringify(process.argv.slice(2)));\n');
    await chmod(bin, 0o755);
    const result = spawnSync(bin, ['--version', 'x'], { encoding: 'utf8', timeout: 30_000 });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('["--version","x"]\n');
    expect(result.status).toBe(0);
  });

  it('without a build, says in one line how to make one, and exits 1', async () => {
    const result = run(await packageCopy('unbuilt'), '--help');
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `${name}: ${noun} is not built yet: run \`npm run build\` in the repository root, then try again.\n`,
    );
    expect(result.status).toBe(1);
  });

  it("lets the build's own errors through, a missing module included", async () => {
    const bin = await packageCopy('broken', broken);
    const result = run(bin);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(missing);
    expect(result.stderr).not.toContain('not built yet');
  });
});
