import type { MockServer } from '../packages/mock/src/index.js';
import { createAuthorizationRequest, exchangeCode, type TokenSet } from '../packages/sdk/src/index.js';

/** Logs in to an auto-approving emulator the way an app does: authorization URL, redirect, code exchange. */
export async function loginTo(mock: MockServer): Promise<TokenSet> {
  const redirectUri = 'http://127.0.0.1:8080/callback';
  const login = createAuthorizationRequest({ clientId: mock.clientId, redirectUri, authUrl: mock.url });
  const callback = new URL((await fetch(login.url, { redirect: 'manual' })).headers.get('location') ?? '');
  return exchangeCode({
    clientId: mock.clientId,
    clientSecret: mock.clientSecret,
    apiUrl: mock.url,
    redirectUri,
    code: callback.searchParams.get('code') ?? '',
    state: callback.searchParams.get('state') ?? '',
    expectedState: login.state,
  });
}
