import { chmod, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { FileTokenStore, type TokenSet } from 'monzo-ts';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TokenFileFaults } from '../../../sdk/test/support/fs-faults.js';
import { capturedContext } from '../../test/context.js';
import { cliHarness } from '../../test/harness.js';
import { run } from '../run.js';

// Where the token file cannot be written, through a seam (see fs-faults.ts): root, which runs the tests here,
// writes through any mode, and a full disk needs a tiny file system mounted.
const faults = vi.hoisted(() => ({}) as TokenFileFaults);
vi.mock('node:fs/promises', async (original) => {
  const { faultyFs } = await import('../../../sdk/test/support/fs-faults.js');
  return faultyFs(await original(), faults);
});

describe('the token file of `monzo`', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  beforeAll(async () => {
    cli = await cliHarness({ transactions: 5 });
  });
  afterAll(() => cli.close());
  afterEach(async () => {
    faults.open = faults.write = faults.rename = undefined;
    await chmod(cli.tokenFile, 0o600).catch(() => {});
  });

  /** An approved login whose access token has expired: the next command refreshes it. */
  async function expiredLogin(): Promise<{ tokens: TokenSet; text: string }> {
    const tokens = await cli.loggedIn();
    await new FileTokenStore(cli.tokenFile).set({ ...tokens, expires_at: Date.now() - 60_000 });
    cli.mock.control.resetCounters();
    return { tokens, text: await readFile(cli.tokenFile, 'utf8') };
  }

  const monzo = async (...argv: string[]) => {
    const { context, captured } = capturedContext(cli.env);
    const code = await run(argv, context);
    return { code, ...captured };
  };
  const refreshes = () => cli.mock.control.counters().requests['POST /oauth2/token'] ?? 0;

  it('refuses a token file other users can read, saying which chmod fixes it, before any request', async () => {
    await cli.loggedIn();
    await chmod(cli.tokenFile, 0o644);
    cli.mock.control.resetCounters();
    const result = await monzo('balance');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`chmod 600 ${cli.tokenFile}`);
    expect(cli.mock.control.counters().requests).toEqual({});
  });

  it('a folder that cannot be written: the refresh token is not spent, and the error says what to fix', async () => {
    const { text } = await expiredLogin();
    faults.open = 'EACCES';
    const result = await monzo('balance');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`make the folder ${dirname(cli.tokenFile)} writable`);
    expect(result.stderr).toMatch(/refresh token was not spent, so the login is intact/);
    expect(refreshes()).toBe(0);
    expect(await readFile(cli.tokenFile, 'utf8')).toBe(text);

    faults.open = undefined;
    expect((await monzo('balance')).code).toBe(0);
    expect(refreshes()).toBe(1);
  });

  it('a save that fails after the refresh: the command goes on, and warns how to recover, without the tokens', async () => {
    const { tokens, text } = await expiredLogin();
    faults.rename = 'ENOSPC';
    const result = await monzo('balance', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ currency: 'GBP' });
    expect(result.stderr).toContain(`warning: The tokens were refreshed but could not be saved`);
    expect(result.stderr).toContain(`Cannot save tokens to ${cli.tokenFile} (ENOSPC): free some space`);
    expect(result.stderr).toMatch(/lost when it ends: fix that, then run `monzo login`/);
    expect(refreshes()).toBe(1);
    expect(await readFile(cli.tokenFile, 'utf8')).toBe(text);
    for (const secret of [tokens.access_token, tokens.refresh_token ?? '']) {
      expect(result.stderr + result.stdout).not.toContain(secret);
    }
    expect(await readdir(dirname(cli.tokenFile))).toEqual(['tokens.json']);
  });

  it('`monzo login` refuses a token file it cannot write before it opens a port or prints a login URL', async () => {
    const notAFolder = join(cli.home, 'a-file');
    await writeFile(notAFolder, '');
    const { context, captured } = capturedContext({
      ...cli.env,
      MONZO_TOKEN_FILE: join(notAFolder, 'tokens.json'),
    });
    expect(await run(['login', '--no-browser'], context)).toBe(1);
    expect(captured.stderr).toContain(`cannot save a login in ${join(notAFolder, 'tokens.json')}`);
    expect(captured.stderr).toMatch(/then run `monzo login`/);
    expect(captured.stderr).not.toContain('http://');
  });
});
