import type { Logger } from '../core/logger.js';
import { Transport, type TransportConfig } from '../core/transport.js';
import { VERSION } from '../version.js';

/** Monzo's API origin. */
export const DEFAULT_API_URL = 'https://api.monzo.com';
/** Monzo's login page origin: not the API's. */
export const DEFAULT_AUTH_URL = 'https://auth.monzo.com';
/** Per attempt, until the whole body is read. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Retries after the first attempt, only where repeating is safe. */
export const DEFAULT_MAX_RETRIES = 2;
/** A longer `Retry-After` is thrown rather than waited out, so a job never hangs for an hour. */
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

/** The settings of the request pipeline, shared by the client and the plain OAuth functions. */
export interface TransportOptions {
  /** Defaults to `https://api.monzo.com`. */
  apiUrl?: string;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Per attempt; defaults to 30 000. */
  timeoutMs?: number;
  /** Retries after the first attempt, where repeating is safe; defaults to 2. */
  maxRetries?: number;
  /** A `Retry-After` longer than this is thrown as the 429 error instead of waited out; defaults to 60 000. */
  maxRetryAfterMs?: number;
  /** Appended to `monzo-ts/<version>` in the `User-Agent` header. */
  userAgent?: string;
  /** Receives one debug event per attempt; tokens and secrets never reach it. */
  logger?: Logger;
}

/** Builds the pipeline from options, filling in the defaults. */
export function createTransport(
  options: TransportOptions,
  extras: Pick<TransportConfig, 'tokens' | 'secrets'> = {},
): Transport {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  return new Transport({
    apiUrl: options.apiUrl ?? DEFAULT_API_URL,
    // Bound so that runtimes whose fetch needs `this === globalThis` (browsers, Workers) accept it.
    fetch: options.fetch ?? ((input, init) => fetchImpl(input, init)),
    fetchHonoursSignal: options.fetch === undefined,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    maxRetryAfterMs: options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS,
    userAgent: options.userAgent ? `monzo-ts/${VERSION} ${options.userAgent}` : `monzo-ts/${VERSION}`,
    logger: options.logger,
    ...extras,
  });
}
