import { createAuthorizationRequest, exchangeCode, MonzoApprovalRequiredError, MonzoClient } from 'monzo-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitConsent } from '../consent.js';
import { type MockServer, startMockServer } from '../index.js';

const REDIRECT = 'http://127.0.0.1:8080/callback';

describe('the login over a real socket, as a browser and an app would do it', () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer();
  });
  afterAll(() => server.close());

  it('consent page, Allow, callback, code exchange; data after approval', async () => {
    const { url, state } = createAuthorizationRequest({
      clientId: server.clientId,
      redirectUri: REDIRECT,
      authUrl: server.url,
    });
    const callback = new URL(await submitConsent(url, 'allow'));
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT);
    const tokens = await exchangeCode({
      clientId: server.clientId,
      clientSecret: server.clientSecret,
      code: callback.searchParams.get('code') ?? '',
      state: callback.searchParams.get('state') ?? '',
      expectedState: state,
      redirectUri: REDIRECT,
      apiUrl: server.url,
    });
    const monzo = new MonzoClient({
      apiUrl: server.url,
      clientId: server.clientId,
      clientSecret: server.clientSecret,
      tokens,
      maxRetries: 0,
    });
    expect((await monzo.whoami()).authenticated).toBe(true);
    await expect(monzo.accounts.list()).rejects.toBeInstanceOf(MonzoApprovalRequiredError);
    expect(server.control.approve(tokens.access_token)).toBe(1);
    expect((await monzo.accounts.list()).length).toBeGreaterThan(0);
  });

  it('Deny sends the browser back with error=access_denied', async () => {
    const { url, state } = createAuthorizationRequest({
      clientId: server.clientId,
      redirectUri: REDIRECT,
      authUrl: server.url,
    });
    const callback = new URL(await submitConsent(url, 'deny'));
    expect(Object.fromEntries(callback.searchParams)).toEqual({ error: 'access_denied', state });
  });

  it('an unknown client gets an HTML page with status 400, and no redirect', async () => {
    const response = await fetch(
      `${server.url}/?client_id=nobody&redirect_uri=${encodeURIComponent(REDIRECT)}&response_type=code`,
      {
        redirect: 'manual',
      },
    );
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('No client is registered');
  });
});
