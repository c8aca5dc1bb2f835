import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './browser/spawn-cli.js';
import { type CliRun, cliHarness } from './harness.js';

/**
 * Every way a command can go wrong, run with `--verbose`, while the emulator echoes the secrets it was sent into
 * its error bodies as a careless server or proxy might: no access token, refresh token or client secret may
 * reach the terminal, in the data, a message, a hint or a request line.
 */
// Each test starts several `monzo` processes, some retrying through 503s: more than the default 20 s on a loaded
// two-core machine running another file beside it.
describe('secrets never reach the terminal, even with --verbose, on every error path', {
  timeout: 60_000,
}, () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  /** Every token the login has had: rotated ones are secrets too. */
  const seen = new Set<string>();
  const runs: Array<{ args: string[]; result: CliRun }> = [];

  beforeAll(async () => {
    cli = await cliHarness({ transactions: 200 });
    await cli.loggedIn();
    await remember();
  });
  afterAll(() => cli.close());

  /** The stored login's tokens, added to those seen (none once logged out). */
  async function remember(): Promise<{ access_token: string; refresh_token: string }> {
    const stored = await readFile(cli.tokenFile, 'utf8').catch(() => '{}');
    const tokens = JSON.parse(stored);
    for (const token of [tokens.access_token, tokens.refresh_token]) if (token) seen.add(token);
    return tokens;
  }

  /** Runs `monzo …args --verbose`, keeps what the terminal got, and learns the tokens it left behind. */
  async function monzo(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
    // A process, as the terminal is the process's: a secret printed past the CLI's own output (a console call,
    // a warning, a crash's stack) would reach the user, and only the process's streams show it.
    const result = await cli.runProcess([...args, '--verbose'], { env });
    runs.push({ args, result });
    await remember();
    return result;
  }

  /** An error body quoting every secret the emulator knows of this login. */
  async function echoing(): Promise<string> {
    const { access_token, refresh_token } = await remember();
    return `upstream refused: Authorization: Bearer ${access_token}; refresh_token=${refresh_token}; client_secret=${cli.mock.clientSecret}`;
  }

  it('an expired token, refreshed on the way', async () => {
    cli.mock.control.expireAccessTokens();
    expect((await monzo(['balance'])).code).toBe(0);
  });

  it('a 500 and an HTML 502 that quote the request they received', async () => {
    const json = cli.mock.control.fault({
      path: '/balance',
      status: 500,
      body: { message: await echoing() },
    });
    expect((await monzo(['balance'])).stderr).toMatch(/error: upstream refused: .*\[500 internal_service\]/);
    json();
    const html = cli.mock.control.fault({
      path: '/accounts',
      status: 502,
      body: `<html><body><pre>${await echoing()}</pre></body></html>`,
    });
    expect((await monzo(['accounts'])).stderr).toMatch(/status 502 and a body that is not the JSON expected/);
    html();
  });

  it('a refresh refused with a body that quotes the form it received', async () => {
    cli.mock.control.expireAccessTokens();
    const refused = cli.mock.control.fault({
      path: '/oauth2/token',
      status: 400,
      body: { code: 'bad_request', message: await echoing() },
    });
    expect((await monzo(['whoami'])).stderr).toMatch(/the login has expired or was revoked/);
    refused();
  });

  it('a pot deposit whose connection drops after the money moved, and one refused for funds', async () => {
    const drop = cli.mock.control.fault({ path: 'PUT /pots/:pot_id/deposit', reset: 'after' });
    const pot = cli.mock.control.dataset().pots.find((item) => !item.deleted && !item.locked);
    expect((await monzo(['pots', 'deposit', pot?.id ?? '', '1.00', '--yes'])).stderr).toMatch(
      /ECONNRESET.*The money may or may not have moved/,
    );
    drop();
    expect((await monzo(['pots', 'deposit', pot?.id ?? '', '99999999', '--yes'])).stderr).toMatch(
      /no money moved/,
    );
  });

  it('an export that fails half-way, and a webhook URL that carries its own secret', async () => {
    const failing = cli.mock.control.fault({
      path: '/transactions',
      status: 503,
      body: { message: await echoing() },
    });
    expect((await monzo(['transactions', 'export', '--format', 'csv', '--out', 'x.csv'])).stderr).toMatch(
      /nothing was written to x\.csv/,
    );
    failing();
    const hook = 'https://example.com/monzo?secret=whsec_0123456789abcdef0123';
    seen.add('whsec_0123456789abcdef0123');
    expect((await monzo(['webhooks', 'add', hook, '--json'])).code).toBe(0);
    expect((await monzo(['webhooks', 'list'])).code).toBe(0);
  });

  it('Monzo unreachable, and an environment token that Monzo refuses', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    expect((await monzo(['balance'], { MONZO_API_URL: closed })).stderr).toMatch(/ECONNREFUSED/);
    const envToken = 'env_SECRET_ACCESS_TOKEN_0123456789';
    seen.add(envToken);
    const other = { XDG_CONFIG_HOME: `${cli.home}/elsewhere`, MONZO_ACCESS_TOKEN: envToken };
    expect((await monzo(['accounts'], other)).stderr).toMatch(/refused the MONZO_ACCESS_TOKEN/);
  });

  it('logout, then a command without a login', async () => {
    expect((await monzo(['logout'])).code).toBe(0);
    expect((await monzo(['balance'])).stderr).toMatch(/not logged in/);
  });

  it('leaked none of them: each run checked against every token the login ever had', () => {
    const secrets = [...seen, cli.mock.clientSecret];
    expect(secrets.every((secret) => secret.length >= 16)).toBe(true);
    expect(runs).toHaveLength(13);
    const leaks = runs.flatMap(({ args, result }) =>
      secrets
        .filter((secret) => (result.stdout + result.stderr).includes(secret))
        .map((secret) => `monzo ${args.join(' ')}: ${secret.slice(0, 6)}…`),
    );
    expect(leaks).toEqual([]);
    // --verbose did print the requests: the check looked at real output.
    expect(runs.some(({ result }) => /GET \/balance/.test(result.stderr))).toBe(true);
  });
});
