import { afterEach, describe, expect, it, vi } from 'vitest';
import { thrownBy } from '../../test/support/clients.js';
import { fakeFetch, hangingResponse, json } from '../../test/support/fake-fetch.js';
import { MemoryTokenStore } from '../auth/stores/memory.js';
import { MonzoClient } from '../client.js';
import { MonzoConfigError, MonzoServerError, MonzoTimeoutError } from '../core/errors.js';
import { VERSION } from '../version.js';
import {
  createTransport,
  DEFAULT_API_URL,
  DEFAULT_AUTH_URL,
  DEFAULT_MAX_RETRIES,
  DEFAULT_MAX_RETRY_AFTER_MS,
  DEFAULT_TIMEOUT_MS,
} from './defaults.js';
import { findProblems, type MonzoClientOptions } from './options.js';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function configError(options: MonzoClientOptions): MonzoConfigError {
  return thrownBy(MonzoConfigError, () => new MonzoClient(options));
}

describe('new MonzoClient(options) validation', () => {
  it('names every bad option in one MonzoConfigError, and sends nothing', () => {
    const { fetch, requests } = fakeFetch(() => json({}));
    const error = configError({
      accessToken: 'tok',
      tokens: { access_token: 'a' },
      timeoutMs: 0,
      maxRetries: -1,
      apiUrl: 'not a url',
      fetch: 'fetch' as unknown as typeof fetch,
    });
    expect(error.problems).toEqual([
      'apiUrl must be an http(s) URL, got "not a url"',
      'give either tokens or accessToken, not both',
      'timeoutMs must be a positive number of milliseconds, at most 2147483647',
      'maxRetries must be a whole number, 0 or more',
      'fetch must be a function',
    ]);
    for (const problem of error.problems) expect(error.message).toContain(problem);
    expect(requests).toHaveLength(0);
  });

  it.each([
    ['timeoutMs', { timeoutMs: -1 }],
    ['timeoutMs', { timeoutMs: Number.NaN }],
    ['timeoutMs', { timeoutMs: Number.POSITIVE_INFINITY }],
    // Timers longer than 2^31-1 ms fire at once, so such a timeout would fail every request.
    ['timeoutMs', { timeoutMs: 2 ** 31 }],
    ['timeoutMs', { timeoutMs: '30000' }],
    ['maxRetries', { maxRetries: 1.5 }],
    ['maxRetries', { maxRetries: Number.POSITIVE_INFINITY }],
    ['maxRetries', { maxRetries: '2' }],
    ['maxRetryAfterMs', { maxRetryAfterMs: -1 }],
    ['maxRetryAfterMs', { maxRetryAfterMs: Number.NaN }],
    // Waiting out a longer Retry-After would overflow the timer and retry sooner than asked.
    ['maxRetryAfterMs', { maxRetryAfterMs: Number.POSITIVE_INFINITY }],
    ['authUrl', { authUrl: 'file:///etc/passwd' }],
    ['redirectUri', { redirectUri: '/callback' }],
    ['accessToken', { accessToken: '' }],
    ['clientSecret', { clientId: 'oauth2client_1', clientSecret: ' ' }],
    ['clientSecret', { clientId: 'oauth2client_1' }],
    ['clientId', { clientSecret: 'secret' }],
    ['onTokensUnsaved', { onTokensUnsaved: 'warn' }],
  ])('refuses a bad %s', (key, options) => {
    const error = configError({ accessToken: 'tok', ...(options as MonzoClientOptions) });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]?.startsWith(key)).toBe(true);
  });

  it('refuses a URL with a user name or password, never quoting it', () => {
    for (const key of ['apiUrl', 'authUrl', 'redirectUri'] as const) {
      const error = configError({ accessToken: 'tok', [key]: 'http://user:hunter2pw@127.0.0.1:9/x' });
      expect(error.problems).toEqual([
        expect.stringMatching(new RegExp(`^${key} must not carry a user name`)),
      ]);
      expect(error.message).not.toContain('hunter2pw');
    }
  });

  it('masks the password of a malformed URL it quotes', () => {
    const error = configError({ accessToken: 'tok', apiUrl: 'http://user:hunter2pw@[bad' });
    expect(error.problems[0]).toContain('must be an http(s) URL');
    expect(error.message).not.toContain('hunter2pw');
  });

  it('refuses a refresh token without a client id and secret', () => {
    const error = configError({ tokens: { access_token: 'a', refresh_token: 'r' } });
    expect(error.problems).toEqual(['clientId and clientSecret are needed to use a refresh token']);
  });

  it('refuses an empty refresh token', () => {
    const error = configError({
      clientId: 'id',
      clientSecret: 'secret',
      tokens: { access_token: 'a', refresh_token: '' },
    });
    expect(error.problems).toEqual(['tokens: the refresh token is empty']);
  });

  it('refuses a configuration with no credentials at all', () => {
    expect(configError({}).problems).toEqual([
      'no credentials: give tokens, tokenStore or accessToken (from a login)',
    ]);
  });

  it.each([
    ['an access token', { accessToken: 'tok' }],
    ['tokens', { tokens: { access_token: 'a' } }],
    ['a token store', { tokenStore: new MemoryTokenStore() }],
    [
      'refreshable tokens',
      { clientId: 'id', clientSecret: 's', tokens: { access_token: 'a', refresh_token: 'r', expires_at: 0 } },
    ],
    ['zero retries and a zero Retry-After cap', { accessToken: 'tok', maxRetries: 0, maxRetryAfterMs: 0 }],
    ['the largest timer', { accessToken: 'tok', timeoutMs: 2 ** 31 - 1, maxRetryAfterMs: 2 ** 31 - 1 }],
  ])('accepts %s', (_name, options) => {
    expect(findProblems(options as MonzoClientOptions)).toEqual([]);
    expect(new MonzoClient(options as MonzoClientOptions)).toBeInstanceOf(MonzoClient);
  });
});

describe('defaults', () => {
  it('are https://api.monzo.com, https://auth.monzo.com, 2 retries, 30 s per attempt, 60 s Retry-After cap', () => {
    expect(DEFAULT_API_URL).toBe('https://api.monzo.com');
    expect(DEFAULT_AUTH_URL).toBe('https://auth.monzo.com');
    expect(DEFAULT_MAX_RETRIES).toBe(2);
    expect(DEFAULT_TIMEOUT_MS).toBe(30_000);
    expect(DEFAULT_MAX_RETRY_AFTER_MS).toBe(60_000);
    const { config } = createTransport({});
    expect(config).toMatchObject({
      apiUrl: 'https://api.monzo.com',
      maxRetries: 2,
      timeoutMs: 30_000,
      maxRetryAfterMs: 60_000,
      userAgent: `monzo-ts/${VERSION}`,
    });
    expect(typeof config.fetch).toBe('function');
  });

  it('keeps the options given over the defaults and appends userAgent', () => {
    const fetch = fakeFetch(() => json({})).fetch;
    const { config } = createTransport({
      apiUrl: 'http://127.0.0.1:1',
      maxRetries: 0,
      timeoutMs: 5,
      maxRetryAfterMs: 7,
      userAgent: 'my-app/1.0',
      fetch,
    });
    expect(config).toMatchObject({
      apiUrl: 'http://127.0.0.1:1',
      maxRetries: 0,
      timeoutMs: 5,
      maxRetryAfterMs: 7,
      userAgent: `monzo-ts/${VERSION} my-app/1.0`,
    });
    expect(config.fetch).toBe(fetch);
  });

  it('sends to https://api.monzo.com with the SDK User-Agent', async () => {
    const { fetch, requests } = fakeFetch(() => json({ accounts: [] }));
    await new MonzoClient({ accessToken: 'test-token', fetch, userAgent: 'my-app/1.0' }).accounts.list();
    expect(requests[0]?.url.origin).toBe('https://api.monzo.com');
    expect(requests[0]?.headers.get('user-agent')).toBe(`monzo-ts/${VERSION} my-app/1.0`);
  });

  it('tries a failing GET 3 times: the first attempt and 2 retries', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const { fetch, requests } = fakeFetch(() => json({ code: 'internal_service' }, 503));
    const monzo = new MonzoClient({ accessToken: 'test-token', fetch });
    await expect(monzo.accounts.list()).rejects.toBeInstanceOf(MonzoServerError);
    expect(requests).toHaveLength(3);
  });

  it('gives up on an attempt after 30 000 ms', async () => {
    vi.useFakeTimers();
    const { fetch, requests } = fakeFetch(hangingResponse);
    const monzo = new MonzoClient({ accessToken: 'test-token', fetch, maxRetries: 0 });
    let outcome: unknown;
    const call = monzo.accounts.list().catch((error: unknown) => {
      outcome = error;
    });
    await vi.advanceTimersByTimeAsync(29_999);
    expect(requests).toHaveLength(1);
    expect(outcome).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    await call;
    expect(outcome).toBeInstanceOf(MonzoTimeoutError);
  });
});
