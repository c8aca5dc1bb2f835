import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliHarness } from '../../../test/harness.js';

describe('monzo whoami', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  beforeAll(async () => {
    cli = await cliHarness();
  });
  afterAll(() => cli.close());

  it('says to log in, with exit code 1, when there is no login', async () => {
    const result = await cli.run(['whoami']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('not logged in');
    expect(result.stderr).toContain('monzo login');
    expect(result.stdout).toBe('');
  });

  it('shows the user, the client and where the login is, as text and as JSON, never a token', async () => {
    const tokens = await cli.loggedIn();
    const text = await cli.run(['whoami', '--verbose']);
    expect(text.code).toBe(0);
    const userId = cli.mock.control.dataset().user_id;
    expect(text.stdout).toContain(userId);
    expect(text.stdout).toContain(cli.mock.clientId);
    expect(text.stdout).toContain(cli.tokenFile);
    for (const secret of [tokens.access_token, tokens.refresh_token ?? '', cli.mock.clientSecret]) {
      expect(text.stdout + text.stderr).not.toContain(secret);
    }

    const json = await cli.run(['whoami', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      user_id: userId,
      client_id: cli.mock.clientId,
      authenticated: true,
    });
  });

  it('uses MONZO_ACCESS_TOKEN when no login is stored, and says so', async () => {
    const tokens = await cli.loggedIn();
    await rm(cli.tokenFile);
    const result = await cli.run(['whoami'], { env: { MONZO_ACCESS_TOKEN: tokens.access_token } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('MONZO_ACCESS_TOKEN (environment)');
    expect(result.stdout + result.stderr).not.toContain(tokens.access_token);
  });

  it('says to log in again when the login was revoked', async () => {
    await cli.loggedIn();
    await cli.mock.control.reset();
    const result = await cli.run(['whoami']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('monzo login');
  });

  it('exits 2 on an unexpected argument', async () => {
    const result = await cli.run(['whoami', 'someone']);
    expect(result.code).toBe(2);
  });
});
