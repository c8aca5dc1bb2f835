/** Helpers for the infra tests: a login with the real SDK, and an SDK client, in process or over a socket. */
import { createAuthorizationRequest, exchangeCode, MonzoClient, type TokenSet } from 'monzo-ts';

export const REDIRECT = 'http://127.0.0.1:8080/callback';
/** The origin in-process requests use; any will do, nothing is resolved. */
export const IN_PROCESS = 'http://monzo.test';

/** What a login needs: the emulator's client, where it is, and how to reach it. */
export interface Target {
  clientId: string;
  clientSecret: string;
  /** `fetch` of an in-process emulator; the global one over a socket. */
  fetch?: typeof fetch;
}

/** Logs in to an auto-approving emulator as an app does: authorization URL, redirect, exchange with state check. */
export async function login(target: Target, url: string): Promise<TokenSet> {
  const doFetch = target.fetch ?? fetch;
  const { url: authorizeUrl, state } = createAuthorizationRequest({
    clientId: target.clientId,
    redirectUri: REDIRECT,
    authUrl: url,
  });
  const answer = await doFetch(authorizeUrl, { redirect: 'manual' });
  const callback = new URL(answer.headers.get('location') ?? 'http://invalid/');
  return exchangeCode({
    clientId: target.clientId,
    clientSecret: target.clientSecret,
    code: callback.searchParams.get('code') ?? '',
    state: callback.searchParams.get('state') ?? '',
    expectedState: state,
    redirectUri: REDIRECT,
    apiUrl: url,
    ...(target.fetch ? { fetch: target.fetch } : {}),
  });
}

/** An SDK client logged in to the emulator (retrying as configured), and the same login's bearer header. */
export async function sdkClient(
  target: Target,
  url: string,
  maxRetries?: number,
): Promise<{ monzo: MonzoClient; headers: Record<string, string> }> {
  const tokens = await login(target, url);
  const monzo = new MonzoClient({
    apiUrl: url,
    authUrl: url,
    clientId: target.clientId,
    clientSecret: target.clientSecret,
    tokens,
    ...(target.fetch ? { fetch: target.fetch } : {}),
    ...(maxRetries === undefined ? {} : { maxRetries }),
  });
  return { monzo, headers: { Authorization: `Bearer ${tokens.access_token}` } };
}
