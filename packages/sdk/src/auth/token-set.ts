import { isSecretKey, REDACTED } from '../core/redact.js';

/**
 * What a login gives: Monzo's token response, with the expiry as an absolute time. Every `TokenSet` the SDK
 * returns prints masked in `util.inspect` and `console.log` (see `withMaskedInspect`); its fields, and
 * `JSON.stringify`, hold the tokens themselves, for a store to keep.
 */
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
  return withMaskedInspect(tokens);
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

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** What Node passes a custom inspect function: its options, and `inspect` itself (Node 16.14+, Bun, Deno). */
type Inspect = (value: unknown, options?: object) => string;
type InspectOptions = { depth?: number | null } & object;

/**
 * Makes `util.inspect` and `console.log` (Node, Bun, Deno) print `tokens` with the access and refresh tokens
 * shown as `[REDACTED]`, and returns the same object. Nothing else changes: the fields still hold the tokens,
 * `JSON.stringify` still writes them in full (it is how a store keeps them), and a copy made by spreading
 * (`{ ...tokens }`) prints them unmasked. The SDK's own functions and stores return tokens this way already;
 * a `TokenStore` of your own can call it on what it reads.
 *
 * @example console.log(withMaskedInspect(tokens)) // TokenSet { access_token: '[REDACTED]', … }
 */
export function withMaskedInspect<T extends TokenSet>(tokens: T): T {
  // Not enumerable, and keyed by a symbol: JSON.stringify, Object.keys, spreads and deep equality ignore it. A
  // frozen object cannot take it, and is given back as it is rather than fail a read over how it would print.
  if (Object.isExtensible(tokens) && !Object.hasOwn(tokens, INSPECT)) {
    Object.defineProperty(tokens, INSPECT, { value: inspectMasked, enumerable: false, configurable: true });
  }
  return tokens;
}

function inspectMasked(this: TokenSet, depth: number, options: InspectOptions, inspect?: Inspect) {
  const shown: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(this)) {
    shown[key] = isSecretKey(key) && value !== undefined ? REDACTED : value;
  }
  // Without Node's `inspect` at hand, the runtime inspects the masked copy itself.
  if (typeof inspect !== 'function') return shown;
  if (depth < 0) return '[TokenSet]';
  const nested = typeof options.depth === 'number' ? options.depth - 1 : options.depth;
  return `TokenSet ${inspect(shown, { ...options, depth: nested })}`;
}
