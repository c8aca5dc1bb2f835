import { readFile, rm, stat } from 'node:fs/promises';
import { submitConsent } from '@monzo-ts/mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freePort, LOGIN_URL, spawnCli } from '../../../test/browser/spawn-cli.js';
import { cliHarness } from '../../../test/harness.js';
import { rawStatusLine } from '../../../test/raw-socket.js';
import { startCli } from '../../../test/start-cli.js';
import { type CliContext, xdgPaths } from '../../context.js';
import { run } from '../../run.js';

/**
 * `monzo login` in process, with `fetch` playing the browser (the Chromium test plays it for real); as a
 * subprocess where the process's own output must be free of secrets.
 */
describe('monzo login', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  let redirect: string;
  beforeAll(async () => {
    redirect = `http://127.0.0.1:${await freePort()}/callback`;
    cli = await cliHarness({ redirectUris: [redirect] });
    cli.env.MONZO_REDIRECT_URI = redirect;
  });
  afterAll(() => cli.close());
  beforeEach(() => rm(cli.tokenFile, { force: true }));

  const start = (...args: string[]) => startCli(['login', '--no-browser', ...args], cli.env, cli.home);
  const loginUrl = async (login: Pick<ReturnType<typeof start>, 'waitFor'>) =>
    (await login.waitFor('stderr', LOGIN_URL))[1] ?? '';
  const exists = (path: string) =>
    stat(path).then(
      () => true,
      () => false,
    );

  it('logs in: callback page, tokens saved with mode 0600, waits for the approval, --json at the end', async () => {
    // A process: whatever it prints, past the CLI's own output too, is checked for secrets below.
    const login = spawnCli(['login', '--no-browser', '--json', '--verbose'], cli.env, cli.home);
    const callback = await submitConsent(await loginUrl(login), 'allow');
    const page = await fetch(callback);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('approve this login');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');

    await login.waitFor('stderr', /approve this login in the Monzo app/);
    expect(await exists(cli.tokenFile)).toBe(true);
    expect((await stat(cli.tokenFile)).mode & 0o777).toBe(0o600);
    cli.mock.control.approve();
    const result = await login.exited;
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      user_id: cli.mock.control.dataset().user_id,
      approved: true,
      // Then the local history is synced at once (see commands/sync/login.test.ts).
      sync: { inserted: 600 },
    });

    // Secrets never reach the terminal, even with --verbose.
    const tokens = JSON.parse(await readFile(cli.tokenFile, 'utf8'));
    const code = new URL(callback).searchParams.get('code') ?? '';
    for (const secret of [tokens.access_token, tokens.refresh_token, code, cli.mock.clientSecret]) {
      expect(secret.length).toBeGreaterThan(5);
      expect(result.stdout + result.stderr).not.toContain(secret);
      expect(html).not.toContain(secret);
    }
  });

  it('refuses Deny (an error parameter): explained in the page and on the terminal, nothing stored', async () => {
    const login = start();
    const page = await fetch(await submitConsent(await loginUrl(login), 'deny'));
    expect(page.status).toBe(403);
    expect(await page.text()).toContain('Login cancelled');
    const result = await login.exited;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('access was denied');
    expect(await exists(cli.tokenFile)).toBe(false);
  });

  it('ignores every callback without this login’s state, malformed ones too, and still completes the genuine one', async () => {
    const login = start('--json', '--no-sync');
    const url = await loginUrl(login);
    const state = new URL(url).searchParams.get('state') ?? '';
    const port = Number(new URL(redirect).port);
    const hostile: Array<[string, RequestInit?]> = [
      [`${redirect}?code=stolen-code&state=not-this-login`],
      [`${redirect}?error=access_denied`],
      [`${redirect}?error=access_denied&state=not-this-login`],
      [`${redirect}?code=stolen-code`],
      [redirect],
      [`${redirect}?code=stolen-code&state=${state}`, { method: 'HEAD' }],
    ];
    for (const [target, init] of hostile) {
      const page = await fetch(target, init);
      expect(page.status, target).toBeGreaterThanOrEqual(400);
      expect(page.status, target).toBeLessThan(500);
    }
    // What no browser sends, which once crashed `monzo login` with an uncaught `Invalid URL`.
    expect(
      await rawStatusLine(port, `GET //[ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`),
    ).toMatch(/^HTTP\/1\.1 400 /);
    // DNS rebinding: this login's own callback, on another name that resolves to loopback.
    expect(
      await rawStatusLine(
        port,
        `GET /callback?code=x&state=${state} HTTP/1.1\r\nHost: rebound.example:${port}\r\nConnection: close\r\n\r\n`,
      ),
    ).toMatch(/^HTTP\/1\.1 421 /);
    await login.waitFor('stderr', /ignored a request .* still waiting/);
    expect(await exists(cli.tokenFile)).toBe(false);

    const page = await fetch(await submitConsent(url, 'allow'));
    expect(page.status).toBe(200);
    await login.waitFor('stderr', /approve this login in the Monzo app/);
    cli.mock.control.approve();
    const result = await login.exited;
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ approved: true });
    expect(result.stderr.match(/ignored a request/g)).toHaveLength(1);
    expect(result.stderr).not.toContain('Invalid URL');
    expect(await exists(cli.tokenFile)).toBe(true);
  });

  it('ends with a refusal on an error parameter with this login’s state, which cannot paint the terminal', async () => {
    const painted = start();
    const state = new URL(await loginUrl(painted)).searchParams.get('state') ?? '';
    const page = await fetch(`${redirect}?error=${encodeURIComponent('\u001b[2Jspoofed')}&state=${state}`);
    expect(page.status).toBe(403);
    const shown = await painted.exited;
    expect(shown.code).toBe(1);
    expect(shown.stderr).toContain('[2Jspoofed');
    expect(shown.stderr).not.toContain('\u001b');
    expect(await exists(cli.tokenFile)).toBe(false);
  });

  it('refuses a second callback while waiting for the approval; times out clearly, keeping the login', async () => {
    const login = start('--timeout', '1.5');
    const callback = await submitConsent(await loginUrl(login), 'allow');
    expect((await fetch(callback)).status).toBe(200);
    const again = await fetch(callback);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('already');
    expect((await fetch(new URL('/favicon.ico', redirect))).status).toBe(404);
    const result = await login.exited;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('refused another request');
    expect(result.stderr).toMatch(/not approved in the Monzo app within 1.5 s \(it stays saved\)/);
    expect(result.stderr).toContain('approve it in the Monzo app');
    expect(await exists(cli.tokenFile)).toBe(true);
    expect(result.stdout).toBe('');
  });

  it('gives up when the browser never comes back', async () => {
    const result = await start('--timeout', '0.5').exited;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no answer from the browser');
    expect(await exists(cli.tokenFile)).toBe(false);
  });

  it('refuses a redirect URI off this machine, a bad timeout and missing credentials, with exit 2', async () => {
    const remote = await cli.run(['login', '--no-browser'], {
      env: { MONZO_REDIRECT_URI: 'http://example.com:8080/callback' },
    });
    expect(remote.code).toBe(2);
    expect(remote.stderr).toContain('not a loopback address');
    const tls = await cli.run(['login'], { env: { MONZO_REDIRECT_URI: 'https://127.0.0.1:8443/callback' } });
    expect(tls.code).toBe(2);
    expect(tls.stderr).toContain('http://');
    const timeout = await cli.run(['login', '--timeout', 'soon']);
    expect(timeout.code).toBe(2);
    expect(timeout.stderr).toContain('--timeout');
    const anonymous = await cli.run(['login'], { env: { MONZO_CLIENT_ID: '' } });
    expect(anonymous.code).toBe(2);
    expect(anonymous.stderr).toContain('MONZO_CLIENT_ID');
  });

  it('says so when the callback port is taken', async () => {
    const { createServer } = await import('node:http');
    const taken = createServer();
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
    const port = (taken.address() as { port: number }).port;
    const result = await cli.run(['login', '--no-browser'], {
      env: { MONZO_REDIRECT_URI: `http://127.0.0.1:${port}/callback` },
    });
    taken.close();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('already in use');
  });

  it('opens the browser through the context, and only without --no-browser (in process)', async () => {
    const opened: string[] = [];
    let stderr = '';
    const context: CliContext = {
      terminal: {
        stdout: { write: () => true },
        stderr: { write: (text: string) => (stderr += text) },
        stdoutIsTTY: false,
        stdoutKind: 'pipe',
        stderrIsTTY: false,
        stdinIsTTY: false,
        env: cli.env,
        cwd: cli.home,
      },
      confirm: async () => false,
      openBrowser: async (url) => {
        opened.push(url);
        return true;
      },
      paths: xdgPaths(cli.env),
    };
    expect(await run(['login', '--timeout', '0.2'], context)).toBe(1);
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatch(new RegExp(`^${cli.mock.url}/\\?client_id=`));
    expect(stderr).toContain('the browser window that opened');
    expect(stderr).toContain(opened[0]); // printed anyway, should the window not show
    expect(await run(['login', '--no-browser', '--timeout', '0.2'], context)).toBe(1);
    expect(opened).toHaveLength(1);
  });
});
