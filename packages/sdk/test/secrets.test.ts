import { afterEach, describe, expect, it, vi } from 'vitest';
import { exchangeCode, refreshTokens } from '../src/auth/oauth.js';
import type { TokenSet } from '../src/auth/token-set.js';
import { MonzoClient } from '../src/client.js';
import type { MonzoClientOptions } from '../src/config/options.js';
import {
  MonzoAbortError,
  MonzoApiError,
  MonzoAuthenticationError,
  MonzoConfigError,
  MonzoConnectionError,
  MonzoError,
  MonzoOAuthStateError,
  MonzoResponseParseError,
  MonzoTimeoutError,
  MonzoTokenStoreError,
  MonzoValidationError,
} from '../src/core/errors.js';
import { fakeFetch, hangingResponse, json, type SeenRequest } from './support/fake-fetch.js';
import { caught, exchangeParams, findSecrets, rotatedTokenResponse, SECRET } from './support/secrets.js';

/** Tokens due in an hour: used as they are until the API refuses them. */
const freshTokens = (): TokenSet => ({
  access_token: SECRET.accessToken,
  refresh_token: SECRET.refreshToken,
  expires_at: Date.now() + 3_600_000,
});
/** Tokens past expiry: the first call refreshes them. */
const expiredTokens = (): TokenSet => ({ ...freshTokens(), expires_at: Date.now() - 1_000 });

function client(fetch: typeof globalThis.fetch, options: MonzoClientOptions = {}): MonzoClient {
  return new MonzoClient({
    clientId: 'oauth2client_00009abc',
    clientSecret: SECRET.clientSecret,
    tokens: freshTokens(),
    maxRetries: 0,
    fetch,
    ...options,
  });
}

/** An error body that repeats every secret, as a careless server or proxy might. */
function echoingBody(code: string) {
  return {
    code,
    message: `Request with Authorization: Bearer ${SECRET.accessToken} and ${SECRET.clientSecret} failed`,
    error_description: `refresh token ${SECRET.refreshToken} for code ${SECRET.code}`,
    params: { access_token: SECRET.accessToken, refresh_token: SECRET.refreshToken, code: SECRET.code },
  };
}

/** Answers the token endpoint with rotated tokens and every other path from `api`. */
function apiWithTokenEndpoint(api: (request: SeenRequest) => Response) {
  return fakeFetch((request) =>
    request.url.pathname === '/oauth2/token' ? json(rotatedTokenResponse()) : api(request),
  );
}

const refreshParams = (fetch: typeof globalThis.fetch) => ({
  refreshToken: SECRET.refreshToken,
  clientId: 'oauth2client_00009abc',
  clientSecret: SECRET.clientSecret,
  maxRetries: 0,
  fetch,
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('secrets in API error responses stay out of the errors', () => {
  const cases = [
    { status: 400, code: 'bad_request.bad_param' },
    { status: 401, code: 'unauthorized.bad_access_token.evicted' },
    { status: 403, code: 'forbidden' },
    { status: 404, code: 'not_found' },
    { status: 429, code: 'rate_limited' },
    { status: 500, code: 'internal_service' },
  ];

  it.each(cases)('a $status JSON error that repeats the secrets', async ({ status, code }) => {
    const { fetch, requests } = apiWithTokenEndpoint(() =>
      json(echoingBody(code), status, { 'Retry-After': '3600' }),
    );
    const error = await caught(() => client(fetch).accounts.list());
    expect(error).toBeInstanceOf(MonzoApiError);
    expect((error as MonzoApiError).status).toBe(status);
    if (status === 401) expect(requests.map((r) => r.url.pathname)).toContain('/oauth2/token');
    expect(findSecrets(error)).toEqual([]);
  });

  it('a 400 from the token endpoint during exchangeCode that repeats the secrets', async () => {
    const { fetch } = fakeFetch(() => json(echoingBody('bad_request.invalid_grant'), 400));
    const error = await caught(() => exchangeCode(exchangeParams({ fetch })));
    expect(error).toBeInstanceOf(MonzoApiError);
    expect(findSecrets(error)).toEqual([]);
  });
});

describe('secrets in unreadable responses stay out of the errors', () => {
  it('an HTML 502 page that quotes the request headers', async () => {
    const page = `<html><body>Bad gateway. Authorization: Bearer ${SECRET.accessToken}; ${SECRET.clientSecret}</body></html>`;
    const { fetch } = fakeFetch(
      () => new Response(page, { status: 502, headers: { 'Content-Type': 'text/html' } }),
    );
    const error = await caught(() => client(fetch).accounts.list());
    expect(error).toBeInstanceOf(MonzoResponseParseError);
    expect((error as MonzoResponseParseError).status).toBe(502);
    expect(findSecrets(error)).toEqual([]);
  });

  it('a non-JSON 200 from the token endpoint that echoes the tokens, through exchangeCode', async () => {
    const body = `access_token=${SECRET.rotatedAccessToken}&refresh_token=${SECRET.rotatedRefreshToken}`;
    const { fetch } = fakeFetch(() => new Response(body, { status: 200 }));
    const error = await caught(() => exchangeCode(exchangeParams({ fetch })));
    expect(error).toBeInstanceOf(MonzoResponseParseError);
    expect(findSecrets(error)).toEqual([]);
  });

  it('a non-JSON 200 from the token endpoint that echoes the tokens, during a client refresh', async () => {
    const body = `${SECRET.rotatedAccessToken} ${SECRET.rotatedRefreshToken} ${SECRET.refreshToken}`;
    const { fetch } = fakeFetch(() => new Response(body, { status: 200 }));
    const error = await caught(() => client(fetch, { tokens: expiredTokens() }).accounts.list());
    expect(error).toBeInstanceOf(MonzoResponseParseError);
    expect(findSecrets(error)).toEqual([]);
  });

  it('a token response cut off in the middle of the refresh token', async () => {
    const whole = JSON.stringify(rotatedTokenResponse());
    const cut = whole.slice(0, whole.indexOf(SECRET.rotatedRefreshToken) + 10);
    const { fetch } = fakeFetch(() => new Response(cut, { status: 200 }));
    const error = await caught(() => refreshTokens(refreshParams(fetch)));
    expect(error).toBeInstanceOf(MonzoResponseParseError);
    expect(findSecrets(error)).toEqual([]);
  });

  it('a JSON 200 from the token endpoint that lacks expires_in', async () => {
    const { expires_in: _, ...partial } = rotatedTokenResponse();
    const { fetch } = fakeFetch(() => json(partial));
    const error = await caught(() => exchangeCode(exchangeParams({ fetch })));
    expect(error).toBeInstanceOf(MonzoAuthenticationError);
    expect(findSecrets(error)).toEqual([]);
  });

  it('a refresh that the API refuses', async () => {
    const { fetch } = fakeFetch(() => json(echoingBody('unauthorized.bad_refresh_token'), 401));
    const error = await caught(() => client(fetch, { tokens: expiredTokens() }).accounts.list());
    expect(error).toBeInstanceOf(MonzoAuthenticationError);
    expect((error as MonzoAuthenticationError).loginRequired).toBe(true);
    expect(findSecrets(error)).toEqual([]);
  });
});

describe('secrets in thrown errors stay out of the errors', () => {
  /** A fetch that fails the way a wrapped HTTP library might: secrets in its message, cause and properties. */
  const leakyFetch = (text: string) =>
    (async () => {
      throw Object.assign(new TypeError(`request failed: ${text}`), {
        cause: Object.assign(new Error(`socket closed while sending ${text}`), { code: 'ECONNRESET' }),
        config: { headers: { Authorization: `Bearer ${SECRET.accessToken}` }, body: text },
      });
    }) as typeof globalThis.fetch;

  it('an injected fetch whose error names the access token and the client secret', async () => {
    const fetch = leakyFetch(`token ${SECRET.accessToken}, secret ${SECRET.clientSecret}`);
    const error = await caught(() => client(fetch).accounts.list());
    expect(error).toBeInstanceOf(MonzoConnectionError);
    expect(findSecrets(error)).toEqual([]);
  });

  it('an injected fetch whose error names the refresh token during a client refresh', async () => {
    const fetch = leakyFetch(`refreshing ${SECRET.refreshToken} with ${SECRET.clientSecret}`);
    const error = await caught(() => client(fetch, { tokens: expiredTokens() }).accounts.list());
    expect(error).toBeInstanceOf(MonzoConnectionError);
    expect(findSecrets(error)).toEqual([]);
  });

  it('an injected fetch whose error names the code and the client secret, through exchangeCode', async () => {
    const fetch = leakyFetch(`exchanging ${SECRET.code} with ${SECRET.clientSecret}`);
    const error = await caught(() => exchangeCode(exchangeParams({ fetch })));
    expect(error).toBeInstanceOf(MonzoConnectionError);
    expect(findSecrets(error)).toEqual([]);
  });

  it('an injected fetch whose error names the refresh token and the client secret, through refreshTokens', async () => {
    const fetch = leakyFetch(`refreshing ${SECRET.refreshToken} with ${SECRET.clientSecret}`);
    const error = await caught(() => refreshTokens(refreshParams(fetch)));
    expect(error).toBeInstanceOf(MonzoConnectionError);
    expect(findSecrets(error)).toEqual([]);
  });

  it('a caller abort whose reason names the token', async () => {
    const { fetch } = fakeFetch(hangingResponse);
    const controller = new AbortController();
    const call = caught(() => client(fetch).accounts.list({}, { signal: controller.signal }));
    controller.abort(new Error(`cancelled the call made with ${SECRET.accessToken}`));
    const error = await call;
    expect(error).toBeInstanceOf(MonzoAbortError);
    expect(findSecrets(error)).toEqual([]);
  });

  it('a timeout while the token endpoint is silent', async () => {
    const { fetch } = fakeFetch(hangingResponse);
    const error = await caught(() => refreshTokens({ ...refreshParams(fetch), timeoutMs: 5 }));
    expect(error).toBeInstanceOf(MonzoTimeoutError);
    expect(findSecrets(error)).toEqual([]);
  });
});

describe('secrets in token store failures stay out of the errors', () => {
  /** A store whose failures quote what it was given, as a database driver quotes the command it ran. */
  class QuotingStore {
    constructor(private readonly failOn: 'get' | 'set') {}
    held: TokenSet | undefined = expiredTokens();
    async get() {
      if (this.failOn === 'get') throw storeError(`GET failed, cached value ${JSON.stringify(this.held)}`);
      return this.held;
    }
    async set(tokens: TokenSet) {
      if (this.failOn === 'set') {
        throw Object.assign(storeError(`SET monzo:tokens ${tokens.access_token} ${tokens.refresh_token}`), {
          args: [tokens.access_token, tokens.refresh_token],
          value: tokens,
        });
      }
      this.held = tokens;
    }
    async clear() {}
  }
  const storeError = (message: string) =>
    Object.assign(new Error(message), { command: `AUTH ${SECRET.clientSecret}` });

  it('a store whose set throws an error that carries the rotated tokens', async () => {
    const { fetch } = apiWithTokenEndpoint(() => json({ accounts: [] }));
    const options = { tokenStore: new QuotingStore('set'), tokens: undefined };
    const error = await caught(() => client(fetch, options).accounts.list());
    expect(error).toBeInstanceOf(MonzoTokenStoreError);
    expect(findSecrets(error)).toEqual([]);
  });

  it('a store whose get throws an error that carries the stored tokens', async () => {
    const { fetch } = apiWithTokenEndpoint(() => json({ accounts: [] }));
    const options = { tokenStore: new QuotingStore('get'), tokens: undefined };
    const error = await caught(() => client(fetch, options).accounts.list());
    expect(error).toBeInstanceOf(MonzoError);
    expect(findSecrets(error)).toEqual([]);
  });
});

describe('secrets stay out of errors raised before anything is sent', () => {
  it('a validation error from a client that holds every secret', async () => {
    const { fetch, requests } = fakeFetch(() => json({}));
    const error = await caught(() =>
      client(fetch).pots.deposit('pot_0001', { source_account_id: 'acc_0001', amount: 1.5 }),
    );
    expect(error).toBeInstanceOf(MonzoValidationError);
    expect(requests).toHaveLength(0);
    expect(findSecrets(error)).toEqual([]);
  });

  it('a validation error from exchangeCode', async () => {
    const { fetch, requests } = fakeFetch(() => json({}));
    const error = await caught(() => exchangeCode({ ...exchangeParams({ fetch }), redirectUri: 'callback' }));
    expect(error).toBeInstanceOf(MonzoValidationError);
    expect(requests).toHaveLength(0);
    expect(findSecrets(error)).toEqual([]);
  });

  it('a config error from options that hold every secret', async () => {
    const error = await caught(
      () =>
        new MonzoClient({
          clientSecret: SECRET.clientSecret,
          tokens: freshTokens(),
          accessToken: SECRET.accessToken,
          apiUrl: 'api.monzo.com',
        }),
    );
    expect(error).toBeInstanceOf(MonzoConfigError);
    expect(findSecrets(error)).toEqual([]);
  });

  it('a config error from environment variables that hold every secret', async () => {
    vi.stubEnv('MONZO_CLIENT_ID', '');
    vi.stubEnv('MONZO_CLIENT_SECRET', SECRET.clientSecret);
    vi.stubEnv('MONZO_ACCESS_TOKEN', SECRET.accessToken);
    vi.stubEnv('MONZO_REFRESH_TOKEN', SECRET.refreshToken);
    vi.stubEnv('MONZO_API_URL', 'ftp://api.monzo.com');
    const error = await caught(() => MonzoClient.fromEnv());
    expect(error).toBeInstanceOf(MonzoConfigError);
    expect((error as MonzoConfigError).problems.length).toBeGreaterThan(1);
    expect(findSecrets(error)).toEqual([]);
  });

  it('the OAuth state error', async () => {
    const { fetch, requests } = fakeFetch(() => json(rotatedTokenResponse()));
    const error = await caught(() => exchangeCode({ ...exchangeParams({ fetch }), state: 'state_forged' }));
    expect(error).toBeInstanceOf(MonzoOAuthStateError);
    expect(requests).toHaveLength(0);
    expect(findSecrets(error)).toEqual([]);
  });
});
