import type { TokenSet } from '../token-set.js';

/**
 * Where tokens live between calls and processes. The client reads it, and saves every rotated refresh token to
 * it before the new access token is used.
 */
export interface TokenStore {
  /** The saved tokens, or `undefined` before the first login. */
  get(): Promise<TokenSet | undefined>;
  /** Saves tokens; the client awaits it before using a rotated token, so that none is ever lost. */
  set(tokens: TokenSet): Promise<void>;
  /** Forgets the tokens on logout, so that no revoked token is read back. */
  clear(): Promise<void>;
  /**
   * Runs `fn` while holding a lock shared by every process that uses this store, so that only one of them
   * refreshes at a time. Stores used by one process need not implement it.
   */
  withLock?<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Makes sure the store can take new tokens before a refresh spends the single-use refresh token (a folder
   * that cannot be written, a full disk), and fails if it cannot: then the refresh is not made and the login
   * stays intact. The client saves the rotated tokens through the returned `save`, or calls `discard` when the
   * refresh failed. Stores whose saves cannot fail for such reasons need not implement it.
   */
  prepare?(): Promise<PreparedSave>;
}

/** A save made ready by `TokenStore.prepare`: used once, by `save` or `discard`. */
export interface PreparedSave {
  /** Saves the tokens into what was prepared. */
  save(tokens: TokenSet): Promise<void>;
  /** Releases what was prepared, unused. */
  discard(): Promise<void>;
}
