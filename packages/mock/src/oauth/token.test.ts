import { describe, expect, it } from 'vitest';
import { createMockMonzo } from '../index.js';
import { authorize, call, login, REDIRECT, refresh, tokenRequest } from './test-support.js';

const exchange = (mock: ReturnType<typeof createMockMonzo>, code: string, redirectUri = REDIRECT) =>
  tokenRequest(mock, { grant_type: 'authorization_code', redirect_uri: redirectUri, code });

describe('POST /oauth2/token with the authorization_code grant', () => {
  it('answers exactly like oauth-token.response.json, never cached', async () => {
    const mock = createMockMonzo({ tokenTtlSeconds: 3600 });
    const response = await exchange(mock, await authorize(mock));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual([
      'access_token',
      'client_id',
      'expires_in',
      'refresh_token',
      'token_type',
      'user_id',
    ]);
    expect(body).toMatchObject({
      client_id: mock.clientId,
      expires_in: 3600,
      token_type: 'Bearer',
      user_id: mock.control.dataset().user_id,
    });
    expect(String(body.access_token).length).toBeGreaterThanOrEqual(60);
    expect(String(body.refresh_token).length).toBeGreaterThanOrEqual(60);
    expect(body.access_token).not.toBe(body.refresh_token);
  });

  it('expires_in defaults to 21600 seconds', async () => {
    const mock = createMockMonzo();
    expect((await login(mock)).expires_in).toBe(21_600);
  });

  it('a code is single-use', async () => {
    const mock = createMockMonzo();
    const code = await authorize(mock);
    expect((await exchange(mock, code)).status).toBe(200);
    const again = await exchange(mock, code);
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ code: 'bad_request.bad_param.code', retryable: {} });
  });

  it('a code expires after 10 minutes of the emulator clock', async () => {
    const mock = createMockMonzo();
    const fresh = await authorize(mock);
    const stale = await authorize(mock);
    mock.control.advanceTime(9 * 60_000);
    expect((await exchange(mock, fresh)).status).toBe(200);
    mock.control.advanceTime(60_000);
    const response = await exchange(mock, stale);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code: 'bad_request.bad_param.code',
      message: 'The authorization code has expired',
    });
  });

  it('the redirect_uri must repeat the authorize request’s', async () => {
    const mock = createMockMonzo();
    const code = await authorize(mock, 'http://localhost:5000/cb');
    const response = await exchange(mock, code, 'http://localhost:5000/other');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'bad_request.bad_param.redirect_uri' });
    // The mistake does not burn the code: the right request still works.
    expect((await exchange(mock, code, 'http://localhost:5000/cb')).status).toBe(200);
  });

  it('an unknown code', async () => {
    const mock = createMockMonzo();
    const response = await exchange(mock, 'not-a-code');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'bad_request.bad_param.code' });
  });

  it('a wrong secret and an unknown client get the same 401, and do not spend the code', async () => {
    const mock = createMockMonzo();
    const code = await authorize(mock);
    const variants: Array<Record<string, string>> = [
      { client_secret: 'wrong' },
      { client_id: 'oauth2client_nobody' },
    ];
    for (const fields of variants) {
      const response = await tokenRequest(mock, {
        grant_type: 'authorization_code',
        redirect_uri: REDIRECT,
        code,
        ...fields,
      });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        code: 'unauthorized.bad_client_credentials',
        message: 'Bad client credentials',
        retryable: {},
      });
    }
    expect((await exchange(mock, code)).status).toBe(200);
  });

  it('an unsupported or missing grant_type, and missing fields, are 400s', async () => {
    const mock = createMockMonzo();
    const password = await tokenRequest(mock, { grant_type: 'password' });
    expect(password.status).toBe(400);
    expect(await password.json()).toMatchObject({ code: 'bad_request.bad_param.grant_type' });
    const none = await tokenRequest(mock, {});
    expect(await none.json()).toMatchObject({ code: 'bad_request.missing_param.grant_type' });
    const noCode = await tokenRequest(mock, { grant_type: 'authorization_code', redirect_uri: REDIRECT });
    expect(noCode.status).toBe(400);
    expect(await noCode.json()).toMatchObject({ code: 'bad_request.missing_param.code' });
    const noRefresh = await tokenRequest(mock, { grant_type: 'refresh_token' });
    expect(await noRefresh.json()).toMatchObject({ code: 'bad_request.missing_param.refresh_token' });
  });

  it('counts every grant by type', async () => {
    const mock = createMockMonzo();
    const first = await login(mock);
    await refresh(mock, first.refresh_token);
    await login(mock);
    expect(mock.control.counters().grants).toEqual({ authorization_code: 2, refresh_token: 1 });
  });
});

describe('POST /oauth2/token with the refresh_token grant', () => {
  it('rotates both tokens; the old refresh token is spent and the old access token evicted', async () => {
    const mock = createMockMonzo();
    const first = await login(mock);
    const response = await refresh(mock, first.refresh_token);
    expect(response.status).toBe(200);
    const second = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(second)).toEqual([
      'access_token',
      'client_id',
      'expires_in',
      'refresh_token',
      'token_type',
      'user_id',
    ]);
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.refresh_token).not.toBe(first.refresh_token);

    const replay = await refresh(mock, first.refresh_token);
    expect(replay.status).toBe(401);
    expect(await replay.json()).toEqual({
      code: 'unauthorized.bad_refresh_token',
      message: 'Bad refresh token',
      retryable: {},
    });

    const old = await call(mock, first.access_token, '/ping/whoami');
    expect(old.status).toBe(401);
    expect(old.body).toMatchObject({ code: 'unauthorized.bad_access_token.evicted', error: 'invalid_token' });
    expect((await call(mock, String(second.access_token), '/ping/whoami')).status).toBe(200);
  });

  it('of two refreshes with the same token, the first wins', async () => {
    const mock = createMockMonzo();
    const { refresh_token } = await login(mock);
    const [a, b] = await Promise.all([refresh(mock, refresh_token), refresh(mock, refresh_token)]);
    expect([a.status, b.status].sort()).toEqual([200, 401]);
  });

  it('a refresh token superseded by a new login is evicted', async () => {
    const mock = createMockMonzo();
    const first = await login(mock);
    await login(mock);
    const response = await refresh(mock, first.refresh_token);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      code: 'unauthorized.bad_refresh_token.evicted',
      message: 'Refresh token has been evicted',
      retryable: {},
    });
  });

  it('an unknown refresh token, or one presented by the wrong secret', async () => {
    const mock = createMockMonzo();
    const { refresh_token } = await login(mock);
    expect((await refresh(mock, 'nope')).status).toBe(401);
    const wrongSecret = await tokenRequest(mock, {
      grant_type: 'refresh_token',
      refresh_token,
      client_secret: 'x',
    });
    expect(await wrongSecret.json()).toMatchObject({ code: 'unauthorized.bad_client_credentials' });
    expect((await refresh(mock, refresh_token)).status).toBe(200);
  });

  it('works after the access token expired, and refreshes keep their full lifetime', async () => {
    const mock = createMockMonzo({ tokenTtlSeconds: 60 });
    const first = await login(mock);
    mock.control.advanceTime(10 * 60_000);
    const response = await refresh(mock, first.refresh_token);
    expect(response.status).toBe(200);
    const { access_token } = (await response.json()) as { access_token: string };
    mock.control.advanceTime(59_000);
    expect((await call(mock, access_token, '/ping/whoami')).status).toBe(200);
  });
});
