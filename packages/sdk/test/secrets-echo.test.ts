import { afterEach, describe, expect, it } from 'vitest';
import { exchangeCode, refreshTokens } from '../src/auth/oauth.js';
import { MonzoClient } from '../src/client.js';
import { createTransport } from '../src/config/defaults.js';
import {
  MonzoApiError,
  MonzoApprovalRequiredError,
  MonzoAuthenticationError,
  MonzoBadRequestError,
  MonzoConfigError,
  MonzoConnectionError,
  MonzoNotFoundError,
  MonzoPermissionError,
  MonzoRateLimitError,
  MonzoResponseParseError,
  MonzoScaWindowError,
  MonzoServerError,
  MonzoValidationError,
} from '../src/core/errors.js';
import { type LoopbackRequest, startLoopback } from './support/loopback.js';
import { caught, findSecrets } from './support/secrets.js';

/**
 * A server on a real socket that echoes whatever secret the request carried into every field of its error:
 * `code`, `message`, `error_description`, `params` (keys and values) and the `x-request-id` header, as is and
 * percent-encoded. Not one of them may show in any rendering of the error the SDK raises.
 */

// Secrets with the characters that percent-encoding changes, as `openssl rand -base64` prints them.
const ACCESS = 'at_ECHO+ACCESS/0001=';
const REFRESH = 'rt_ECHO+REFRESH/0001==';
const CLIENT_SECRET = 'cs_ECHO+CLIENT/0001=';
const CODE = 'code_ECHO+0001/abc=';
const ALL = [ACCESS, REFRESH, CLIENT_SECRET, CODE];
/** What a leak looks like in any form: the secrets, their encodings, and their recognisable middles. */
const LEAKS = [...ALL, ...ALL.map(encodeURIComponent), 'ECHO'];

const servers: Array<{ close: () => Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** The secrets a request carried: its bearer token and its form's secret fields. */
function carried(request: LoopbackRequest): string[] {
  const form = new URLSearchParams(request.body);
  const bearer = request.headers.authorization?.replace(/^Bearer /, '');
  return [bearer, form.get('client_secret'), form.get('code'), form.get('refresh_token')].filter(
    (value): value is string => Boolean(value),
  );
}

/** Answers every request `status`, its error body and request id made of what the request carried. */
async function echoing(status: number, code?: string): Promise<string> {
  const server = await startLoopback((request, response) => {
    const secrets = carried(request).join(' ');
    const encoded = carried(request).map(encodeURIComponent).join(' ');
    response.writeHead(status, {
      'Content-Type': 'application/json',
      'x-request-id': `req_${carried(request)[0]}`,
      'Retry-After': '3600',
    });
    response.end(
      JSON.stringify({
        code: code ?? `bad.${secrets}.${encoded}`,
        message: `you sent ${secrets} (${encoded}) and ${request.body}`,
        error: secrets,
        error_description: `bad ${secrets}`,
        params: { [secrets]: secrets, hint: encoded, client_secret: 'x' },
        retryable: { value: false },
        extra: secrets,
      }),
    );
  });
  servers.push(server);
  return server.url;
}

/** Every error class a response becomes, and the code that picks it when the status alone does not. */
const STATUSES: Array<[number, string | undefined, abstract new (...args: never[]) => Error]> = [
  [400, undefined, MonzoBadRequestError],
  [401, undefined, MonzoAuthenticationError],
  [403, undefined, MonzoPermissionError],
  [403, 'forbidden.insufficient_permissions', MonzoApprovalRequiredError],
  [403, 'forbidden.verification_required', MonzoScaWindowError],
  [404, undefined, MonzoNotFoundError],
  [418, undefined, MonzoApiError],
  [429, undefined, MonzoRateLimitError],
  [500, undefined, MonzoServerError],
];

describe('an error response echoing the secrets in every field', () => {
  it.each(STATUSES)('%i %s on a bearer call: masked everywhere', async (status, code, type) => {
    const apiUrl = await echoing(status, code);
    const monzo = new MonzoClient({ accessToken: ACCESS, apiUrl, maxRetries: 0 });
    const error = await caught(() => monzo.accounts.list());
    expect(error).toBeInstanceOf(type);
    expect(findSecrets(error, LEAKS)).toEqual([]);
  });

  it('keeps the fields it masks: the status, the shape of the code, the request id', async () => {
    const apiUrl = await echoing(400);
    const monzo = new MonzoClient({ accessToken: ACCESS, apiUrl, maxRetries: 0 });
    const error = (await caught(() => monzo.accounts.list())) as MonzoApiError;
    expect(error.status).toBe(400);
    expect(error.code).toMatch(/^bad\.\[REDACTED\]/);
    expect(error.requestId).toBe('req_[REDACTED]');
    expect(error.params?.client_secret).toBe('[REDACTED]');
  });

  it.each([400, 401, 500])('%i on the code exchange: masked everywhere', async (status) => {
    const apiUrl = await echoing(status);
    const error = await caught(() =>
      exchangeCode({
        apiUrl,
        code: CODE,
        state: 'state_abc123',
        expectedState: 'state_abc123',
        clientId: 'oauth2client_00009abc',
        clientSecret: CLIENT_SECRET,
        redirectUri: 'http://127.0.0.1:8080/callback',
        maxRetries: 0,
      }),
    );
    expect(error).toBeInstanceOf(MonzoApiError);
    expect(findSecrets(error, LEAKS)).toEqual([]);
  });

  it.each([400, 401, 500])('%i on a refresh: masked everywhere', async (status) => {
    const apiUrl = await echoing(status);
    const error = await caught(() =>
      refreshTokens({
        apiUrl,
        refreshToken: REFRESH,
        clientId: 'oauth2client_00009abc',
        clientSecret: CLIENT_SECRET,
        maxRetries: 0,
      }),
    );
    expect(error).toBeInstanceOf(MonzoApiError);
    expect(findSecrets(error, LEAKS)).toEqual([]);
  });

  it('a client refresh after a 401 that both echo: masked everywhere', async () => {
    const apiUrl = await echoing(401, 'unauthorized.bad_access_token.expired');
    const monzo = new MonzoClient({
      apiUrl,
      clientId: 'oauth2client_00009abc',
      clientSecret: CLIENT_SECRET,
      tokens: { access_token: ACCESS, refresh_token: REFRESH, expires_at: Date.now() + 3_600_000 },
      maxRetries: 0,
    });
    const error = await caught(() => monzo.accounts.list());
    expect(error).toBeInstanceOf(MonzoAuthenticationError);
    expect(findSecrets(error, LEAKS)).toEqual([]);
  });

  it('an HTML page echoing the request: masked everywhere', async () => {
    const server = await startLoopback((request, response) => {
      response.writeHead(502, { 'Content-Type': 'text/html', 'x-request-id': carried(request).join('') });
      response.end(
        `<p>${carried(request).join(' ')} ${carried(request).map(encodeURIComponent).join(' ')}</p>`,
      );
    });
    servers.push(server);
    const monzo = new MonzoClient({ accessToken: ACCESS, apiUrl: server.url, maxRetries: 0 });
    const error = await caught(() => monzo.accounts.list());
    expect(error).toBeInstanceOf(MonzoResponseParseError);
    expect(findSecrets(error, LEAKS)).toEqual([]);
  });
});

describe('a password in the API URL', () => {
  const PASSWORD = 'hunter2PW_0001';

  async function apiUrlWithPassword(): Promise<string> {
    const server = await startLoopback((_, response) => {
      response.end('{}');
    });
    servers.push(server);
    return server.url.replace('http://', `http://user:${PASSWORD}@`);
  }

  it('is refused by the client before anything is sent, without being quoted', async () => {
    const apiUrl = await apiUrlWithPassword();
    const error = await caught(() => new MonzoClient({ accessToken: ACCESS, apiUrl }));
    expect(error).toBeInstanceOf(MonzoConfigError);
    expect(findSecrets(error, [PASSWORD, ACCESS])).toEqual([]);
  });

  it('is refused by exchangeCode and refreshTokens, without being quoted', async () => {
    const apiUrl = await apiUrlWithPassword();
    const credentials = { clientId: 'oauth2client_00009abc', clientSecret: CLIENT_SECRET, apiUrl };
    const exchange = await caught(() =>
      exchangeCode({
        ...credentials,
        code: CODE,
        state: 'state_abc123',
        expectedState: 'state_abc123',
        redirectUri: 'http://127.0.0.1:8080/callback',
      }),
    );
    const refresh = await caught(() => refreshTokens({ ...credentials, refreshToken: REFRESH }));
    for (const error of [exchange, refresh]) {
      expect(error).toBeInstanceOf(MonzoValidationError);
      expect(findSecrets(error, [PASSWORD, ...LEAKS])).toEqual([]);
    }
  });

  it('is masked in the error fetch raises when it refuses such a URL', async () => {
    const transport = createTransport({ apiUrl: await apiUrlWithPassword(), maxRetries: 0 });
    const error = await caught(() => transport.request({ method: 'GET', path: '/accounts' }));
    expect(error).toBeInstanceOf(MonzoConnectionError);
    expect((error as Error).message).toContain('[REDACTED]@127.0.0.1');
    expect(findSecrets(error, [PASSWORD])).toEqual([]);
  });
});
