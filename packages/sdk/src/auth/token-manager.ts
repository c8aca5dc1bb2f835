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

  constructor(
    private readonly store: TokenStore,
    private readonly refresher: Refresher | undefined,
    /** Tokens from the configuration, used (and saved) when the store has none yet. */
    private readonly seed?: TokenSet,
    private readonly now: () => number = Date.now,
  ) {}

  async accessToken(signal?: AbortSignal): Promise<string> {
    let tokens = this.#current;
    if (!tokens || this.#unsaved)
      tokens = await waitFor(
        this.single(() => this.load()),
        signal,
      );
    if (isDueForRefresh(tokens, this.now())) {
      if (tokens.refresh_token && this.refresher) {
        const stale = tokens.access_token;
        tokens = await waitFor(
          this.single(() => this.refresh(stale)),
          signal,
        );
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
    const tokens = await waitFor(
      this.single(() => this.refresh(staleToken)),
      signal,
    );
    if (tokens.access_token === staleToken)
      await waitFor(
        this.single(() => this.refresh(staleToken)),
        signal,
      );
  }

  secrets(): string[] {
    const held = [this.#current, this.#unsaved, this.seed];
    return held.flatMap((tokens) => (tokens ? [tokens.access_token, tokens.refresh_token ?? ''] : []));
  }

  /** Forgets the tokens held in memory, after a logout. */
  forget(): void {
    this.#current = undefined;
    this.#unsaved = undefined;
  }

  /** Runs `task` unless one is already under way, in which case its result is shared (single flight). */
  private single(task: () => Promise<TokenSet>): Promise<TokenSet> {
    this.#inflight ??= task().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  private async load(): Promise<TokenSet> {
    if (this.#unsaved) return this.save(this.#unsaved);
    const stored = await this.store.get();
    if (stored) {
      this.#current = stored;
      return stored;
    }
    if (!this.seed) throw loginRequired('No tokens are stored');
    return this.save(this.seed);
  }

  private async refresh(staleAccessToken: string): Promise<TokenSet> {
    const run = async (): Promise<TokenSet> => {
      // Another process (or an earlier refresh here) may have rotated the tokens already: use theirs.
      const stored = await this.store.get();
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
      const rotated = await this.refresher(base.refresh_token);
      return this.save(rotated);
    };
    return this.store.withLock ? this.store.withLock(run) : run();
  }

  /** Saves rotated tokens, and only then makes them current: a spent refresh token must never be all that is stored. */
  private async save(tokens: TokenSet): Promise<TokenSet> {
    try {
      await this.store.set(tokens);
    } catch (error) {
      this.#unsaved = tokens;
      // No `cause`: a store's error may carry the command it ran, tokens included.
      const reason = redactText(error instanceof Error ? error.message : String(error), this.secrets());
      throw new MonzoTokenStoreError(
        `The tokens could not be saved, so they are held in memory and not used until saved: ${reason}`,
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

/** Waits for a shared task, giving up (without cancelling it for the others) if this caller aborts. */
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
