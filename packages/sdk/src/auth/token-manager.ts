import type { MonzoApiError } from '../core/errors.js';
import { MonzoAbortError, MonzoAuthenticationError, MonzoTokenStoreError } from '../core/errors.js';
import { redactText } from '../core/redact.js';
import type { AccessTokenSource } from '../core/transport.js';
import type { PreparedSave, TokenStore } from './stores/token-store.js';
import { isDueForRefresh, isExpired, type TokenSet } from './token-set.js';

/** Spends a refresh token and returns the rotated tokens. */
export type Refresher = (refreshToken: string) => Promise<TokenSet>;

/** Told when rotated tokens could not be saved: they are used by this process only until a save succeeds. */
export type UnsavedHandler = (error: MonzoTokenStoreError) => void;

/**
 * Keeps a valid access token at hand: refreshes 5 minutes before expiry and once after a 401, one refresh at a
 * time however many calls wait for it (under the store's lock when it has one), and saves the rotated tokens
 * before any call uses them. A store that can say beforehand that it cannot save (`prepare`) keeps the refresh
 * token unspent. Rotated tokens that still cannot be saved are this process's only copy: they are used from
 * then on (the old refresh token is spent, so holding them back would only lose the login sooner), the save is
 * retried on every call, and the failure is reported once, to `onUnsaved` or else as the error of that call.
 */
export class TokenManager implements AccessTokenSource {
  #current: TokenSet | undefined;
  /** Rotated tokens that the store failed to save: the only copy, used by this process and saved when it can. */
  #unsaved: TokenSet | undefined;
  #inflight: Promise<TokenSet> | undefined;
  /** Tokens from the configuration, used (and saved) when the store has none; dropped at logout, once revoked. */
  #seed: TokenSet | undefined;

  constructor(
    private readonly store: TokenStore,
    private readonly refresher: Refresher | undefined,
    seed?: TokenSet,
    private readonly now: () => number = Date.now,
    private readonly onUnsaved?: UnsavedHandler,
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
    const held = this.#unsaved;
    if (held) {
      // Already reported: a save that fails again changes nothing, and the call goes on with the held tokens.
      try {
        await this.store.set(held);
        if (this.#unsaved === held) this.#unsaved = undefined;
      } catch {}
      return held;
    }
    const stored = await this.read();
    if (stored) {
      this.#current = stored;
      return stored;
    }
    if (!this.#seed) throw loginRequired('No tokens are stored');
    const seed = this.#seed;
    try {
      await this.store.set(seed);
    } catch (error) {
      // The configuration still has them: nothing is lost, and nothing is used that could not be kept.
      throw this.storeError('The tokens could not be saved', error);
    }
    this.#current = seed;
    return seed;
  }

  private async refresh(staleAccessToken: string): Promise<TokenSet> {
    const held = this.#unsaved;
    if (held) {
      // Only this process has these tokens: no other can have rotated them, and no lock or store is needed.
      if (held.access_token !== staleAccessToken && !isDueForRefresh(held, this.now())) return held;
      return this.rotate(held, undefined);
    }
    const run = async (): Promise<TokenSet> => {
      // Another process (or an earlier refresh here) may have rotated the tokens already: use theirs.
      const stored = await this.read();
      if (stored && stored.access_token !== staleAccessToken && !isDueForRefresh(stored, this.now())) {
        this.#current = stored;
        return stored;
      }
      return this.rotate(stored ?? this.#current, await this.prepare());
    };
    if (!this.store.withLock) return run();
    let started = false;
    try {
      return await this.store.withLock(() => {
        started = true;
        return run();
      });
    } catch (error) {
      if (started) throw error;
      throw this.storeError(
        'The token store could not be locked for the refresh',
        error,
        'The refresh token was not spent, so the login is intact: fix the store, then retry.',
      );
    }
  }

  /** Spends `base`'s refresh token and saves what comes back, through `prepared` when the store made it ready. */
  private async rotate(base: TokenSet | undefined, prepared: PreparedSave | undefined): Promise<TokenSet> {
    if (!base?.refresh_token || !this.refresher) {
      await prepared?.discard().catch(() => {});
      throw loginRequired('The access token can no longer be used and there is no refresh token to renew it');
    }
    let rotated: TokenSet;
    try {
      rotated = await this.refresher(base.refresh_token);
    } catch (error) {
      await prepared?.discard().catch(() => {});
      // A peer sharing the store without a lock may have spent this refresh token and saved its successor.
      const now = base === this.#unsaved ? undefined : await this.read();
      if (now && now.refresh_token !== base.refresh_token && !isDueForRefresh(now, this.now())) {
        this.#current = now;
        return now;
      }
      throw error;
    }
    return this.saveRotated(rotated, prepared);
  }

  /** Asks the store to make ready for new tokens; failing, the refresh is not made, so the login is intact. */
  private async prepare(): Promise<PreparedSave | undefined> {
    if (!this.store.prepare) return undefined;
    try {
      return await this.store.prepare();
    } catch (error) {
      throw this.storeError(
        'The token store cannot take new tokens',
        error,
        'The refresh token was not spent, so the login is intact: fix the store, then retry.',
      );
    }
  }

  /**
   * A store failure, its message masked, after `what` happened and before `advice` when given. No `cause`: a
   * store's error may carry the command it ran, tokens included.
   */
  private storeError(what: string, error: unknown, advice?: string): MonzoTokenStoreError {
    const reason = redactText(error instanceof Error ? error.message : String(error), this.secrets());
    if (error instanceof MonzoTokenStoreError && !advice) return new MonzoTokenStoreError(reason);
    const sentence = /[.!?]$/.test(reason) ? reason : `${reason}.`;
    return new MonzoTokenStoreError(`${what}: ${sentence}${advice ? ` ${advice}` : ''}`);
  }

  private async read(): Promise<TokenSet | undefined> {
    try {
      return await this.store.get();
    } catch (error) {
      throw this.storeError('The tokens could not be read', error);
    }
  }

  /**
   * Saves rotated tokens, and only then makes them current: a spent refresh token must never be all that is
   * stored. When the save fails they are this process's only copy, so they are used anyway and kept for a retry.
   */
  private async saveRotated(tokens: TokenSet, prepared: PreparedSave | undefined): Promise<TokenSet> {
    try {
      await (prepared ? prepared.save(tokens) : this.store.set(tokens));
    } catch (error) {
      this.#unsaved = tokens;
      this.#current = tokens;
      const report = this.storeError(
        'The tokens were refreshed but could not be saved',
        error,
        'This process keeps the new tokens in memory and goes on with them, retrying the save on every call; ' +
          'they are lost when it ends, as the old refresh token is spent. Fix the store before then (write ' +
          'access, free space), or log in again afterwards.',
      );
      if (!this.onUnsaved) throw report;
      this.onUnsaved(report);
      return tokens;
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
