/**
 * `npm run docs`: the API reference TypeDoc builds from the TSDoc of monzo-ts, monzo-ts/webhooks, @monzo-ts/mock
 * and @monzo-ts/redis. typedoc.json treats warnings as errors, so an exported symbol without TSDoc, a broken
 * `{@link}` or a public type the reference cannot link to fails this test.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Runs the repository's TypeDoc config into `out`; resolves to its exit code and everything it printed. */
function typedoc(out: string): Promise<{ code: number; output: string }> {
  const bin = join(ROOT, 'node_modules/typedoc/bin/typedoc');
  return new Promise((done) => {
    execFile(
      process.execPath,
      [bin, '--out', out],
      { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

/** The generated page of a symbol, found by its name rather than TypeDoc's file-naming scheme. */
async function page(out: string, name: string): Promise<string> {
  const files = await readdir(out, { recursive: true });
  const file = files.find((candidate) => candidate.endsWith(`.${name}.html`));
  if (!file) throw new Error(`no page for ${name} among ${files.length} files`);
  return readFile(join(out, file), 'utf8');
}

describe('the API reference (npm run docs)', () => {
  let out: string;
  let run: { code: number; output: string };

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'monzo-ts-docs-'));
    run = await typedoc(out);
  }, 120_000);
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('builds with no warning and no error', () => {
    expect(run.output).not.toMatch(/\[(warning|error)\]/);
    expect(run.code).toBe(0);
  });

  it('documents the entry points of every package', async () => {
    expect(await page(out, 'MonzoClient')).toContain('fromEnv');
    expect(await page(out, 'createAuthorizationRequest')).toContain('CSRF');
    expect(await page(out, 'createWebhookHandler')).toContain('constant time');
    expect(await page(out, 'startMockServer')).toContain('real socket');
    expect(await page(out, 'RedisTokenStore')).toContain('lock');
  });

  it("links the client's resources to pages of their own, so that their methods are documented", async () => {
    const client = await page(out, 'MonzoClient');
    for (const resource of ['Accounts', 'BalanceResource', 'Pots', 'Transactions', 'Webhooks']) {
      expect(client).toMatch(new RegExp(`href="[^"]*\\.${resource}\\.html"`));
    }
    // Exported as types (only the client makes them), so TypeDoc shows them as interfaces.
    expect(await page(out, 'Pots')).toContain('Moves money from an account into a pot, exactly once');
  });
});
