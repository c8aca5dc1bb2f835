import { describe, expect, it } from 'vitest';
import { createMockMonzo } from '../index.js';
import { call, login, refresh } from './test-support.js';

const WHOAMI = '/ping/whoami';
/** An `approved` route: account data, which a token reads only once the login is approved in the app. */
const DATA = '/accounts';

describe('access tokens on API calls', () => {
  it('without an Authorization header, or with an unknown token: 401 bad_access_token, invalid_token', async () => {
    const mock = createMockMonzo();
    for (const token of [undefined, 'not-a-token']) {
      const { status, body } = await call(mock, token, WHOAMI);
      expect(status).toBe(401);
      expect(body).toMatchObject({
        code: 'unauthorized.bad_access_token',
        error: 'invalid_token',
        retryable: {},
      });
    }
    const basic = await mock.fetch('http://monzo.test/ping/whoami', {
      headers: { Authorization: 'Basic abc' },
    });
    expect(basic.status).toBe(401);
  });

  it('whoami answers before approval, like whoami.response.json', async () => {
    const mock = createMockMonzo();
    const tokens = await login(mock);
    const { status, body } = await call(mock, tokens.access_token, WHOAMI);
    expect(status).toBe(200);
    expect(body).toEqual({
      authenticated: true,
      client_id: mock.clientId,
      user_id: mock.control.dataset().user_id,
    });
  });

  it('the bearer scheme is case-insensitive', async () => {
    const mock = createMockMonzo();
    const { access_token } = await login(mock);
    const response = await mock.fetch('http://monzo.test/ping/whoami', {
      headers: { Authorization: `bearer ${access_token}` },
    });
    expect(response.status).toBe(200);
  });

  it('data needs approval in the app: 403 insufficient_permissions until control.approve()', async () => {
    const mock = createMockMonzo();
    const { access_token } = await login(mock);
    const before = await call(mock, access_token, DATA);
    expect(before.status).toBe(403);
    expect(before.body).toEqual({
      code: 'forbidden.insufficient_permissions',
      message: 'Access forbidden due to insufficient permissions',
      retryable: {},
    });
    expect(mock.control.approve(access_token)).toBe(1);
    expect(mock.control.approve(access_token)).toBe(0); // already approved
    expect((await call(mock, access_token, DATA)).status).toBe(200);
  });

  it('approve() with no token approves every pending login, and counts them', async () => {
    const mock = createMockMonzo();
    expect(mock.control.approve()).toBe(0);
    const { access_token } = await login(mock);
    expect(mock.control.approve('unknown')).toBe(0);
    expect(mock.control.approve()).toBe(1);
    expect(mock.control.approve()).toBe(0);
    expect((await call(mock, access_token, DATA)).status).toBe(200);
  });

  it('with autoApprove, a token reads data at once', async () => {
    const mock = createMockMonzo({ autoApprove: true });
    const { access_token } = await login(mock);
    expect((await call(mock, access_token, DATA)).status).toBe(200);
    expect(mock.control.approve()).toBe(0);
  });

  it('a refreshed token inherits the approval, or the lack of it', async () => {
    const mock = createMockMonzo();
    const pending = await login(mock);
    const stillPending = (await (await refresh(mock, pending.refresh_token)).json()) as typeof pending;
    expect((await call(mock, stillPending.access_token, DATA)).status).toBe(403);
    mock.control.approve();
    const approved = (await (await refresh(mock, stillPending.refresh_token)).json()) as typeof pending;
    expect((await call(mock, approved.access_token, DATA)).status).toBe(200);
  });

  it('a refreshed login does not reopen the 5-minute full-history window (monzo-api.md §4.5)', async () => {
    const mock = createMockMonzo({ transactions: 20 });
    const account = mock.control.dataset().accounts.find((a) => a.type === 'uk_retail' && !a.closed)?.id;
    const fullHistory = `/transactions?account_id=${account}`;
    const first = await login(mock);
    mock.control.approve();
    expect((await call(mock, first.access_token, fullHistory)).status).toBe(200);

    mock.control.advanceTime(4 * 60_000);
    const refreshed = (await (await refresh(mock, first.refresh_token)).json()) as typeof first;
    expect((await call(mock, refreshed.access_token, fullHistory)).status).toBe(200);
    mock.control.advanceTime(60_000);
    const closed = await call(mock, refreshed.access_token, fullHistory);
    expect(closed.status).toBe(403);
    expect(closed.body).toMatchObject({ code: 'forbidden.verification_required' });

    // Only a new login, approved again, opens it again.
    const again = await login(mock);
    mock.control.approve();
    expect((await call(mock, again.access_token, fullHistory)).status).toBe(200);
  });

  it('expires after tokenTtlSeconds of the emulator clock, as error.access-token-expired.json', async () => {
    const mock = createMockMonzo({ tokenTtlSeconds: 600 });
    const { access_token } = await login(mock);
    mock.control.advanceTime(599_000);
    expect((await call(mock, access_token, WHOAMI)).status).toBe(200);
    mock.control.advanceTime(1_000);
    const { status, body } = await call(mock, access_token, WHOAMI);
    expect(status).toBe(401);
    expect(body).toEqual({
      code: 'unauthorized.bad_access_token.expired',
      error: 'invalid_token',
      error_description: 'Access token has expired',
      message: 'Access token has expired',
      retryable: {},
    });
  });

  it('expireAccessTokens() expires every token now; the refresh token still works', async () => {
    const mock = createMockMonzo({ autoApprove: true });
    const tokens = await login(mock);
    mock.control.expireAccessTokens();
    expect((await call(mock, tokens.access_token, DATA)).body).toMatchObject({
      code: 'unauthorized.bad_access_token.expired',
    });
    const fresh = (await (await refresh(mock, tokens.refresh_token)).json()) as typeof tokens;
    expect((await call(mock, fresh.access_token, DATA)).status).toBe(200);
  });

  it('a new login evicts the previous token of the same client and user', async () => {
    const mock = createMockMonzo({ autoApprove: true });
    const first = await login(mock);
    const second = await login(mock);
    const { status, body } = await call(mock, first.access_token, DATA);
    expect(status).toBe(401);
    expect(body).toEqual({
      code: 'unauthorized.bad_access_token.evicted',
      error: 'invalid_token',
      message: 'Access token has been evicted',
      retryable: {},
    });
    expect((await call(mock, second.access_token, DATA)).status).toBe(200);
  });

  it('logout answers {} and ends the access token and its refresh token', async () => {
    const mock = createMockMonzo({ autoApprove: true });
    const tokens = await login(mock);
    const out = await call(mock, tokens.access_token, '/oauth2/logout', 'POST');
    expect(out).toEqual({ status: 200, body: {} });
    const after = await call(mock, tokens.access_token, DATA);
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({ code: 'unauthorized.bad_access_token', error: 'invalid_token' });
    expect(await (await refresh(mock, tokens.refresh_token)).json()).toMatchObject({
      code: 'unauthorized.bad_refresh_token',
    });
    expect((await call(mock, tokens.access_token, '/oauth2/logout', 'POST')).status).toBe(401);
  });

  it('reset() forgets every token', async () => {
    const mock = createMockMonzo({ autoApprove: true });
    const { access_token } = await login(mock);
    mock.control.reset();
    expect((await call(mock, access_token, WHOAMI)).body).toMatchObject({
      code: 'unauthorized.bad_access_token',
    });
  });
});
