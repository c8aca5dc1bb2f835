import { MockHttpError } from '../core/http.js';

/**
 * The OAuth and token errors, with Monzo's codes (monzo-api.md §3, §9.3) and, for access tokens, OAuth's
 * `error: "invalid_token"` (monzo-api.md §9.2). Messages follow the example files in `fixtures/monzo-api-examples/`.
 */
const invalidToken = { error: 'invalid_token' };

/** 401 for a missing, unknown or logged-out access token. */
export function badAccessToken(message: string): MockHttpError {
  return new MockHttpError(401, 'unauthorized.bad_access_token', message, {}, invalidToken);
}

/** 401 for an access token past its expiry (`error.access-token-expired.json`). */
export function accessTokenExpired(): MockHttpError {
  const message = 'Access token has expired';
  return new MockHttpError(
    401,
    'unauthorized.bad_access_token.expired',
    message,
    {},
    {
      ...invalidToken,
      error_description: message,
    },
  );
}

/** 401 for an access token replaced by a newer one of the same client and user (`error.access-token-evicted.json`). */
export function accessTokenEvicted(): MockHttpError {
  return new MockHttpError(
    401,
    'unauthorized.bad_access_token.evicted',
    'Access token has been evicted',
    {},
    invalidToken,
  );
}

/** 403 for a token the user has not approved in the app yet (`error.insufficient-permissions.json`). */
export function insufficientPermissions(): MockHttpError {
  return new MockHttpError(
    403,
    'forbidden.insufficient_permissions',
    'Access forbidden due to insufficient permissions',
  );
}

/** 401 for a refresh token that is unknown, spent, or revoked by a logout (`error.bad-refresh-token.json`). */
export function badRefreshToken(): MockHttpError {
  return new MockHttpError(401, 'unauthorized.bad_refresh_token', 'Bad refresh token');
}

/** 401 for a refresh token superseded by a newer login (`error.refresh-token-evicted.json`). */
export function refreshTokenEvicted(): MockHttpError {
  return new MockHttpError(401, 'unauthorized.bad_refresh_token.evicted', 'Refresh token has been evicted');
}

/** 401 for an unknown client or a wrong secret; the code is invented (monzo-api.md §11), and says nothing of which. */
export function badClientCredentials(): MockHttpError {
  return new MockHttpError(401, 'unauthorized.bad_client_credentials', 'Bad client credentials');
}
