import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, json } from '../../test/support/fake-fetch.js';
import { exampleJson, exampleText } from '../../test/support/fixtures.js';
import { MonzoAuthenticationError, MonzoError, MonzoServerError } from '../core/errors.js';
import { type RefreshTokensParams, refreshTokens } from './oauth.js';

/** The values behind `oauth-refresh.request.form.txt`. */
function params(
  fetch: typeof globalThis.fetch,
  extra: Partial<RefreshTokensParams> = {},
): RefreshTokensParams {
  return {
    clientId: 'oauth2client_00009abcdefghijklmnopq',
    clientSecret: 'CLIENT_SECRET',
    refreshToken: 'REFRESH_TOKEN',
    fetch,
    ...extra,
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('refreshTokens', () => {
  it('posts exactly the documented refresh_token form to /oauth2/token, with no Authorization header', async () => {
    const { fetch, requests } = fakeFetch(() => json(exampleJson('oauth-refresh.response.json')));
    await refreshTokens(params(fetch));
    expect(requests).toHaveLength(1);
    expect(requests[0]?.method).toBe('POST');
    expect(requests[0]?.url.href).toBe('https://api.monzo.com/oauth2/token');
    expect(requests[0]?.headers.get('authorization')).toBeNull();
    expect(requests[0]?.body).toBe(exampleText('oauth-refresh.request.form.txt'));
  });

  it('returns the rotated tokens with an absolute expiry', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_800_000_000_000);
    const { fetch } = fakeFetch(() => json(exampleJson('oauth-refresh.response.json')));
    const tokens = await refreshTokens(params(fetch));
    expect(tokens).toMatchObject({
      access_token: 'access_token_2',
      refresh_token: 'refresh_token_2',
      expires_at: 1_800_000_000_000 + 21_600_000,
    });
  });

  it.each([
    ['error.bad-refresh-token.json', 'unauthorized.bad_refresh_token'],
    ['error.refresh-token-evicted.json', 'unauthorized.bad_refresh_token.evicted'],
  ])('turns a 401 %s into a MonzoAuthenticationError that requires a new login', async (file, code) => {
    const { fetch, requests } = fakeFetch(() => json(exampleJson(file), 401));
    const error = await refreshTokens(params(fetch)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MonzoAuthenticationError);
    expect(error).toMatchObject({ status: 401, code, loginRequired: true });
    expect((error as Error).message).toMatch(/log in again/);
    expect(requests).toHaveLength(1);
  });

  it('treats a 400 invalid_grant the same way: the login must be repeated', async () => {
    const { fetch } = fakeFetch(() => json({ error: 'invalid_grant', error_description: 'spent' }, 400));
    await expect(refreshTokens(params(fetch))).rejects.toMatchObject({
      name: 'MonzoAuthenticationError',
      loginRequired: true,
    });
  });

  it('does not ask for a new login when Monzo merely failed (500), and does not repeat the refresh', async () => {
    const { fetch, requests } = fakeFetch(() => json({ code: 'internal_service' }, 500));
    const error = await refreshTokens(params(fetch, { maxRetries: 3 })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MonzoServerError);
    expect((error as { loginRequired?: boolean }).loginRequired).toBeUndefined();
    expect(requests).toHaveLength(1);
  });

  it.each([
    ['no access_token', { expires_in: 21600, refresh_token: 'r', token_type: 'Bearer' }],
    ['no expires_in', { access_token: 'a', refresh_token: 'r', token_type: 'Bearer' }],
    ['expires_in as text', { access_token: 'a', expires_in: '21600', refresh_token: 'r' }],
    ['an empty object', {}],
    // Found by transport.fuzz.test.ts: such a TokenSet was handed out, then refused by the token store.
    ['refresh_token as a list', { access_token: 'a', expires_in: 21600, refresh_token: [] }],
    ['an empty access_token', { access_token: '', expires_in: 21600, refresh_token: 'r' }],
  ])('refuses a token response with %s', async (_, body) => {
    const { fetch } = fakeFetch(() => json(body));
    const error = await refreshTokens(params(fetch)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MonzoError);
    expect((error as Error).message).toMatch(/access_token and expires_in/);
  });

  it('refuses an expires_in that JSON reads as Infinity, which no token store could keep', async () => {
    const { fetch } = fakeFetch(
      () => new Response('{"access_token":"a","expires_in":1e400}', { status: 200 }),
    );
    const error = await refreshTokens(params(fetch)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MonzoError);
    expect((error as Error).message).toMatch(/access_token and expires_in/);
  });

  it('takes a refresh_token of null as none, as from a client that gets no refresh tokens', async () => {
    const { fetch } = fakeFetch(() => json({ access_token: 'a', expires_in: 21600, refresh_token: null }));
    const tokens = await refreshTokens(params(fetch));
    expect(tokens.access_token).toBe('a');
    expect(tokens).not.toHaveProperty('refresh_token');
  });

  it('refuses an empty token response body', async () => {
    const { fetch } = fakeFetch(() => new Response('', { status: 200 }));
    await expect(refreshTokens(params(fetch))).rejects.toBeInstanceOf(MonzoError);
  });

  it('refuses an empty refresh token before any network call', async () => {
    const { fetch, requests } = fakeFetch(() => json(exampleJson('oauth-refresh.response.json')));
    await expect(refreshTokens(params(fetch, { refreshToken: '' }))).rejects.toThrow(/refreshToken/);
    expect(requests).toHaveLength(0);
  });

  it('never quotes the token response in an error, since it carries tokens', async () => {
    const { fetch } = fakeFetch(
      () => new Response('access_token=secret-access-value-123&oops', { status: 200 }),
    );
    const error = await refreshTokens(params(fetch)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MonzoError);
    expect(JSON.stringify(error) + String(error)).not.toContain('secret-access-value-123');
  });
});
