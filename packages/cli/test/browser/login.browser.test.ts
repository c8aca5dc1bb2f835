import { access, stat } from 'node:fs/promises';
import { submitConsent } from '@monzo-ts/mock';
import { createAuthorizationRequest } from 'monzo-ts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cliHarness } from '../harness.js';
import { launchChromium } from './chromium.js';
import { freePort, LOGIN_URL, spawnCli } from './spawn-cli.js';

/**
 * `monzo login --no-browser` as a person runs it, in a real browser: headless Debian Chromium opens the URL the
 * CLI prints, the emulator's consent page (no auto-approve) is clicked, the CLI's callback page is read, and the
 * approval comes "from the app" (`control.approve()`).
 */
describe('monzo login in Chromium', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let redirect: string;

  beforeAll(async () => {
    redirect = `http://127.0.0.1:${await freePort()}/callback`;
    cli = await cliHarness({ redirectUris: [redirect] });
    cli.env.MONZO_REDIRECT_URI = redirect;
    chromium = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await chromium?.close();
    await cli?.close();
  });
  afterEach(async () => {
    for (const page of chromium.browser.pages()) await page.close();
  });

  const exists = (path: string) =>
    access(path).then(
      () => true,
      () => false,
    );
  const startLogin = async () => {
    const login = spawnCli(['login', '--no-browser'], cli.env, cli.home);
    const url = (await login.waitFor('stderr', LOGIN_URL))[1] ?? '';
    return { login, url };
  };

  it('Allow: the callback page says what to do next, the approval ends the login, the token file is 0600', async () => {
    const { login, url } = await startLogin();
    const page = await chromium.browser.newPage();
    await page.goto(url);
    expect(await page.title()).toContain('Monzo');
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL((where) => where.href.startsWith(redirect));
    expect(await page.locator('h1').textContent()).toBe('Logged in: now approve in the Monzo app');
    expect(await page.locator('body').textContent()).toContain('open the Monzo app on your phone');

    await login.waitFor('stderr', /approve this login in the Monzo app/);
    cli.mock.control.approve();
    const result = await login.exited;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Approved');
    expect((await stat(cli.tokenFile)).mode & 0o777).toBe(0o600);
    const whoami = await cli.run(['whoami', '--json']);
    expect(JSON.parse(whoami.stdout).user_id).toBe(cli.mock.control.dataset().user_id);
    await cli.run(['logout']);
  }, 30_000);

  it('Deny: the page and the terminal say the login was cancelled; no token file', async () => {
    const { login, url } = await startLogin();
    const page = await chromium.browser.newPage();
    await page.goto(url);
    await page.getByRole('button', { name: 'Deny' }).click();
    await page.waitForURL((where) => where.href.startsWith(redirect));
    expect(await page.locator('h1').textContent()).toBe('Login cancelled');
    const result = await login.exited;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('access was denied');
    expect(await exists(cli.tokenFile)).toBe(false);
  }, 30_000);

  it('a forged callback (a genuine code from another login, with its state) is refused, and so is a page’s <img>; the login waits on for its own', async () => {
    const { login, url } = await startLogin();
    // The attacker's own login: a real code, but a state the CLI never sent.
    const theirs = createAuthorizationRequest({
      clientId: cli.mock.clientId,
      redirectUri: redirect,
      authUrl: cli.mock.url,
    });
    const forged = await submitConsent(theirs.url, 'allow');
    const page = await chromium.browser.newPage();
    const response = await page.goto(forged);
    expect(response?.status()).toBe(400);
    expect(await page.locator('h1').textContent()).toBe('Not this login');
    expect(await page.locator('body').textContent()).toContain('still waiting');
    // Any web page can point an image at the loopback port: it must not cancel the login.
    const elsewhere = await chromium.browser.newPage();
    // The image is answered (Chromium then blocks the HTML answer from the page: ERR_BLOCKED_BY_ORB).
    const sent = elsewhere.waitForEvent('requestfailed', (request) => request.url().startsWith(redirect));
    await elsewhere.setContent(`<img src="${redirect}?error=access_denied">`);
    await sent;
    await login.waitFor('stderr', /ignored a request .* still waiting/);
    expect(login.child.exitCode).toBeNull();
    expect(await exists(cli.tokenFile)).toBe(false);

    // The person's own login still goes through.
    await page.goto(url);
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL((where) => where.href.startsWith(redirect));
    expect(await page.locator('h1').textContent()).toBe('Logged in: now approve in the Monzo app');
    await login.waitFor('stderr', /approve this login in the Monzo app/);
    cli.mock.control.approve();
    const result = await login.exited;
    expect(result.code).toBe(0);
    expect(await exists(cli.tokenFile)).toBe(true);
    await cli.run(['logout']);
  }, 30_000);
});
