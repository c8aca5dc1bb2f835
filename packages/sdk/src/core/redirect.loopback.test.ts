import { afterEach, describe, expect, it } from 'vitest';
import { type LoopbackRequest, sendJson, startLoopback } from '../../test/support/loopback.js';
import { caught, exchangeParams, findSecrets, SECRET } from '../../test/support/secrets.js';
import { exchangeCode, refreshTokens } from '../auth/oauth.js';
import { MonzoClient } from '../client.js';
import { createTransport } from '../config/defaults.js';
import { MonzoRedirectError, MonzoValidationError } from './errors.js';

/**
 * A server on one port answers with a redirect to a second server on another port (another origin), which
 * records all it receives: the second server must never be reached, so no secret, code or token can be.
 */

const servers: Array<{ close: () => Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const REDIRECTS = [301, 302, 303, 307, 308] as const;
const CREDENTIALS = { clientId: 'oauth2client_00009abc', clientSecret: SECRET.clientSecret };

/** The other origin: records every request, and answers as the token endpoint or the API would. */
async function elsewhere() {
  const received: LoopbackRequest[] = [];
  const server = await startLoopback((request, response) => {
    received.push(request);
    sendJson(response, 200, { access_token: 'at_x', expires_in: 60, accounts: [], webhook: {} });
  });
  servers.push(server);
  return { url: server.url, received };
}

/** The API's origin: every request is answered `status` with a Location on `target`, with a query. */
async function redirecting(status: number, target: string) {
  const server = await startLoopback((request, response) => {
    response.writeHead(status, { Location: `${target}${request.url.pathname}?sig=LEAKY_QUERY_1234` });
    response.end();
  });
  servers.push(server);
  return server.url;
}

/** The error must be the redirect error, name the other origin, and carry no secret nor the Location's query. */
function expectRefused(error: unknown, status: number, origin: string) {
  expect(error).toBeInstanceOf(MonzoRedirectError);
  const redirect = error as MonzoRedirectError;
  expect(redirect.status).toBe(status);
  expect(redirect.location).toBe(origin);
  expect(redirect.followed).toBe(false);
  expect(redirect.message).toContain(origin);
  expect(findSecrets(error, [...Object.values(SECRET), 'LEAKY_QUERY'])).toEqual([]);
}

describe.each(REDIRECTS)('a %i redirect to another origin', (status) => {
  it('does not carry the client secret and the code of a code exchange there', async () => {
    const other = await elsewhere();
    const apiUrl = await redirecting(status, other.url);
    const error = await caught(() => exchangeCode(exchangeParams({ apiUrl })));
    expectRefused(error, status, other.url);
    expect(other.received).toEqual([]);
  });

  it('does not carry the client secret and the refresh token of a refresh there', async () => {
    const other = await elsewhere();
    const apiUrl = await redirecting(status, other.url);
    const error = await caught(() =>
      refreshTokens({ ...CREDENTIALS, refreshToken: SECRET.refreshToken, apiUrl, maxRetries: 0 }),
    );
    expectRefused(error, status, other.url);
    expect(other.received).toEqual([]);
  });

  it('does not carry the bearer token of a GET there, nor retry it', async () => {
    const other = await elsewhere();
    const apiUrl = await redirecting(status, other.url);
    const monzo = new MonzoClient({ accessToken: SECRET.accessToken, apiUrl });
    expectRefused(await caught(() => monzo.accounts.list()), status, other.url);
    expect(other.received).toEqual([]);
  });

  it('does not carry the bearer token and the form of a POST there', async () => {
    const other = await elsewhere();
    const apiUrl = await redirecting(status, other.url);
    const monzo = new MonzoClient({ accessToken: SECRET.accessToken, apiUrl, maxRetries: 0 });
    const error = await caught(() =>
      monzo.webhooks.create({ account_id: 'acc_1', url: 'https://example.com/hook?secret=abc' }),
    );
    expectRefused(error, status, other.url);
    expect(other.received).toEqual([]);
  });

  it('leaves a pot move’s outcome unknown, with its dedupe id: whatever answered may have moved the money', async () => {
    const other = await elsewhere();
    const apiUrl = await redirecting(status, other.url);
    const monzo = new MonzoClient({ accessToken: SECRET.accessToken, apiUrl, maxRetries: 0 });
    const error = await caught(() =>
      monzo.pots.deposit('pot_1', { source_account_id: 'acc_1', amount: 100, dedupe_id: 'redirect-1' }),
    );
    expect(error).toBeInstanceOf(MonzoRedirectError);
    expect((error as MonzoRedirectError).outcomeUnknown).toBe(true);
    expect((error as MonzoRedirectError).dedupeId).toBe('redirect-1');
    expect(other.received).toEqual([]);
  });

  it('leaves a GET a plain failure', async () => {
    const other = await elsewhere();
    const apiUrl = await redirecting(status, other.url);
    const monzo = new MonzoClient({ accessToken: SECRET.accessToken, apiUrl });
    const error = await caught(() => monzo.accounts.list());
    expect((error as MonzoRedirectError).outcomeUnknown).toBe(false);
  });
});

describe('attachment upload', () => {
  it('does not follow the upload target’s redirect with the file, and sends no token to the target', async () => {
    const other = await elsewhere();
    const uploads: LoopbackRequest[] = [];
    const upload = await startLoopback((request, response) => {
      uploads.push(request);
      response.writeHead(307, { Location: `${other.url}/bucket/file?X-Signature=LEAKY_QUERY_1234` });
      response.end();
    });
    servers.push(upload);
    const api = await startLoopback((request, response) => {
      sendJson(response, 200, {
        upload_url: `${upload.url}/bucket/file?X-Signature=SIGNED_abcdef`,
        file_url: `${upload.url}/bucket/file`,
      });
      expect(request.headers.authorization).toBe(`Bearer ${SECRET.accessToken}`);
    });
    servers.push(api);
    const monzo = new MonzoClient({ accessToken: SECRET.accessToken, apiUrl: api.url, maxRetries: 0 });
    const error = await caught(() =>
      monzo.attachments.uploadFile({
        transaction_id: 'tx_1',
        file_name: 'receipt.png',
        file_type: 'image/png',
        data: new Uint8Array([1, 2, 3]),
      }),
    );
    expectRefused(error, 307, other.url);
    expect(other.received).toEqual([]);
    expect(uploads).toHaveLength(1);
    expect(uploads[0]?.headers.authorization).toBeUndefined();
  });

  it('refuses to send the bearer token to an absolute URL outside apiUrl, before sending anything', async () => {
    const other = await elsewhere();
    const api = await elsewhere();
    const transport = createTransport(
      { apiUrl: api.url },
      { tokens: { accessToken: async () => SECRET.accessToken, recover: async () => {}, secrets: () => [] } },
    );
    const error = await caught(() => transport.request({ method: 'GET', path: '/x', url: `${other.url}/x` }));
    expect(error).toBeInstanceOf(MonzoValidationError);
    expect(other.received).toEqual([]);
  });
});

describe('a fetch that follows redirects anyway', () => {
  it('is caught: the answer from elsewhere is refused, and the error says the request may have reached it', async () => {
    const other = await elsewhere();
    const apiUrl = await redirecting(302, other.url);
    const following: typeof fetch = (input, init) => globalThis.fetch(input, { ...init, redirect: 'follow' });
    const monzo = new MonzoClient({ accessToken: SECRET.accessToken, apiUrl, fetch: following });
    const error = await caught(() => monzo.accounts.list());
    expect(error).toBeInstanceOf(MonzoRedirectError);
    expect((error as MonzoRedirectError).followed).toBe(true);
    expect((error as MonzoRedirectError).location).toBe(other.url);
    expect((error as Error).message).toContain('may have reached');
    expect(findSecrets(error, [...Object.values(SECRET), 'LEAKY_QUERY'])).toEqual([]);
  });
});
