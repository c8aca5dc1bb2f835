/** What a login gives: Monzo's token response, with the expiry as an absolute time. */
export interface TokenSet {
  access_token: string;
  /** Only confidential clients receive one; single-use, rotated on every refresh. */
  refresh_token?: string;
  /** When the access token expires, in epoch milliseconds; absent when unknown (then used until refused). */
  expires_at?: number;
  token_type?: string;
  user_id?: string;
  client_id?: string;
}

/** Monzo's `/oauth2/token` response (monzo-api.md §3.4). */
export interface TokenResponse {
  access_token: string;
  client_id: string;
  expires_in: number;
  refresh_token?: string;
  token_type: string;
  user_id: string;
}

/** Minutes before expiry at which a token is refreshed, as in the tutorial. */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/** Turns a token response into a `TokenSet`, its expiry counted from `now`. */
export function toTokenSet(response: TokenResponse, now: number = Date.now()): TokenSet {
  const tokens: TokenSet = {
    access_token: response.access_token,
    expires_at: now + response.expires_in * 1000,
    token_type: response.token_type,
    user_id: response.user_id,
    client_id: response.client_id,
  };
  if (response.refresh_token) tokens.refresh_token = response.refresh_token;
  return tokens;
}

/** True when the access token should be refreshed now: within the margin of its expiry. */
export function isDueForRefresh(tokens: TokenSet, now: number = Date.now()): boolean {
  return tokens.expires_at !== undefined && now >= tokens.expires_at - REFRESH_MARGIN_MS;
}

/** True when the access token is past its expiry. */
export function isExpired(tokens: TokenSet, now: number = Date.now()): boolean {
  return tokens.expires_at !== undefined && now >= tokens.expires_at;
}

/** Checks a value read from a store or a file before trusting it as tokens. */
export function isTokenSet(value: unknown): value is TokenSet {
  if (typeof value !== 'object' || value === null) return false;
  const tokens = value as Record<string, unknown>;
  return (
    typeof tokens.access_token === 'string' &&
    (tokens.refresh_token === undefined || typeof tokens.refresh_token === 'string') &&
    (tokens.expires_at === undefined || typeof tokens.expires_at === 'number')
  );
}
