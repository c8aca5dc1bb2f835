import { type TokenSet, withMaskedInspect } from '../token-set.js';
import type { TokenStore } from './token-store.js';

/** Keeps tokens in this process only. */
export class MemoryTokenStore implements TokenStore {
  #tokens: TokenSet | undefined;

  constructor(tokens?: TokenSet) {
    this.#tokens = tokens ? { ...tokens } : undefined;
  }

  async get(): Promise<TokenSet | undefined> {
    return this.#tokens ? withMaskedInspect({ ...this.#tokens }) : undefined;
  }

  async set(tokens: TokenSet): Promise<void> {
    this.#tokens = { ...tokens };
  }

  async clear(): Promise<void> {
    this.#tokens = undefined;
  }
}
