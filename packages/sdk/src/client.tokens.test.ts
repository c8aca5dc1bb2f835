import { describe, expect, it } from 'vitest';
import { fakeFetch, json } from '../test/support/fake-fetch.js';
import { exampleJson } from '../test/support/fixtures.js';
import { MemoryTokenStore } from './auth/stores/memory.js';
import { MonzoClient } from './client.js';
import { MonzoAuthenticationError } from './core/errors.js';

const PLAYGROUND = 'playground-access-token-0123456789';

/** Answers the token endpoint with rotated tokens, and everything else per `data`. */
function api(data: (token: string | undefined, path: string) => Response) {
  return fakeFetch((request) => {
    if (request.url.pathname === '/oauth2/token') return json(exampleJson('oauth-refresh.response.json'));
    const token = request.headers.get('authorization')?.replace(/^Bearer /, '');
    return data(token, request.url.pathname);
  });
}

describe('MonzoClient.whoami', () => {
  it('parses whoami.response.json and sends GET /ping/whoami with the bearer token', async () => {
    const { fetch, requests } = api(() => json(exampleJson('whoami.response.json')));
    const whoami = await new MonzoClient({ accessToken: PLAYGROUND, fetch }).whoami();
    expect(whoami).toEqual({ authenticated: true, client_id: 'client_id', user_id: 'user_id' });
    expect(requests[0]?.method).toBe('GET');
    expect(requests[0]?.url.href).toBe('https://api.monzo.com/ping/whoami');
    expect(requests[0]?.headers.get('authorization')).toBe(`Bearer ${PLAYGROUND}`);
  });
});

describe('a playground accessToken', () => {
  it('is used as is on every call', async () => {
    const { fetch, requests } = api(() => json(exampleJson('whoami.response.json')));
    const monzo = new MonzoClient({ accessToken: PLAYGROUND, fetch });
    await monzo.whoami();
    await monzo.whoami();
    expect(requests.map((request) => request.headers.get('authorization'))).toEqual([
      `Bearer ${PLAYGROUND}`,
      `Bearer ${PLAYGROUND}`,
    ]);
  });

  it.each([['error.access-token-expired.json'], ['error.access-token-evicted.json']])(
    'is never refreshed: a 401 %s becomes a loginRequired error saying to log in again',
    async (file) => {
      const { fetch, requests } = api(() => json(exampleJson(file), 401));
      // Even with client credentials at hand, a playground token has no refresh token to spend.
      const monzo = new MonzoClient({
        accessToken: PLAYGROUND,
        clientId: 'id',
        clientSecret: 'secret',
        fetch,
      });
      const error = await monzo.whoami().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(MonzoAuthenticationError);
      expect(error).toMatchObject({ loginRequired: true });
      expect((error as Error).message).toMatch(/log in again/);
      expect(requests.map((request) => request.url.pathname)).toEqual(['/ping/whoami']);
    },
  );
});

describe('MonzoClient.logout', () => {
  const tokens = {
    access_token: 'logged-in-access-token-000000',
    refresh_token: 'logged-in-refresh-token-00000',
    expires_at: Date.now() + 6 * 60 * 60_000,
  };

  it('posts /oauth2/logout with the bearer token and clears the token store', async () => {
    const store = new MemoryTokenStore(tokens);
    const { fetch, requests } = api(() => json({}));
    const monzo = new MonzoClient({ clientId: 'id', clientSecret: 'secret', tokenStore: store, fetch });
    await monzo.logout();
    expect(requests).toHaveLength(1);
    expect(requests[0]?.method).toBe('POST');
    expect(requests[0]?.url.href).toBe('https://api.monzo.com/oauth2/logout');
    expect(requests[0]?.headers.get('authorization')).toBe(`Bearer ${tokens.access_token}`);
    expect(await store.get()).toBeUndefined();
  });

  it('keeps the tokens when Monzo refuses the logout, so nothing is lost silently', async () => {
    const store = new MemoryTokenStore(tokens);
    const { fetch } = api(() => json({ code: 'internal_service' }, 500));
    const monzo = new MonzoClient({
      clientId: 'id',
      clientSecret: 'secret',
      tokenStore: store,
      fetch,
      maxRetries: 0,
    });
    await expect(monzo.logout()).rejects.toMatchObject({ status: 500 });
    expect(await store.get()).toEqual(tokens);
  });

  it('leaves the client logged out: the next call requires a login and sends nothing', async () => {
    const store = new MemoryTokenStore();
    const { fetch, requests } = api(() => json(exampleJson('whoami.response.json')));
    const monzo = new MonzoClient({
      clientId: 'id',
      clientSecret: 'secret',
      tokens,
      tokenStore: store,
      fetch,
    });
    await monzo.whoami();
    await monzo.logout();
    const error = await monzo.whoami().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'MonzoAuthenticationError', loginRequired: true });
    expect(requests.map((request) => request.url.pathname)).toEqual(['/ping/whoami', '/oauth2/logout']);
    expect(await store.get()).toBeUndefined();
  });

  it('logs a playground token out for good: the next call requires a login', async () => {
    const { fetch, requests } = api(() => json({}));
    const monzo = new MonzoClient({ accessToken: PLAYGROUND, fetch });
    await monzo.logout();
    await expect(monzo.whoami()).rejects.toMatchObject({ loginRequired: true });
    expect(requests.map((request) => request.headers.get('authorization'))).toEqual([`Bearer ${PLAYGROUND}`]);
  });
});
