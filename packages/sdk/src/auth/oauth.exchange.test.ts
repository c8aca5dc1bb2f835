import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, hangingResponse, json } from '../../test/support/fake-fetch.js';
import { exampleJson, exampleText } from '../../test/support/fixtures.js';
import { commonRenderings } from '../../test/support/secrets.js';
import {
  MonzoConnectionError,
  MonzoOAuthStateError,
  MonzoRateLimitError,
  MonzoServerError,
  MonzoTimeoutError,
} from '../core/errors.js';
import { type ExchangeCodeParams, exchangeCode } from './oauth.js';

/** The values behind `oauth-token.request.form.txt`. */
function params(fetch: typeof globalThis.fetch, extra: Partial<ExchangeCodeParams> = {}): ExchangeCodeParams {
  return {
    code: 'AUTHORIZATION_CODE',
    state: 'state-from-the-callback-0123456789abcdef',
    expectedState: 'state-from-the-callback-0123456789abcdef',
    clientId: 'oauth2client_00009abcdefghijklmnopq',
    clientSecret: 'CLIENT_SECRET',
    redirectUri: 'https://your.example.com/oauth/callback',
    fetch,
    ...extra,
  };
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('exchangeCode: the state check', () => {
  it.each([
    ['a different state', 'state-from-an-attacker-0123456789abcdef'],
    ['an empty state', ''],
    ['a missing state', undefined],
    ['a state one character short', 'state-from-the-callback-0123456789abcde'],
  ])('throws MonzoOAuthStateError for %s, before any network call', async (_, state) => {
    const { fetch, requests } = fakeFetch(() => json(exampleJson('oauth-token.response.json')));
    const call = exchangeCode(params(fetch, { state: state as string }));
    await expect(call).rejects.toBeInstanceOf(MonzoOAuthStateError);
    await expect(call).rejects.toThrow(/state/);
    expect(requests).toHaveLength(0);
  });

  it('throws MonzoOAuthStateError when the expected state is empty, even if the callback state is too', async () => {
    const { fetch, requests } = fakeFetch(() => json(exampleJson('oauth-token.response.json')));
    await expect(exchangeCode(params(fetch, { state: '', expectedState: '' }))).rejects.toBeInstanceOf(
      MonzoOAuthStateError,
    );
    expect(requests).toHaveLength(0);
  });
});

describe('exchangeCode: the request', () => {
  it('posts exactly the documented authorization_code form, with no Authorization header', async () => {
    const { fetch, requests } = fakeFetch(() => json(exampleJson('oauth-token.response.json')));
    await exchangeCode(params(fetch));
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request?.method).toBe('POST');
    expect(request?.url.href).toBe('https://api.monzo.com/oauth2/token');
    expect(request?.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(request?.headers.get('authorization')).toBeNull();
    expect(request?.body).toBe(exampleText('oauth-token.request.form.txt'));
  });

  it('posts to the given apiUrl', async () => {
    const { fetch, requests } = fakeFetch(() => json(exampleJson('oauth-token.response.json')));
    await exchangeCode(params(fetch, { apiUrl: 'http://127.0.0.1:9999' }));
    expect(requests[0]?.url.href).toBe('http://127.0.0.1:9999/oauth2/token');
  });

  it('turns the token response into a TokenSet whose expires_at is now + expires_in seconds', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T12:00:00Z'));
    const { fetch } = fakeFetch(() => json(exampleJson('oauth-token.response.json')));
    const tokens = await exchangeCode(params(fetch));
    expect(tokens).toEqual({
      access_token: 'access_token',
      refresh_token: 'refresh_token',
      expires_at: Date.parse('2026-03-01T12:00:00Z') + 21_600 * 1000,
      token_type: 'Bearer',
      user_id: 'user_id',
      client_id: 'client_id',
    });
  });

  it('leaves refresh_token out when Monzo sends none (a non-confidential client)', async () => {
    const { refresh_token: _, ...response } = exampleJson('oauth-token.response.json');
    const { fetch } = fakeFetch(() => json(response));
    const tokens = await exchangeCode(params(fetch));
    expect(tokens.access_token).toBe('access_token');
    expect('refresh_token' in tokens).toBe(false);
  });
});

describe('exchangeCode: retries (a code is single-use)', () => {
  it('is not retried after a 500', async () => {
    const { fetch, requests } = fakeFetch(() => json({ code: 'internal_service' }, 500));
    await expect(exchangeCode(params(fetch, { maxRetries: 3 }))).rejects.toBeInstanceOf(MonzoServerError);
    expect(requests).toHaveLength(1);
  });

  it('is not retried after a timeout', async () => {
    const { fetch, requests } = fakeFetch(() => hangingResponse());
    await expect(exchangeCode(params(fetch, { maxRetries: 3, timeoutMs: 20 }))).rejects.toBeInstanceOf(
      MonzoTimeoutError,
    );
    expect(requests).toHaveLength(1);
  });

  it('is not retried after the connection dropped once the request was sent', async () => {
    const { fetch, requests } = fakeFetch(() => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      });
    });
    const call = exchangeCode(params(fetch, { maxRetries: 3 }));
    await expect(call).rejects.toBeInstanceOf(MonzoConnectionError);
    await expect(call).rejects.toMatchObject({ outcomeUnknown: true });
    expect(requests).toHaveLength(1);
  });

  it('says a cut 200 may have spent the code, and to log in again if a repeat is refused; no token quoted', async () => {
    const { fetch, requests } = fakeFetch(() => new Response('{"access_token":"tok_cut', { status: 200 }));
    const error = (await exchangeCode(params(fetch, { maxRetries: 3 })).catch(
      (caught: unknown) => caught,
    )) as Error;
    expect(error).toMatchObject({ outcomeUnknown: true });
    expect(error.message).toContain('its outcome is unknown');
    expect(error.message).toMatch(/may have been spent: if trying again is refused, log in again\.$/);
    expect(error.message).not.toContain('tok_cut');
    expect(requests).toHaveLength(1);
  });

  it('is retried after a 429, since Monzo refused it unprocessed, and sends the same form again', async () => {
    const { fetch, requests } = fakeFetch((_, index) =>
      index === 0
        ? json({ code: 'rate_limited' }, 429, { 'Retry-After': '0' })
        : json(exampleJson('oauth-token.response.json')),
    );
    const tokens = await exchangeCode(params(fetch));
    expect(tokens.access_token).toBe('access_token');
    expect(requests).toHaveLength(2);
    expect(requests[1]?.body).toBe(requests[0]?.body);
  });

  it('gives up on 429 after maxRetries with a MonzoRateLimitError', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const { fetch, requests } = fakeFetch(() => json({ code: 'rate_limited' }, 429));
    await expect(exchangeCode(params(fetch, { maxRetries: 2 }))).rejects.toBeInstanceOf(MonzoRateLimitError);
    expect(requests).toHaveLength(3);
  });
});

describe('exchangeCode: secrets', () => {
  it('keeps the code and the client secret out of the error when Monzo echoes the form back', async () => {
    const code = 'authorization-code-that-must-not-leak';
    const clientSecret = 'client-secret-that-must-not-leak';
    const { fetch } = fakeFetch((request) =>
      json({ code: 'bad_request.bad_param', message: `could not use ${request.body}` }, 400),
    );
    const error = await exchangeCode(params(fetch, { code, clientSecret })).catch(
      (caught: unknown) => caught,
    );
    for (const text of commonRenderings(error)) {
      expect(text).not.toContain(code);
      expect(text).not.toContain(clientSecret);
    }
  });
});
