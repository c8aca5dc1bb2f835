import {
  createAuthorizationRequest,
  exchangeCode,
  MemoryTokenStore,
  MonzoApprovalRequiredError,
  MonzoAuthenticationError,
  MonzoClient,
  refreshTokens,
  type TokenSet,
} from 'monzo-ts';
import { describe, expect, it } from 'vitest';
import { createMockMonzo, type MockMonzo } from '../index.js';
import { API, call, decide, REDIRECT } from './test-support.js';

/** The whole login with the real SDK, the browser played by `decide`: URL, consent page, callback, exchange. */
async function sdkLogin(mock: MockMonzo): Promise<TokenSet> {
  const { url, state } = createAuthorizationRequest({
    clientId: mock.clientId,
    redirectUri: REDIRECT,
    authUrl: API,
  });
  const answer = await decide(mock, url, 'allow');
  expect(answer.status).toBe(302);
  const callback = new URL(answer.headers.get('location') ?? '');
  return exchangeCode({
    clientId: mock.clientId,
    clientSecret: mock.clientSecret,
    code: callback.searchParams.get('code') ?? '',
    state: callback.searchParams.get('state') ?? '',
    expectedState: state,
    redirectUri: REDIRECT,
    apiUrl: API,
    fetch: mock.fetch,
  });
}

function sdkClient(mock: MockMonzo, store: MemoryTokenStore): MonzoClient {
  return new MonzoClient({
    apiUrl: API,
    authUrl: API,
    fetch: mock.fetch,
    clientId: mock.clientId,
    clientSecret: mock.clientSecret,
    tokenStore: store,
    maxRetries: 0,
  });
}

describe('the SDK against the emulator, no browser', () => {
  it('logs in through the consent page; data is refused until the login is approved in the app', async () => {
    const mock = createMockMonzo();
    const tokens = await sdkLogin(mock);
    expect(tokens).toMatchObject({
      token_type: 'Bearer',
      client_id: mock.clientId,
      user_id: mock.control.dataset().user_id,
    });
    const monzo = sdkClient(mock, new MemoryTokenStore(tokens));

    expect(await monzo.whoami()).toEqual({
      authenticated: true,
      client_id: mock.clientId,
      user_id: tokens.user_id,
    });
    await expect(monzo.accounts.list()).rejects.toBeInstanceOf(MonzoApprovalRequiredError);
    expect(mock.control.approve()).toBe(1);
    expect(Array.isArray(await monzo.accounts.list())).toBe(true);
  });

  it('refreshes by itself once the emulator clock passes the token’s expiry, and rotates the tokens', async () => {
    const mock = createMockMonzo({ tokenTtlSeconds: 3600, autoApprove: true });
    const tokens = await sdkLogin(mock);
    const store = new MemoryTokenStore(tokens);
    const monzo = sdkClient(mock, store);
    await monzo.accounts.list();

    mock.control.advanceTime(3600 * 1000);
    expect((await call(mock, tokens.access_token, '/ping/whoami')).body).toMatchObject({
      code: 'unauthorized.bad_access_token.expired',
    });
    await monzo.accounts.list();
    expect(mock.control.counters().grants).toEqual({ authorization_code: 1, refresh_token: 1 });
    const rotated = await store.get();
    expect(rotated?.access_token).not.toBe(tokens.access_token);
    expect(rotated?.refresh_token).not.toBe(tokens.refresh_token);

    // The spent refresh token cannot be replayed: the user must log in again.
    const replay = refreshTokens({
      clientId: mock.clientId,
      clientSecret: mock.clientSecret,
      refreshToken: tokens.refresh_token ?? '',
      apiUrl: API,
      fetch: mock.fetch,
    });
    await expect(replay).rejects.toMatchObject({
      code: 'unauthorized.bad_refresh_token',
      loginRequired: true,
    });
    // …and the replay did not disturb the live chain.
    await monzo.accounts.list();
  });

  it('a second login evicts the first client’s tokens; its refresh then fails as evicted', async () => {
    const mock = createMockMonzo({ autoApprove: true });
    const first = sdkClient(mock, new MemoryTokenStore(await sdkLogin(mock)));
    await first.accounts.list();
    const second = sdkClient(mock, new MemoryTokenStore(await sdkLogin(mock)));

    const refused = first.accounts.list();
    await expect(refused).rejects.toBeInstanceOf(MonzoAuthenticationError);
    await expect(refused).rejects.toMatchObject({
      code: 'unauthorized.bad_refresh_token.evicted',
      loginRequired: true,
    });
    await second.accounts.list();
  });

  it('a refreshed login keeps its approval', async () => {
    const mock = createMockMonzo();
    const store = new MemoryTokenStore(await sdkLogin(mock));
    const monzo = sdkClient(mock, store);
    mock.control.approve();
    mock.control.expireAccessTokens();
    await monzo.accounts.list();
    expect(mock.control.counters().grants.refresh_token).toBe(1);
  });

  it('logout revokes the token at the emulator', async () => {
    const mock = createMockMonzo({ autoApprove: true });
    const tokens = await sdkLogin(mock);
    const monzo = sdkClient(mock, new MemoryTokenStore(tokens));
    await monzo.logout();
    expect((await call(mock, tokens.access_token, '/accounts')).body).toMatchObject({
      code: 'unauthorized.bad_access_token',
    });
    await expect(
      refreshTokens({
        clientId: mock.clientId,
        clientSecret: mock.clientSecret,
        refreshToken: tokens.refresh_token ?? '',
        apiUrl: API,
        fetch: mock.fetch,
      }),
    ).rejects.toMatchObject({ code: 'unauthorized.bad_refresh_token' });
  });

  it('a denied login reaches the callback with error=access_denied and the state, and no code', async () => {
    const mock = createMockMonzo();
    const { url, state } = createAuthorizationRequest({
      clientId: mock.clientId,
      redirectUri: REDIRECT,
      authUrl: API,
    });
    const callback = new URL((await decide(mock, url, 'deny')).headers.get('location') ?? '');
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('state')).toBe(state);
    expect(callback.searchParams.get('code')).toBeNull();
  });
});
