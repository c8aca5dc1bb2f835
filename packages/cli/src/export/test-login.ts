/** A logged-in SDK client for an emulator, for the export's in-process tests. */
import { createAuthorizationRequest, exchangeCode, MonzoClient, type TokenSet } from 'monzo-ts';

const REDIRECT = 'http://127.0.0.1:8080/callback';

/** Logs in to an auto-approving emulator (`url`, reached with `fetch`) as an app would, and returns a client. */
export async function clientFor(mock: {
  url: string;
  clientId: string;
  clientSecret: string;
  fetch?: typeof fetch;
}): Promise<{ client: MonzoClient; tokens: TokenSet }> {
  const fetcher = mock.fetch ?? fetch;
  const login = createAuthorizationRequest({
    clientId: mock.clientId,
    redirectUri: REDIRECT,
    authUrl: mock.url,
  });
  const consent = await fetcher(login.url, { redirect: 'manual' });
  const callback = new URL(consent.headers.get('location') ?? '');
  const tokens = await exchangeCode({
    clientId: mock.clientId,
    clientSecret: mock.clientSecret,
    apiUrl: mock.url,
    redirectUri: REDIRECT,
    code: callback.searchParams.get('code') ?? '',
    state: callback.searchParams.get('state') ?? '',
    expectedState: login.state,
    ...(mock.fetch ? { fetch: mock.fetch } : {}),
  });
  const client = new MonzoClient({
    apiUrl: mock.url,
    accessToken: tokens.access_token,
    ...(mock.fetch ? { fetch: mock.fetch } : {}),
  });
  return { client, tokens };
}
