import type { MonzoApiError } from '../core/errors.js';
import { MonzoAbortError, MonzoAuthenticationError, MonzoTokenStoreError } from '../core/errors.js';
import { redactText } from '../core/redact.js';
import type { AccessTokenSource } from '../core/transport.js';
import type { TokenStore } from './stores/token-store.js';
import { isDueForRefresh, isExpired, type TokenSet } from './token-set.js';

/** Spends a refresh token and returns the rotated tokens. */
export type Refresher = (refreshToken: string) => Promise<TokenSet>;

/**
 * Keeps a valid access token at hand: refreshes 5 minutes before expiry and once after a 401, one refresh at a
 * time however many calls wait for it (under the store's lock when it has one), and saves the rotated tokens
 * before any call uses them.
 */
export class TokenManager implements AccessTokenSource {
  #current: TokenSet | undefined;
  /** Rotated tokens that the store failed to save: held here, and used only once saved. */
  #unsaved: TokenSet | undefined;
  #inflight: Promise<TokenSet> | undefined;
  /** Tokens from the configuration, used (and saved) when the store has none; dropped at logout, once revoked. */
  #seed: TokenSet | undefined;

  constructor(
    private readonly store: TokenStore,
    private readonly refresher: Refresher | undefined,
    seed?: TokenSet,
    private readonly now: () => number = Date.now,
  ) {
    // A `#` field, unlike a TypeScript `private` one, stays out of util.inspect and JSON.stringify.
    this.#seed = seed;
  }

  ready(): string | undefined {
    const tokens = this.#current;
    return tokens && !this.#unsaved && !isDueForRefresh(tokens, this.now()) ? tokens.access_token : undefined;
  }

  async accessToken(signal?: AbortSignal): Promise<string> {
    let tokens = this.#current;
    if (!tokens || this.#unsaved) tokens = await this.shared(() => this.load(), signal);
    if (isDueForRefresh(tokens, this.now())) {
      if (tokens.refresh_token && this.refresher) {
        const stale = tokens.access_token;
        tokens = await this.shared(() => this.refresh(stale), signal);
      } else if (isExpired(tokens, this.now())) {
        throw loginRequired(
          this.refresher
            ? 'The access token has expired and there is no refresh token to renew it'
            : 'The access token has expired and the client has no clientId and clientSecret to refresh it',
        );
      }
    }
    return tokens.access_token;
  }

  async recover(staleToken: string, error: MonzoApiError, signal?: AbortSignal): Promise<void> {
    if (!this.refresher) {
      throw loginRequired(`Monzo refused the access token (${error.code}) and the client cannot refresh it`);
    }
    // The task under way may be a first load that read the same stale token; then refresh after it.
    const tokens = await this.shared(() => this.refresh(staleToken), signal);
    if (tokens.access_token === staleToken) await this.shared(() => this.refresh(staleToken), signal);
  }

  secrets(): string[] {
    const held = [this.#current, this.#unsaved, this.#seed];
    return held.flatMap((tokens) => (tokens ? [tokens.access_token, tokens.refresh_token ?? ''] : []));
  }

  /** Forgets the tokens held in memory, after a logout. */
  forget(): void {
    this.#current = undefined;
    this.#unsaved = undefined;
    this.#seed = undefined;
  }

  /**
   * Runs `task` unless one is already under way, in which case its result is shared (single flight); a caller
   * that aborts stops waiting without cancelling it for the others.
   */
  private shared(task: () => Promise<TokenSet>, signal: AbortSignal | undefined): Promise<TokenSet> {
    this.#inflight ??= task().finally(() => {
      this.#inflight = undefined;
    });
    return waitFor(this.#inflight, signal);
  }

  private async load(): Promise<TokenSet> {
    if (this.#unsaved) return this.save(this.#unsaved);
    const stored = await this.read();
    if (stored) {
      this.#current = stored;
      return stored;
    }
    if (!this.#seed) throw loginRequired('No tokens are stored');
    return this.save(this.#seed);
  }

  private async refresh(staleAccessToken: string): Promise<TokenSet> {
    const run = async (): Promise<TokenSet> => {
      // Another process (or an earlier refresh here) may have rotated the tokens already: use theirs.
      const stored = await this.read();
      if (stored && stored.access_token !== staleAccessToken && !isDueForRefresh(stored, this.now())) {
        this.#current = stored;
        return stored;
      }
      const base = stored ?? this.#current;
      if (!base?.refresh_token || !this.refresher) {
        throw loginRequired(
          'The access token can no longer be used and there is no refresh token to renew it',
        );
      }
      let rotated: TokenSet;
      try {
        rotated = await this.refresher(base.refresh_token);
      } catch (error) {
        // A peer sharing the store without a lock may have spent this refresh token and saved its successor.
        const now = await this.read();
        if (now && now.refresh_token !== base.refresh_token && !isDueForRefresh(now, this.now())) {
          this.#current = now;
          return now;
        }
        throw error;
      }
      return this.save(rotated);
    };
    return this.store.withLock ? this.store.withLock(run) : run();
  }

  /** A store failure, its message masked. No `cause`: a store's error may carry the command it ran, tokens included. */
  private storeError(what: string, error: unknown): MonzoTokenStoreError {
    const secrets = this.secrets();
    if (error instanceof MonzoTokenStoreError)
      return new MonzoTokenStoreError(redactText(error.message, secrets));
    const reason = redactText(error instanceof Error ? error.message : String(error), secrets);
    return new MonzoTokenStoreError(`${what}: ${reason}`);
  }

  private async read(): Promise<TokenSet | undefined> {
    try {
      return await this.store.get();
    } catch (error) {
      throw this.storeError('The tokens could not be read', error);
    }
  }

  /** Saves rotated tokens, and only then makes them current: a spent refresh token must never be all that is stored. */
  private async save(tokens: TokenSet): Promise<TokenSet> {
    try {
      await this.store.set(tokens);
    } catch (error) {
      this.#unsaved = tokens;
      throw this.storeError(
        'The tokens could not be saved, so they are held in memory and not used until saved',
        error,
      );
    }
    this.#unsaved = undefined;
    this.#current = tokens;
    return tokens;
  }
}

function loginRequired(reason: string): MonzoAuthenticationError {
  return new MonzoAuthenticationError({
    status: 401,
    code: 'login_required',
    message: `${reason}: log in again`,
    loginRequired: true,
  });
}

function waitFor<T>(task: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return task;
  if (signal.aborted) return Promise.reject(new MonzoAbortError('The call was aborted by the caller'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () =>
      reject(new MonzoAbortError('The call was aborted by the caller while waiting for tokens'));
    signal.addEventListener('abort', onAbort, { once: true });
    task.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
