import {
  isTokenSet,
  MonzoTokenStoreError,
  type TokenSet,
  type TokenStore,
  withMaskedInspect,
} from 'monzo-ts';
import { DEFAULT_TIMEOUT_MS, RedisConnection, type RedisTarget } from './connection.js';
import { type LockOptions, RedisLock } from './lock.js';

/** The key tokens are kept under unless told otherwise. */
export const DEFAULT_TOKEN_KEY = 'monzo:tokens';

/** Where Redis is (a URL or a client of yours) and where in it the tokens live. */
export type RedisTokenStoreOptions = RedisTarget & {
  /** The key the tokens are kept under, as JSON; the lock is `${key}:lock`. Default `monzo:tokens`. */
  key?: string;
  /** The refresh lock: its expiry (renewed while held) and how long to wait for it. */
  lock?: LockOptions;
  /** How long one Redis operation may take before it fails. Default 5 000. */
  timeoutMs?: number;
};

/**
 * Keeps one login in Redis for every process that uses the same key: they read the same tokens, and refresh
 * under a lock shared through Redis, so that exactly one of them spends the refresh token and the others use
 * what it saved. A Redis that is down or restarting makes calls fail fast with a `MonzoTokenStoreError`, and
 * they work again as soon as Redis is back.
 *
 * @example
 * const store = new RedisTokenStore({ url: 'redis://127.0.0.1:6379', key: 'monzo:tokens' });
 * const monzo = new MonzoClient({ clientId, clientSecret, tokenStore: store });
 */
export class RedisTokenStore implements TokenStore {
  readonly key: string;
  readonly #connection: RedisConnection;
  readonly #lock: RedisLock;

  constructor(options: RedisTokenStoreOptions) {
    this.key = options.key ?? DEFAULT_TOKEN_KEY;
    this.#connection = new RedisConnection(options, options.timeoutMs ?? DEFAULT_TIMEOUT_MS, storeError);
    this.#lock = new RedisLock(this.#connection, `${this.key}:lock`, storeError, options.lock);
  }

  /** The saved tokens, or `undefined` before the first login; a corrupt entry is a `MonzoTokenStoreError`. */
  async get(): Promise<TokenSet | undefined> {
    const text = await this.#connection.run(`read the tokens (key ${this.key})`, (client) =>
      client.get(this.key),
    );
    if (text === null) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!isTokenSet(parsed)) {
      throw storeError(
        `the key ${this.key} in ${this.#connection.where} does not hold tokens; delete it and log in again`,
      );
    }
    return withMaskedInspect(parsed);
  }

  /** Saves tokens for every process sharing the key. */
  async set(tokens: TokenSet): Promise<void> {
    const secrets = [tokens.access_token, tokens.refresh_token ?? ''];
    await this.#connection.run(
      `save the tokens (key ${this.key})`,
      (client) => client.set(this.key, JSON.stringify(tokens)),
      secrets,
    );
  }

  /** Forgets the tokens, for every process sharing the key. */
  async clear(): Promise<void> {
    await this.#connection.run(`clear the tokens (key ${this.key})`, (client) => client.del(this.key));
  }

  /**
   * Runs `fn` holding the lock `${key}:lock`, which every process sharing the key respects. The lock expires
   * after `lock.ttlMs` unless renewed, and is renewed while `fn` runs, so a process that dies holding it delays
   * the others by at most that long.
   */
  withLock<T>(fn: () => Promise<T>): Promise<T> {
    return this.#lock.run(fn);
  }

  /** Closes the Redis connection if the store opened it (from `url`); a `client` passed in stays open. */
  close(): Promise<void> {
    return this.#connection.close();
  }
}

function storeError(message: string): MonzoTokenStoreError {
  return new MonzoTokenStoreError(`Redis token store: ${message}`);
}
