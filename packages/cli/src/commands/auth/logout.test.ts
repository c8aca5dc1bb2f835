import { access, chmod, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliHarness } from '../../../test/harness.js';

describe('monzo logout', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  beforeAll(async () => {
    cli = await cliHarness();
  });
  afterAll(() => cli.close());
  const exists = (path: string) =>
    access(path).then(
      () => true,
      () => false,
    );

  it('revokes the token at Monzo and deletes the file', async () => {
    const tokens = await cli.loggedIn();
    const result = await cli.run(['logout', '--json', '--verbose']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ revoked: true, removed: true, history: null });
    expect(result.stderr).toContain('logged out');
    expect(await exists(cli.tokenFile)).toBe(false);
    expect(result.stdout + result.stderr).not.toContain(tokens.access_token);
    // The token is dead at Monzo, not just forgotten here.
    const after = await cli.run(['whoami'], { env: { MONZO_ACCESS_TOKEN: tokens.access_token } });
    expect(after.code).toBe(1);
  });

  it('revokes a login kept in a file others can read (which every other command refuses), then deletes it', async () => {
    const tokens = await cli.loggedIn();
    await chmod(cli.tokenFile, 0o644);
    expect((await cli.run(['balance'])).stderr).toContain(`chmod 600 ${cli.tokenFile}`);
    const result = await cli.run(['logout', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ revoked: true, removed: true, history: null });
    expect(await exists(cli.tokenFile)).toBe(false);
    const after = await cli.run(['whoami'], { env: { MONZO_ACCESS_TOKEN: tokens.access_token } });
    expect(after.code).toBe(1);
  });

  it('says so and exits 0 when not logged in', async () => {
    const result = await cli.run(['logout']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('not logged in');
    expect(result.stdout).toBe('');
    const json = await cli.run(['logout', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ revoked: false, removed: false, history: null });
  });

  it('deletes a login Monzo no longer accepts, and a token file that holds none', async () => {
    await cli.loggedIn();
    await cli.mock.control.reset();
    const revoked = await cli.run(['logout']);
    expect(revoked.code).toBe(0);
    expect(revoked.stderr).toContain('already expired or been revoked');
    expect(await exists(cli.tokenFile)).toBe(false);

    await writeFile(cli.tokenFile, 'not json');
    const garbage = await cli.run(['logout']);
    expect(garbage.code).toBe(0);
    expect(await exists(cli.tokenFile)).toBe(false);
  });

  it('keeps the login when Monzo cannot be reached, and says to retry', async () => {
    await cli.loggedIn();
    const remove = cli.mock.control.fault({ path: '/oauth2/logout', status: 503 });
    const result = await cli.run(['logout']);
    remove();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('could not revoke');
    expect(result.stderr).toContain('retry `monzo logout`');
    expect(await exists(cli.tokenFile)).toBe(true);
  });
});
