import { describe, expect, it } from 'vitest';
import { createMockMonzo } from './index.js';
import { startMockServer } from './infra/server.js';
import { IN_PROCESS_URL, signIn } from './sign-in.js';

/** The status of `GET /accounts` with the token: 200 once the login is approved, 403 before. */
async function accountsStatus(fetchImpl: typeof fetch, origin: string, token: string): Promise<number> {
  const answer = await fetchImpl(`${origin}/accounts`, { headers: { Authorization: `Bearer ${token}` } });
  return answer.status;
}

describe('signIn', () => {
  it('logs in through the consent page and approves the login, in process', async () => {
    const mock = createMockMonzo({ transactions: 5 });
    const before = Date.now();
    const tokens = await signIn(mock);
    expect(tokens).toMatchObject({ token_type: 'Bearer', client_id: mock.clientId });
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(tokens.expires_at).toBeGreaterThanOrEqual(before + 60_000);
    expect(await accountsStatus(mock.fetch, IN_PROCESS_URL, tokens.access_token)).toBe(200);
    expect(mock.control.counters().grants.authorization_code).toBe(1);
  });

  it('leaves the login waiting for approval with approve: false, over a socket', async () => {
    const mock = await startMockServer({ transactions: 5, redirectUris: ['http://127.0.0.1:9999/cb'] });
    try {
      const tokens = await signIn(mock, { approve: false, redirectUri: 'http://127.0.0.1:9999/cb' });
      expect(await accountsStatus(fetch, mock.url, tokens.access_token)).toBe(403);
      mock.control.approve(tokens.access_token);
      expect(await accountsStatus(fetch, mock.url, tokens.access_token)).toBe(200);
    } finally {
      await mock.close();
    }
  });

  it('fails, rather than returning tokens, when the emulator refuses the redirect URI', async () => {
    const mock = createMockMonzo({ redirectUris: ['http://127.0.0.1:1/only'] });
    await expect(signIn(mock)).rejects.toThrow(/consent page \(status 400\)/);
  });
});
