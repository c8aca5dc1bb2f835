import { createTransport, DEFAULT_AUTH_URL, type TransportOptions } from '../config/defaults.js';
import { constantTimeEqual } from '../core/constant-time.js';
import { requireId } from '../core/encode.js';
import {
  MonzoApiError,
  MonzoAuthenticationError,
  MonzoOAuthStateError,
  MonzoValidationError,
} from '../core/errors.js';
import type { RequestOptions, Transport } from '../core/transport.js';
import { type TokenResponse, type TokenSet, toTokenSet } from './token-set.js';

// Kept importable from here, where it first lived.
export { constantTimeEqual };

/** What `createAuthorizationRequest` needs: your OAuth client and where Monzo sends the user back. */
export interface AuthorizationRequestParams {
  clientId: string;
  redirectUri: string;
  /** Defaults to `https://auth.monzo.com`. */
  authUrl?: string;
  /** Defaults to a fresh random value. Pass one only to restore a state you generated; never a constant. */
  state?: string;
}

/** The login URL to redirect to, and the state to keep until the callback. */
export interface AuthorizationRequest {
  /** Send the user's browser here. */
  url: string;
  /** Keep this (in the user's session) and pass it to `exchangeCode` as `expectedState`. */
  state: string;
}

/**
 * Builds the URL of Monzo's login page, with a fresh unguessable `state` for CSRF protection. A fixed state
 * (like the tutorial's `MONZO_STATE_TOKEN`) lets an attacker complete a login of their own in your user's
 * session, so the state is new on every call.
 *
 * @example
 * const { url, state } = createAuthorizationRequest({ clientId, redirectUri });
 * session.oauthState = state; // then redirect to url
 */
export function createAuthorizationRequest(params: AuthorizationRequestParams): AuthorizationRequest {
  requireId('clientId', params.clientId);
  requireUrl('redirectUri', params.redirectUri);
  const state = params.state ?? randomState();
  requireId('state', state);
  const url = new URL(params.authUrl ?? DEFAULT_AUTH_URL);
  url.search = new URLSearchParams({
    client_id: params.clientId,
    redirect_uri: params.redirectUri,
    response_type: 'code',
    state,
  }).toString();
  return { url: url.toString(), state };
}

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

export interface ExchangeCodeParams extends ClientCredentials, TransportOptions, RequestOptions {
  /** The `code` query parameter of the callback. */
  code: string;
  /** The `state` query parameter of the callback. */
  state: string;
  /** The state that `createAuthorizationRequest` returned for this login. */
  expectedState: string;
  redirectUri: string;
}

/**
 * Exchanges the callback's authorization code for tokens, after checking (in constant time, before any network
 * call) that the callback's `state` is the one this login sent.
 */
export async function exchangeCode(params: ExchangeCodeParams): Promise<TokenSet> {
  if (!params.state || !params.expectedState || !constantTimeEqual(params.state, params.expectedState)) {
    throw new MonzoOAuthStateError(
      'The OAuth callback state does not match the state this login sent: the callback may be forged or stale. ' +
        'Start the login again.',
    );
  }
  requireId('code', params.code);
  requireUrl('redirectUri', params.redirectUri);
  if (params.apiUrl !== undefined) requireUrl('apiUrl', params.apiUrl);
  return postTokenGrant(createTransport(params), params, {
    grant_type: 'authorization_code',
    client_id: requireId('clientId', params.clientId),
    client_secret: requireId('clientSecret', params.clientSecret),
    redirect_uri: params.redirectUri,
    code: params.code,
  });
}

export interface RefreshTokensParams extends ClientCredentials, TransportOptions, RequestOptions {
  refreshToken: string;
}

/**
 * Trades a refresh token for new tokens. The old refresh token is spent: save the returned one before using
 * the new access token. A refused refresh token is a `MonzoAuthenticationError` with `loginRequired`.
 */
export async function refreshTokens(params: RefreshTokensParams): Promise<TokenSet> {
  if (params.apiUrl !== undefined) requireUrl('apiUrl', params.apiUrl);
  return refreshWith(createTransport(params), params);
}

/** `refreshTokens` over an existing transport, so a client's settings (fetch, logger, timeouts) apply. */
export async function refreshWith(
  transport: Transport,
  params: ClientCredentials & RequestOptions & { refreshToken: string },
): Promise<TokenSet> {
  try {
    return await postTokenGrant(transport, params, {
      grant_type: 'refresh_token',
      client_id: requireId('clientId', params.clientId),
      client_secret: requireId('clientSecret', params.clientSecret),
      refresh_token: requireId('refreshToken', params.refreshToken),
    });
  } catch (error) {
    if (error instanceof MonzoApiError && (error.status === 400 || error.status === 401)) {
      throw new MonzoAuthenticationError({
        status: error.status,
        code: error.code,
        message: `Monzo refused the refresh token (${error.code}): log in again`,
        request: error.request,
        loginRequired: true,
      });
    }
    throw error;
  }
}

async function postTokenGrant(
  transport: Transport,
  options: RequestOptions,
  form: Record<string, string>,
): Promise<TokenSet> {
  const response = await transport.request<TokenResponse>({
    ...pickRequestOptions(options),
    method: 'POST',
    path: '/oauth2/token',
    form,
    auth: false,
    // A code and a refresh token are single-use: a repeat after Monzo got the first would lose the login.
    idempotent: false,
    secretResponse: true,
    ifUnknown: {
      advice: 'The code or refresh token may have been spent: if trying again is refused, log in again.',
    },
  });
  if (!isTokenResponse(response)) {
    throw new MonzoAuthenticationError({
      status: 200,
      code: 'invalid_token_response',
      message:
        'Monzo answered the token request without an access_token and expires_in, or with a refresh_token that is not a string',
      request: { method: 'POST', path: '/oauth2/token' },
    });
  }
  return toTokenSet(response);
}

/** A token response a `TokenSet` can be made of, one a token store will take back on its next read. */
function isTokenResponse(response: unknown): response is TokenResponse {
  const fields = (typeof response === 'object' && response !== null ? response : {}) as Record<
    string,
    unknown
  >;
  const { access_token, expires_in, refresh_token } = fields;
  return (
    typeof access_token === 'string' &&
    access_token !== '' &&
    typeof expires_in === 'number' &&
    // JSON reads 1e400 as Infinity, and an expiry of Infinity is stored as null.
    Number.isFinite(Date.now() + expires_in * 1000) &&
    // A client that gets no refresh token may be sent none or null; toTokenSet leaves either out.
    (refresh_token === undefined || refresh_token === null || typeof refresh_token === 'string')
  );
}

function pickRequestOptions(options: RequestOptions): RequestOptions {
  const picked: RequestOptions = {};
  if (options.signal) picked.signal = options.signal;
  if (options.timeoutMs !== undefined) picked.timeoutMs = options.timeoutMs;
  if (options.maxRetries !== undefined) picked.maxRetries = options.maxRetries;
  return picked;
}

function randomState(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

function requireUrl(field: string, value: unknown): string {
  if (typeof value !== 'string' || !URL.canParse(value)) {
    throw new MonzoValidationError(field, 'must be an absolute URL such as http://localhost:8080/callback');
  }
  const url = new URL(value);
  if (url.username !== '' || url.password !== '') {
    // Not quoted: the point is the password in it. fetch refuses such a URL anyway.
    throw new MonzoValidationError(field, 'must not carry a user name or password (user:pass@): remove them');
  }
  return value;
}
