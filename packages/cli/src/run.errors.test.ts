import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { capturedContext } from '../test/context.js';
import { cliHarness } from '../test/harness.js';
import { run } from './run.js';

/** What a failing command prints, run in process against an emulator on a socket. */
describe('monzo errors', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  beforeAll(async () => {
    cli = await cliHarness({ transactions: 200 });
  });
  beforeEach(async () => {
    cli.mock.control.reset();
    await cli.loggedIn();
    cli.mock.control.resetCounters();
  });
  afterAll(() => cli.close());

  async function monzo(args: string[], env: Record<string, string> = {}) {
    const { context, captured } = capturedContext({ ...cli.env, ...env });
    const code = await run(args, context);
    return { code, ...captured };
  }

  /** A port on loopback that nothing listens on: bound, then closed. */
  async function closedPort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as { port: number };
    await new Promise((done) => server.close(done));
    return port;
  }

  it('gives a 404 on an id the next step: the listing that shows the ids', async () => {
    const annotate = await monzo(['transactions', 'annotate', 'tx_nope', 'note=hi']);
    expect(annotate.code).toBe(1);
    expect(annotate.stderr).toMatch(/→ check the id: `monzo transactions`/);
    const remove = await monzo(['webhooks', 'remove', 'webhook_nope']);
    expect(remove.stderr).toMatch(/→ check the id: `monzo webhooks list`/);
    // No id in the path: the server has no such endpoint, so it is not Monzo's API.
    const elsewhere = await monzo(['--api-url', `${cli.mock.url}/nope`, 'balance']);
    expect(elsewhere.stderr).toMatch(/→ check --api-url/);
  });

  it('blames --api-url, not the MONZO_* settings, for a flag that is not a URL or has no valid port', async () => {
    for (const url of ['not-a-url', 'http://127.0.0.1:99999', 'http://127.0.0.1:0', 'ftp://127.0.0.1']) {
      const result = await monzo(['--api-url', url, 'balance']);
      expect(result.code, url).toBe(2);
      expect(result.stderr).toMatch(/^error: --api-url\b/);
      expect(result.stderr).toMatch(/→ give --api-url an http\(s\) URL/);
      expect(result.stderr).not.toContain('MONZO_');
    }
    const auth = await monzo(['--auth-url', 'nope', 'balance']);
    expect(auth.stderr).toMatch(/^error: --auth-url must be an http\(s\) URL, got "nope"/);
    const fromEnv = await monzo(['balance'], { MONZO_API_URL: 'nope' });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toMatch(/^error: MONZO_API_URL \(environment or \.env\) must be an http\(s\) URL/);
    expect(cli.mock.control.counters().requests).toEqual({});
  });

  it('says that nothing reached Monzo when the connection was refused or the port is one fetch blocks', async () => {
    for (const url of [`http://127.0.0.1:${await closedPort()}`, 'http://127.0.0.1:1']) {
      const result = await monzo(['--api-url', url, 'pots', 'deposit', 'Holiday', '1', '--yes']);
      expect(result.code, url).toBe(1);
      expect(result.stderr).not.toContain('may have reached Monzo');
      expect(result.stderr).toContain('→ nothing reached Monzo');
    }
  });

  it('prints a failure as one JSON document on stderr with --json, never the token', async () => {
    const token = 'secret_access_token_123456';
    const { rm } = await import('node:fs/promises');
    await rm(cli.tokenFile);
    const refused = await monzo(['--json', 'balance'], { MONZO_ACCESS_TOKEN: token });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).not.toContain(token);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(refused.stderr)).toEqual({
      error: {
        type: 'MonzoAuthenticationError',
        message: expect.stringContaining('MONZO_ACCESS_TOKEN'),
        next_step: expect.stringContaining('monzo login'),
        exit_code: 1,
        status: 401,
        code: expect.any(String),
      },
    });
    // A usage error commander finds itself, and one the command finds, alike.
    const unknown = await monzo(['transactions', '--json', '--nope']);
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stderr)).toEqual({
      error: {
        type: 'UsageError',
        message: "unknown option '--nope'",
        next_step: 'see `monzo transactions --help`',
        exit_code: 2,
      },
    });
    const limit = await monzo(['transactions', '--limit', '0', '--json']);
    expect(JSON.parse(limit.stderr).error).toMatchObject({ type: 'UsageError', exit_code: 2 });
  });

  it('points to --offline when Monzo no longer shows a --since older than 90 days', async () => {
    cli.mock.control.advanceTime(6 * 60_000);
    const late = await monzo(['transactions', '--since', '200d']);
    expect(late.code).toBe(1);
    expect(late.stderr).toContain('only the last 90 days');
    expect(late.stderr).toMatch(/→ add --offline to read the local history that `monzo sync` keeps/);
  });
});
