import type { TokenSet } from '../token-set.js';

/**
 * Where tokens live between calls and processes. The client reads it, and saves every rotated refresh token to
 * it before the new access token is used.
 */
export interface TokenStore {
  get(): Promise<TokenSet | undefined>;
  set(tokens: TokenSet): Promise<void>;
  clear(): Promise<void>;
  /**
   * Runs `fn` while holding a lock shared by every process that uses this store, so that only one of them
   * refreshes at a time. Stores used by one process need not implement it.
   */
  withLock?<T>(fn: () => Promise<T>): Promise<T>;
}
