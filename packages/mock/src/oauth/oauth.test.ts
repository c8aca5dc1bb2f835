import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { World } from '../world.js';

/** The `OAuth` part on its own, for what the HTTP surface does not show: `approvedAt`, memory bounds, clients. */
const REDIRECT = 'http://127.0.0.1/cb';

function setup(options: ConstructorParameters<typeof World>[0] = {}) {
  const world = new World(options);
  const { clientId, clientSecret } = world.options.client;
  const loginOnce = () =>
    world.oauth.exchangeCode({
      clientId,
      clientSecret,
      redirectUri: REDIRECT,
      code: world.oauth.issueCode(clientId, REDIRECT),
    });
  const info = (token: string, access: 'token' | 'approved' = 'token') =>
    world.oauth.authenticate(`Bearer ${token}`, access);
  return { world, clientId, clientSecret, loginOnce, info };
}

describe('OAuth', () => {
  // The emulator clock follows real time: freeze it, so that times can be compared exactly.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives the AccessTokenInfo the bank needs: client, user, times, approval', () => {
    const { world, clientId, loginOnce, info } = setup({ tokenTtlSeconds: 100 });
    const now = world.clock.now();
    const grant = loginOnce();
    expect(info(grant.access_token)).toMatchObject({
      token: grant.access_token,
      clientId,
      userId: world.bank.userId,
      issuedAt: now,
      expiresAt: now + 100_000,
    });
    expect(info(grant.access_token).approvedAt).toBeUndefined();
  });

  it('a refreshed token keeps the approval time of the login, so the SCA full-history window does not restart', () => {
    const { world, clientId, clientSecret, loginOnce, info } = setup();
    const first = loginOnce();
    world.clock.advance(1_000);
    world.oauth.approve(first.access_token);
    const approvedAt = world.clock.now();
    world.clock.advance(4 * 60_000);
    const second = world.oauth.refresh({ clientId, clientSecret, refreshToken: first.refresh_token ?? '' });
    expect(info(second.access_token, 'approved').approvedAt).toBe(approvedAt);
    expect(info(second.access_token).issuedAt).toBe(approvedAt + 4 * 60_000);
  });

  it('with autoApprove, tokens are approved when issued', () => {
    const { world, loginOnce, info } = setup({ autoApprove: true });
    const now = world.clock.now();
    expect(info(loginOnce().access_token, 'approved').approvedAt).toBe(now);
  });

  it('a client that is not confidential gets no refresh token', () => {
    const { world } = setup();
    world.oauth.registerClient({ clientId: 'oauth2client_public', clientSecret: 's', confidential: false });
    const code = world.oauth.issueCode('oauth2client_public', REDIRECT);
    const grant = world.oauth.exchangeCode({
      clientId: 'oauth2client_public',
      clientSecret: 's',
      redirectUri: REDIRECT,
      code,
    });
    expect(Object.keys(grant)).toEqual(['access_token', 'client_id', 'expires_in', 'token_type', 'user_id']);
  });

  it('a code issued to one client cannot be exchanged by another', () => {
    const { world, clientId } = setup();
    world.oauth.registerClient({ clientId: 'oauth2client_other', clientSecret: 'o' });
    const code = world.oauth.issueCode(clientId, REDIRECT);
    expect(() =>
      world.oauth.exchangeCode({
        clientId: 'oauth2client_other',
        clientSecret: 'o',
        redirectUri: REDIRECT,
        code,
      }),
    ).toThrow(expect.objectContaining({ status: 400, code: 'bad_request.bad_param.code' }));
  });

  it('one live token per client and user: other clients’ tokens are not evicted', () => {
    const { world, loginOnce, info } = setup();
    world.oauth.registerClient({ clientId: 'oauth2client_other', clientSecret: 'o' });
    const other = world.oauth.exchangeCode({
      clientId: 'oauth2client_other',
      clientSecret: 'o',
      redirectUri: REDIRECT,
      code: world.oauth.issueCode('oauth2client_other', REDIRECT),
    });
    loginOnce();
    expect(info(other.access_token).clientId).toBe('oauth2client_other');
  });

  it('remembers a bounded number of dead tokens: the oldest end up unknown, the live one stays', () => {
    const { loginOnce, info } = setup();
    const first = loginOnce();
    const second = loginOnce();
    expect(() => info(first.access_token)).toThrow(
      expect.objectContaining({ code: 'unauthorized.bad_access_token.evicted' }),
    );
    let last = second;
    for (let index = 0; index < 10_001; index++) last = loginOnce();
    expect(() => info(first.access_token)).toThrow(
      expect.objectContaining({ code: 'unauthorized.bad_access_token' }),
    );
    expect(info(last.access_token).token).toBe(last.access_token);
  });
});
