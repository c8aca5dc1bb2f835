/**
 * The Hono app as a user meets it, against the emulator: the app runs as its own process, and a browser (fetch
 * with a cookie jar) logs in through the emulator's consent page, sees the balance, and watches a webhook arrive.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { type MockServer, signIn, startMockServer, submitConsent } from '@monzo-ts/mock';
import { formatAmount, MonzoClient } from 'monzo-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorEnv, freePort, startExample, stop, temporaryHome, waitForOutput } from '../test-support.js';

/** One browser: keeps the cookies the app sets, follows no redirect by itself. */
function browser() {
  let cookie = '';
  return async (url: string, init: RequestInit = {}): Promise<Response> => {
    const response = await fetch(url, { ...init, redirect: 'manual', headers: cookie ? { cookie } : {} });
    const set = response.headers.getSetCookie()[0];
    if (set) cookie = set.split(';')[0] ?? '';
    return response;
  };
}

describe('examples/hono-oauth', () => {
  let mock: MockServer;
  let app: ChildProcessWithoutNullStreams;
  let origin: string;
  let home: Awaited<ReturnType<typeof temporaryHome>>;
  let personalBalance: string;
  let personalBalancePence: number;

  beforeAll(async () => {
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    mock = await startMockServer({ redirectUris: [`${origin}/callback`], webhookRetryDelaysMs: [200] });
    // What the page should show, read before the app logs in (a new login replaces this one's token).
    const monzo = new MonzoClient({
      apiUrl: mock.url,
      authUrl: mock.url,
      clientId: mock.clientId,
      clientSecret: mock.clientSecret,
      tokens: await signIn(mock, { redirectUri: `${origin}/callback` }),
    });
    const personal = await monzo.accounts.findByType('uk_retail');
    const balance = await monzo.balance.get(personal?.id ?? '');
    personalBalancePence = balance.balance;
    personalBalance = formatAmount(balance.balance, balance.currency);

    home = await temporaryHome();
    app = startExample('hono-oauth/server.ts', [], {
      ...emulatorEnv(mock, home.home),
      MONZO_REDIRECT_URI: `${origin}/callback`,
      PUBLIC_URL: origin,
      MONZO_WEBHOOK_SECRET: 'a-long-random-secret-for-the-test',
    });
    await waitForOutput(app, /Listening on/);
  });
  afterAll(async () => {
    if (app) expect(await stop(app)).toBe(0);
    await mock?.close();
    await home?.remove();
  });

  it('refuses a callback whose state is not the one its login sent, before any code exchange', async () => {
    const visit = browser();
    const login = await visit(`${origin}/login`);
    const callback = new URL(await submitConsent(login.headers.get('location') ?? '', 'allow'));
    callback.searchParams.set('state', 'forged-state');
    const grants = mock.control.counters().grants.authorization_code;

    expect((await visit(callback.href)).status).toBe(400);
    expect((await browser()(`${origin}/callback?code=x&state=y`)).status).toBe(400); // no session at all
    expect(mock.control.counters().grants.authorization_code).toBe(grants);
  });

  it('logs in through the consent page, waits for approval in the app, then shows the balance', async () => {
    const visit = browser();
    const login = await visit(`${origin}/login`);
    expect(login.status).toBe(302);
    const consent = login.headers.get('location') ?? '';
    expect(consent.startsWith(`${mock.url}/?`)).toBe(true);
    expect(new URL(consent).searchParams.get('state')).toMatch(/^[\w-]{20,}$/);

    const callback = await visit(await submitConsent(consent, 'allow'));
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe('/account');

    const pending = await visit(`${origin}/account`);
    expect(pending.status).toBe(403);
    expect(await pending.text()).toContain('Approve this login in your Monzo app');

    expect(mock.control.approve()).toBe(1);
    const page = await visit(`${origin}/account`);
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('Personal account');
    expect(text).toContain(`Balance: <strong>${personalBalance}</strong>`);

    // The app registered its webhook on that visit; the emulator delivers the next payment to it.
    const deliveries = mock.control.counters().webhookDeliveries;
    mock.control.createTransaction({ amount: -425, description: 'Flat white' });
    let after = '';
    for (let attempt = 0; attempt < 100 && !after.includes('Flat white'); attempt++) {
      await new Promise((done) => setTimeout(done, 50));
      after = await (await visit(`${origin}/account`)).text();
    }
    expect(after).toContain('Flat white: -£4.25');
    expect(after).toContain(`Balance: <strong>${formatAmount(personalBalancePence - 425, 'GBP')}</strong>`);
    // Accepted at the first attempt: a refused delivery would have been retried 200 ms later.
    expect(mock.control.counters().webhookDeliveries).toBe(deliveries + 1);

    const logout = await visit(`${origin}/logout`, { method: 'POST' });
    expect(logout.headers.get('location')).toBe('/');
    expect((await visit(`${origin}/account`)).headers.get('location')).toBe('/');
    expect(mock.control.counters().requests['POST /oauth2/logout']).toBe(1);
  });

  it('refuses a webhook delivery without the secret', async () => {
    const forged = await fetch(`${origin}/webhooks/monzo?secret=guessed`, {
      method: 'POST',
      body: JSON.stringify({ type: 'transaction.created', data: {} }),
    });
    expect(forged.status).toBe(403);
  });
});
