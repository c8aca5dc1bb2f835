import { fail } from '../core/http.js';
import type { AccessTokenInfo } from '../core/router.js';
import type { MockClientRegistration } from '../options.js';
import type { World } from '../world.js';
import {
  accessTokenEvicted,
  accessTokenExpired,
  badAccessToken,
  badClientCredentials,
  badRefreshToken,
  insufficientPermissions,
  refreshTokenEvicted,
} from './errors.js';
import { isRedirectAllowed } from './redirect-uri.js';
import { constantTimeEqual, secureRandom } from './secrets.js';

/** Authorization codes live 10 minutes of the emulator's clock (monzo-api.md §11). */
export const CODE_TTL_MS = 10 * 60 * 1000;

/**
 * How many dead tokens (evicted, spent, logged out) are remembered, so that they keep their precise error; older
 * ones are forgotten and then answer as unknown. Bounds memory in a long-running emulator.
 */
const REMEMBERED_DEAD = 10_000;
/** How many unexchanged codes are kept at most; a page reloaded in a loop must not grow memory without end. */
const MAX_PENDING_CODES = 10_000;

/** Monzo's `/oauth2/token` answer (`oauth-token.response.json`), fields in the same order. */
export interface TokenGrant {
  access_token: string;
  client_id: string;
  expires_in: number;
  refresh_token?: string;
  token_type: 'Bearer';
  user_id: string;
}

interface CodeRecord {
  clientId: string;
  redirectUri: string;
  userId: string;
  expiresAt: number;
}

/** An access token with its fate: live, replaced by a newer token, or revoked by a logout. */
interface TokenRecord extends AccessTokenInfo {
  status: 'active' | 'evicted' | 'revoked';
  refreshToken: string | undefined;
}

/** A refresh token with its fate: `spent` once used (single-use), `evicted` by a newer login, `revoked` by logout. */
interface RefreshRecord {
  status: 'active' | 'spent' | 'evicted' | 'revoked';
  access: TokenRecord;
}

/**
 * The OAuth state of the emulator: registered clients, pending authorization codes, and access and refresh tokens.
 * One access token is live per client and user (monzo-api.md §3.6); approval in the app is a flag on it (`approvedAt`)
 * that a refresh carries over unchanged, so the 5-minute full-history window does not restart (monzo-api.md §4.5).
 */
export class OAuth {
  readonly #world: World;
  readonly #clients = new Map<string, Required<MockClientRegistration>>();
  readonly #codes = new Map<string, CodeRecord>();
  readonly #tokens = new Map<string, TokenRecord>();
  readonly #refreshTokens = new Map<string, RefreshRecord>();
  /** The live access token of each `client user` pair. */
  readonly #current = new Map<string, TokenRecord>();

  constructor(world: World) {
    this.#world = world;
    this.registerClient(world.options.client);
  }

  /** Adds (or replaces) a client that may log in. */
  registerClient(registration: MockClientRegistration): void {
    this.#clients.set(registration.clientId, {
      clientId: registration.clientId,
      clientSecret: registration.clientSecret,
      redirectUris: registration.redirectUris ?? [],
      confidential: registration.confidential ?? true,
    });
  }

  /** The registered client with this id, if any. */
  client(clientId: string): Required<MockClientRegistration> | undefined {
    return this.#clients.get(clientId);
  }

  /** True when this client may be sent back to `uri` (its registered list, or any loopback `http` URI). */
  redirectAllowed(client: Required<MockClientRegistration>, uri: string): boolean {
    return isRedirectAllowed(client.redirectUris, uri);
  }

  /** A new single-use authorization code for a login the user allowed (or that was auto-approved). */
  issueCode(clientId: string, redirectUri: string): string {
    const now = this.#world.clock.now();
    this.#forgetStaleCodes(now);
    const code = secureRandom(32);
    this.#codes.set(code, {
      clientId,
      redirectUri,
      userId: this.#world.bank.userId,
      expiresAt: now + CODE_TTL_MS,
    });
    return code;
  }

  /** The `authorization_code` grant: spends the code and issues tokens, evicting the user's previous login. */
  exchangeCode(input: {
    clientId: string;
    clientSecret: string;
    redirectUri: string;
    code: string;
  }): TokenGrant {
    const client = this.#authenticateClient(input.clientId, input.clientSecret);
    const record = this.#codes.get(input.code);
    if (!record || record.clientId !== client.clientId) {
      throw fail.badParam('code', 'The authorization code is invalid or has already been used');
    }
    if (this.#world.clock.now() >= record.expiresAt) {
      this.#codes.delete(input.code);
      throw fail.badParam('code', 'The authorization code has expired');
    }
    // A mismatch leaves the code unspent: the client may correct its request while the code lives.
    if (record.redirectUri !== input.redirectUri) {
      throw fail.badParam(
        'redirect_uri',
        'The redirect_uri must be the one given to the authorization request',
      );
    }
    this.#codes.delete(input.code);
    const now = this.#world.clock.now();
    const grant = this.#issue(client, record.userId, this.#world.options.autoApprove ? now : undefined);
    this.#world.counters.grant('authorization_code');
    return grant;
  }

  /** The `refresh_token` grant: spends the refresh token and rotates both tokens, keeping the login's approval. */
  refresh(input: { clientId: string; clientSecret: string; refreshToken: string }): TokenGrant {
    const client = this.#authenticateClient(input.clientId, input.clientSecret);
    const record = this.#refreshTokens.get(input.refreshToken);
    if (!record || record.access.clientId !== client.clientId) throw badRefreshToken();
    if (record.status === 'evicted') throw refreshTokenEvicted();
    if (record.status !== 'active') throw badRefreshToken();
    record.status = 'spent';
    const previous = record.access;
    const approvedAt =
      previous.approvedAt ?? (this.#world.options.autoApprove ? this.#world.clock.now() : undefined);
    const grant = this.#issue(client, previous.userId, approvedAt);
    this.#world.counters.grant('refresh_token');
    return grant;
  }

  /**
   * The caller's access token, from the `Authorization` header (`Bearer …`), checked for the route's access
   * level. Called on every API request, so it is one map lookup.
   */
  authenticate(authorization: string | null, access: 'token' | 'approved'): AccessTokenInfo {
    const token = bearerToken(authorization);
    if (token === undefined)
      throw badAccessToken('No access token was given: send Authorization: Bearer <token>');
    const record = this.#tokens.get(token);
    if (!record) throw badAccessToken('Bad access token');
    if (record.status === 'evicted') throw accessTokenEvicted();
    if (record.status === 'revoked') throw badAccessToken('Access token has been revoked');
    if (this.#world.clock.now() >= record.expiresAt) throw accessTokenExpired();
    if (access === 'approved' && record.approvedAt === undefined) throw insufficientPermissions();
    return record;
  }

  /** Logs out: the access token and its refresh token stop working at once (monzo-api.md §3.8). */
  logout(token: AccessTokenInfo): void {
    const record = this.#tokens.get(token.token);
    if (record?.status === 'active') this.#retire(record, 'revoked');
  }

  /**
   * Approves logins as the user would in the app: one access token, or every live one still pending. Returns how
   * many were approved (0 for an unknown, dead or already approved token).
   */
  approve(accessToken?: string): number {
    const now = this.#world.clock.now();
    const candidates =
      accessToken === undefined ? [...this.#current.values()] : [this.#tokens.get(accessToken)];
    let approved = 0;
    for (const record of candidates) {
      if (record?.status === 'active' && record.approvedAt === undefined) {
        record.approvedAt = now;
        approved++;
      }
    }
    return approved;
  }

  /** Makes every live access token expired now; refresh tokens keep working. */
  expireAccessTokens(): void {
    const now = this.#world.clock.now();
    for (const record of this.#current.values()) record.expiresAt = Math.min(record.expiresAt, now);
  }

  /** Checks client credentials in constant time; an unknown client and a wrong secret look the same. */
  #authenticateClient(clientId: string, clientSecret: string): Required<MockClientRegistration> {
    const client = this.#clients.get(clientId);
    const matches = constantTimeEqual(clientSecret, client?.clientSecret ?? '');
    if (!client || !matches) throw badClientCredentials();
    return client;
  }

  /** Issues a new access token (and a refresh token to a confidential client), evicting the pair's previous one. */
  #issue(
    client: Required<MockClientRegistration>,
    userId: string,
    approvedAt: number | undefined,
  ): TokenGrant {
    const key = `${client.clientId} ${userId}`;
    const previous = this.#current.get(key);
    if (previous) this.#retire(previous, 'evicted');

    const now = this.#world.clock.now();
    const ttlSeconds = this.#world.options.tokenTtlSeconds;
    const record: TokenRecord = {
      token: secureRandom(48),
      clientId: client.clientId,
      userId,
      issuedAt: now,
      expiresAt: now + ttlSeconds * 1000,
      status: 'active',
      refreshToken: client.confidential ? secureRandom(48) : undefined,
    };
    if (approvedAt !== undefined) record.approvedAt = approvedAt;
    this.#tokens.set(record.token, record);
    this.#current.set(key, record);
    if (record.refreshToken)
      this.#refreshTokens.set(record.refreshToken, { status: 'active', access: record });
    forgetOldest(this.#tokens, REMEMBERED_DEAD + this.#current.size);
    forgetOldest(this.#refreshTokens, REMEMBERED_DEAD + this.#current.size);

    // The documented field order: access_token, client_id, expires_in, refresh_token, token_type, user_id.
    return {
      access_token: record.token,
      client_id: client.clientId,
      expires_in: ttlSeconds,
      ...(record.refreshToken ? { refresh_token: record.refreshToken } : {}),
      token_type: 'Bearer',
      user_id: userId,
    };
  }

  /** Ends a live access token and, if still unused, its refresh token, with the same fate. */
  #retire(record: TokenRecord, status: 'evicted' | 'revoked'): void {
    record.status = status;
    const refresh = record.refreshToken ? this.#refreshTokens.get(record.refreshToken) : undefined;
    if (refresh?.status === 'active') refresh.status = status;
    const key = `${record.clientId} ${record.userId}`;
    if (this.#current.get(key) === record) this.#current.delete(key);
  }

  /** Drops expired codes (oldest first, as they were issued) and the oldest beyond the cap. */
  #forgetStaleCodes(now: number): void {
    for (const [code, record] of this.#codes) {
      if (record.expiresAt > now && this.#codes.size < MAX_PENDING_CODES) break;
      this.#codes.delete(code);
    }
  }
}

/** Deletes the oldest dead entries of a map (insertion order) until it holds at most `limit`. */
function forgetOldest(map: Map<string, { status: string }>, limit: number): void {
  if (map.size <= limit) return;
  for (const [key, value] of map) {
    if (map.size <= limit) return;
    if (value.status !== 'active') map.delete(key);
  }
}

/** The token of an `Authorization: Bearer <token>` header; the scheme is case-insensitive (RFC 7235). */
function bearerToken(header: string | null): string | undefined {
  if (header === null || header.length < 8 || header.slice(0, 7).toLowerCase() !== 'bearer ')
    return undefined;
  const token = header.slice(7).trim();
  return token === '' ? undefined : token;
}
