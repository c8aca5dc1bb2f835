import type { TokenStore } from '../auth/stores/token-store.js';
import type { TokenSet } from '../auth/token-set.js';
import { MonzoConfigError, type MonzoTokenStoreError } from '../core/errors.js';
import { maskUrlCredentials } from '../core/redact.js';
import { isTimerDelay, MAX_TIMER_MS } from '../core/validate.js';
import type { TransportOptions } from './defaults.js';

/** Everything a `MonzoClient` can be given. Tokens come from `tokens`, `tokenStore` or `accessToken`. */
export interface MonzoClientOptions extends TransportOptions {
  /** Defaults to `https://auth.monzo.com`. */
  authUrl?: string;
  /** Needed, with `clientSecret`, to refresh tokens. */
  clientId?: string;
  clientSecret?: string;
  redirectUri?: string;
  /** Tokens from a login. With a `tokenStore` too, they are used only when the store is empty. */
  tokens?: TokenSet;
  /** Where tokens are read and where rotated tokens are saved. */
  tokenStore?: TokenStore;
  /** A token alone (e.g. from the developer playground): used as is, never refreshed. */
  accessToken?: string;
  /**
   * Called when refreshed tokens could not be saved to the token store (the old refresh token is spent by
   * then): the client goes on with the new tokens in memory, retries the save on every call, and the error says
   * how to recover. Without it, the call that refreshed fails with that error instead, and later calls still go
   * on with the new tokens.
   */
  onTokensUnsaved?: (error: MonzoTokenStoreError) => void;
}

/** Names a key in a problem: the option's own name, or the environment variable it came from. */
export type KeyLabel = (key: keyof MonzoClientOptions) => string;

/** Lists every problem with the options at once, so that one run shows all there is to fix. */
export function findProblems(options: MonzoClientOptions, label: KeyLabel = (key) => key): string[] {
  const problems: string[] = [];
  for (const key of ['apiUrl', 'authUrl', 'redirectUri'] as const) {
    const value = options[key];
    if (value !== undefined && !isHttpUrl(value)) {
      // Masked before it is cut: a password cut in half would still show its first characters.
      const shown = maskUrlCredentials(String(value)).slice(0, 80);
      problems.push(`${label(key)} must be an http(s) URL, got ${JSON.stringify(shown)}`);
    } else if (value !== undefined && hasCredentials(value)) {
      // Never quoted: the point is the password in it. fetch refuses such a URL anyway.
      problems.push(
        `${label(key)} must not carry a user name or password (user:pass@): fetch refuses such URLs; remove them`,
      );
    }
  }
  for (const key of ['clientId', 'clientSecret', 'accessToken'] as const) {
    const value = options[key];
    if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
      problems.push(`${label(key)} is empty`);
    }
  }
  if ((options.clientId === undefined) !== (options.clientSecret === undefined)) {
    const missing = options.clientId === undefined ? 'clientId' : 'clientSecret';
    problems.push(`${label(missing)} is missing: clientId and clientSecret go together`);
  }
  const { tokens } = options;
  if (!tokens && !options.tokenStore && options.accessToken === undefined) {
    problems.push(
      `no credentials: give ${label('tokens')}, ${label('tokenStore')} or ${label('accessToken')} (from a login)`,
    );
  }
  if (tokens) {
    if (typeof tokens.access_token !== 'string')
      problems.push(`${label('tokens')}: access_token must be a string`);
    if (tokens.refresh_token !== undefined && tokens.refresh_token.trim() === '') {
      problems.push(`${label('tokens')}: the refresh token is empty`);
    }
    if (tokens.refresh_token !== undefined && options.clientId === undefined) {
      problems.push(`${label('clientId')} and ${label('clientSecret')} are needed to use a refresh token`);
    }
  }
  if (tokens && options.accessToken !== undefined) {
    problems.push(`give either ${label('tokens')} or ${label('accessToken')}, not both`);
  }
  if (options.timeoutMs !== undefined && !isTimerDelay(options.timeoutMs, 1)) {
    problems.push(`${label('timeoutMs')} must be a positive number of milliseconds, at most ${MAX_TIMER_MS}`);
  }
  if (
    options.maxRetries !== undefined &&
    !(Number.isInteger(options.maxRetries) && options.maxRetries >= 0)
  ) {
    problems.push(`${label('maxRetries')} must be a whole number, 0 or more`);
  }
  if (options.maxRetryAfterMs !== undefined && !isTimerDelay(options.maxRetryAfterMs, 0)) {
    problems.push(`${label('maxRetryAfterMs')} must be 0 or more milliseconds, at most ${MAX_TIMER_MS}`);
  }
  if (options.onTokensUnsaved !== undefined && typeof options.onTokensUnsaved !== 'function') {
    problems.push(`${label('onTokensUnsaved')} must be a function`);
  }
  for (const key of ['maxResponseBytes', 'maxPageBytes'] as const) {
    const value = options[key];
    if (value !== undefined && !(Number.isSafeInteger(value) && value > 0)) {
      problems.push(`${label(key)} must be a whole number of bytes, 1 or more`);
    }
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    problems.push(`${label('fetch')} must be a function`);
  }
  if (options.fetch === undefined && typeof globalThis.fetch !== 'function') {
    problems.push(`this runtime has no global fetch: pass ${label('fetch')}`);
  }
  return problems;
}

/** Throws a `MonzoConfigError` naming every problem, if there is any. */
export function assertValidOptions(options: MonzoClientOptions, label?: KeyLabel): void {
  const problems = findProblems(options, label);
  if (problems.length > 0) throw new MonzoConfigError(problems);
}

function hasCredentials(value: string): boolean {
  const url = new URL(value);
  return url.username !== '' || url.password !== '';
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string' || !URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === 'http:' || protocol === 'https:';
}
