/**
 * scripts/check-docs.mjs, which `.ci/run` runs on a clean clone: the documentation's `npx` commands can only
 * fetch our packages or our dependencies, and the commands it lists run as written.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SCRIPT = join(ROOT, 'scripts/check-docs.mjs');
const THIS_FILE = 'packages/cli/test/check-docs.test.ts';

function checkDocs(...args: string[]) {
  return spawnSync(process.execPath, [SCRIPT, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
}

/** Runs the npx check on a repository of one README with `markdown`, depending on tsx and vitest. */
async function checkReadme(markdown: string) {
  const root = await mkdtemp(join(tmpdir(), 'monzo-check-docs-'));
  try {
    await writeFile(
      join(root, 'package.json'),
      JSON.stringify({ devDependencies: { tsx: '^4', vitest: '^4' } }),
    );
    await writeFile(join(root, 'README.md'), markdown);
    return checkDocs('--root', root, '--no-run');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

describe('scripts/check-docs.mjs', () => {
  it("refuses every npx that could fetch a package that is neither ours nor a dependency's", async () => {
    const run = await checkReadme(
      [
        'Start it with `npx monzo-mock --auto-approve`.',
        '',
        '```sh',
        '$ npx monzo login --no-browser   # the bare name: anyone may publish it',
        'MONZO_API_URL=http://127.0.0.1:7310 npx --yes tsc --noEmit',
        'npx -p left-pad monzo',
        'npm exec -- monzo-mock',
        'npx -p @monzo-ts/mock monzo-mock --port 0',
        'npx -p @monzo-ts/cli@0.1.0 monzo balance',
        'npx tsx examples/pot-sweeper/sweep.ts --pot Savings \\',
        '  --dry-run',
        'npm run mock -- --auto-approve',
        '```',
      ].join('\n'),
    );
    expect(run.status).toBe(1);
    const flagged = run.stderr.trim().split('\n');
    expect(flagged).toEqual([
      expect.stringContaining('README.md:1: `npx monzo-mock --auto-approve` could fetch `monzo-mock`'),
      expect.stringContaining('README.md:4: `npx monzo login --no-browser'),
      expect.stringContaining(
        'README.md:5: `MONZO_API_URL=http://127.0.0.1:7310 npx --yes tsc --noEmit` could fetch `tsc`',
      ),
      expect.stringContaining('README.md:6: `npx -p left-pad monzo` could fetch `left-pad`'),
      expect.stringContaining('README.md:7: `npm exec -- monzo-mock` could fetch `monzo-mock`'),
    ]);
  });

  it('accepts documentation whose npx commands name our packages or our dependencies', async () => {
    const run = await checkReadme(
      ['```sh', 'npx -p @monzo-ts/mock monzo-mock', 'npx tsx sweep.ts', 'npx vitest run', '```'].join('\n'),
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('refuses a link that leads outside the repository or to nothing', async () => {
    const run = await checkReadme(
      'See [the architecture](../shared/ARCHITECTURE.md), [nothing](docs/none.md) and [us](README.md#top).',
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('README.md:1: the link to ../shared/ARCHITECTURE.md leads to nothing');
    expect(run.stderr).toContain('README.md:1: the link to docs/none.md leads to nothing');
    expect(run.stderr).not.toContain('README.md#top');
  });

  it('finds no file of the repository pointing at ../shared, which a clone does not have', () => {
    const pattern = ['\\.\\./shared', 'shared/monzo-api', 'shared/ARCHITECTURE', 'SPEC §'].join('|');
    const grep = spawnSync('git', ['grep', '-n', '-E', pattern, '--', '.', `:!${THIS_FILE}`], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(grep.stdout).toBe('');
    expect(grep.status).toBe(1); // git grep: 1 means no match
  });

  it("passes on this repository's documentation, and its listed commands run as written", () => {
    const run = checkDocs('--free-ports');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('ok  npm run monzo -- --help');
    expect(run.stdout).toContain(
      'ok  npm run mock -- --auto-approve --redirect-uri http://127.0.0.1:8080/callback --port 0',
    );
  }, 300_000);
});
