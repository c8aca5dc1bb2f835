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
/** The largest response body read (decoded): every Monzo answer but a page of transactions is a few kB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
/** The largest page of transactions read (decoded): 100 transactions with merchants are some 200 kB. */
export const DEFAULT_MAX_PAGE_BYTES = 32 * 1024 * 1024;

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
  /**
   * The largest response body read, in bytes as decoded (a compressed body counts inflated). A larger one is a
   * `MonzoResponseParseError`, not retried, and is not read past the limit. Defaults to 1 MiB.
   */
  maxResponseBytes?: number;
  /** The same limit for a page of transactions (`transactions.list`, `iterate`); defaults to 32 MiB. */
  maxPageBytes?: number;
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
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    maxPageBytes: options.maxPageBytes ?? DEFAULT_MAX_PAGE_BYTES,
    userAgent: options.userAgent ? `monzo-ts/${VERSION} ${options.userAgent}` : `monzo-ts/${VERSION}`,
    logger: options.logger,
    ...extras,
  });
}
