import { afterEach, describe, expect, it } from 'vitest';
import { exchangeCode } from '../src/auth/oauth.js';
import { MonzoClient } from '../src/client.js';
import {
  MonzoAuthenticationError,
  MonzoConnectionError,
  MonzoResponseParseError,
  MonzoTimeoutError,
} from '../src/core/errors.js';
import { type LoopbackHandler, sendJson, startLoopback } from './support/loopback.js';
import { caught, exchangeParams, findSecrets, rotatedTokenResponse, SECRET } from './support/secrets.js';

// Real sockets on 127.0.0.1: the errors come from Node's own fetch, with its own messages and causes.

const servers: Array<{ close: () => Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(handler: LoopbackHandler): Promise<string> {
  const server = await startLoopback(handler);
  servers.push(server);
  return server.url;
}

/** A loopback URL with nothing listening: a server started and closed at once. */
async function closedPort(): Promise<string> {
  const server = await startLoopback(() => {});
  await server.close();
  return server.url;
}

function expiringClient(apiUrl: string, timeoutMs = 30_000): MonzoClient {
  return new MonzoClient({
    apiUrl,
    clientId: 'oauth2client_00009abc',
    clientSecret: SECRET.clientSecret,
    tokens: { access_token: SECRET.accessToken, refresh_token: SECRET.refreshToken, expires_at: 0 },
    maxRetries: 0,
    timeoutMs,
  });
}

describe('secrets stay out of errors over real sockets', () => {
  it('a refused connection to the token endpoint', async () => {
    const error = await caught(async () => expiringClient(await closedPort()).accounts.list());
    expect(error).toBeInstanceOf(MonzoConnectionError);
    expect((error as MonzoConnectionError).outcomeUnknown).toBe(false);
    expect(findSecrets(error)).toEqual([]);
  });

  it('a refused connection during exchangeCode', async () => {
    const apiUrl = await closedPort();
    const error = await caught(() => exchangeCode(exchangeParams({ apiUrl })));
    expect(error).toBeInstanceOf(MonzoConnectionError);
    expect(findSecrets(error)).toEqual([]);
  });

  it('a token response whose connection drops halfway through the tokens', async () => {
    const whole = JSON.stringify(rotatedTokenResponse());
    const apiUrl = await serve((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': whole.length });
      response.write(whole.slice(0, whole.indexOf(SECRET.rotatedRefreshToken) + 12));
      // Let the partial body reach the client before the socket goes.
      setTimeout(() => response.socket?.destroy(), 20);
    });
    const error = await caught(() => expiringClient(apiUrl).accounts.list());
    expect(error).toBeInstanceOf(MonzoConnectionError);
    expect(findSecrets(error)).toEqual([]);
  });

  it('an HTML 502 page that quotes the request it received', async () => {
    const apiUrl = await serve((request, response) => {
      response.writeHead(502, { 'Content-Type': 'text/html' });
      response.end(`<html><pre>${request.headers.authorization ?? ''}\n${request.body}</pre></html>`);
    });
    const error = await caught(() => expiringClient(apiUrl).accounts.list());
    expect(error).toBeInstanceOf(MonzoResponseParseError);
    expect((error as MonzoResponseParseError).status).toBe(502);
    expect(findSecrets(error)).toEqual([]);
  });

  it('a refused refresh whose error body quotes the form it received', async () => {
    const apiUrl = await serve((request, response) =>
      sendJson(response, 400, {
        code: 'bad_request.bad_refresh_token',
        error: 'invalid_grant',
        error_description: `Refused: ${request.body}`,
      }),
    );
    const error = await caught(() => expiringClient(apiUrl).accounts.list());
    expect(error).toBeInstanceOf(MonzoAuthenticationError);
    expect((error as MonzoAuthenticationError).loginRequired).toBe(true);
    expect(findSecrets(error)).toEqual([]);
  });

  it('a 401 on an API call whose body quotes the bearer header it received', async () => {
    const apiUrl = await serve((request, response) => {
      if (request.url.pathname === '/oauth2/token') return sendJson(response, 200, rotatedTokenResponse());
      sendJson(response, 401, {
        code: 'unauthorized.bad_access_token.evicted',
        message: `Token evicted: ${request.headers.authorization ?? ''}`,
      });
    });
    const error = await caught(() => expiringClient(apiUrl).accounts.list());
    expect(error).toBeInstanceOf(MonzoAuthenticationError);
    expect(findSecrets(error)).toEqual([]);
  });

  it('a timeout while the server holds the connection open', async () => {
    const apiUrl = await serve(() => new Promise<void>(() => {}));
    const error = await caught(() => expiringClient(apiUrl, 50).accounts.list());
    expect(error).toBeInstanceOf(MonzoTimeoutError);
    expect(findSecrets(error)).toEqual([]);
  });
});
