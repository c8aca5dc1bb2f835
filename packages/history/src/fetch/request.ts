import type { ListTransactionsParams, Merchant, RequestOptions, Transaction } from 'monzo-ts';
import type { ConcurrencyLimiter, Released } from './limiter.js';
import type { Page } from './types.js';

/**
 * What the walker needs of a client: one page of transactions. A `MonzoClient` is one. Its errors are told
 * apart by their `type`, not by class, so that a client from another copy of the SDK (an application that
 * bundles its own, as the `monzo` CLI does) is understood as well, and this package loads none.
 */
export interface PageSource {
  transactions: {
    list(
      params: ListTransactionsParams & { expand: ['merchant'] },
      options?: RequestOptions,
    ): Promise<Transaction<Merchant>[]>;
  };
}

/** The most a page is asked again after a 5xx or a connection failure (429s have their own budget). */
export const DEFAULT_MAX_RETRIES = 8;
/** A rate limit is waited out this many times per page before the walk gives up. */
const MAX_RATE_LIMITED = 40;
/** A `Retry-After` longer than this ends the walk rather than stall it: the 5-minute window would be gone. */
const LONGEST_RETRY_AFTER_MS = 60_000;
const BASE_DELAY_MS = 100;
const MAX_DELAY_MS = 4_000;

/** Counts `fetchPage` keeps, shared by every window of a walk. */
export interface RequestCounts {
  requests: number;
  rateLimited: number;
  serverErrors: number;
  retries: number;
}

export interface PageRequest {
  client: PageSource;
  limiter: ConcurrencyLimiter;
  account_id: string;
  /** A time (the window's start) or the id of the last transaction taken. */
  since: string;
  before: string | undefined;
  limit: number;
  signal: AbortSignal;
  counts: RequestCounts;
  maxRetries?: number;
}

/**
 * One page, through the limiter, retried here rather than in the SDK (its own retries are off for the call):
 * the limiter must see every 429 and 5xx to slow down, and a 429 waits out its `Retry-After` (the limiter
 * pauses every request for it) or a jittered backoff. Any other error is thrown as it came.
 */
export async function fetchPage(request: PageRequest): Promise<Page> {
  const { client, limiter, counts, signal } = request;
  const maxRetries = request.maxRetries ?? DEFAULT_MAX_RETRIES;
  let failures = 0;
  let refusals = 0;
  for (;;) {
    const permit = await limiter.acquire(signal);
    counts.requests++;
    let outcome: Released = { kind: 'other' };
    let failure: unknown;
    try {
      const page = await client.transactions.list(
        {
          account_id: request.account_id,
          since: request.since,
          before: request.before,
          limit: request.limit,
          expand: ['merchant'],
        },
        { signal, maxRetries: 0 },
      );
      outcome = { kind: 'ok' };
      return page;
    } catch (error) {
      failure = error;
      outcome = classify(error);
    } finally {
      permit.release(outcome);
    }
    let wait: number;
    if (outcome.kind === 'rate-limited') {
      counts.rateLimited++;
      const retryAfter = outcome.retryAfterMs;
      if (++refusals > MAX_RATE_LIMITED || (retryAfter ?? 0) > LONGEST_RETRY_AFTER_MS) throw failure;
      // The limiter holds every request for a `Retry-After`; without one, this request backs off alone.
      wait = retryAfter === undefined ? backoff(refusals) : 0;
    } else if (outcome.kind === 'server-error') {
      counts.serverErrors++;
      if (++failures > maxRetries) throw failure;
      wait = backoff(failures);
    } else {
      throw failure;
    }
    counts.retries++;
    await sleep(wait, signal);
  }
}

/** An SDK error as the walker reads it, from any copy of the SDK. */
interface SdkError {
  type?: unknown;
  status?: unknown;
  retryAfter?: unknown;
}

/** How the limiter should read a failed request. */
function classify(error: unknown): Released {
  const { type, retryAfter } = (error ?? {}) as SdkError;
  if (type === 'MonzoRateLimitError') {
    return { kind: 'rate-limited', retryAfterMs: typeof retryAfter === 'number' ? retryAfter : undefined };
  }
  return isStruggling(error) ? { kind: 'server-error' } : { kind: 'other' };
}

/** A 5xx (or 408), a reset, a timeout: worth another try, and a sign to slow down. */
function isStruggling(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { type, status } = error as SdkError;
  if (typeof type !== 'string' || !type.startsWith('Monzo') || type === 'MonzoAbortError') return false;
  if (type === 'MonzoConnectionError') return true;
  return typeof status === 'number' && (status >= 500 || status === 408);
}

/** Exponential backoff with full jitter: up to 0.1 s, 0.2 s, 0.4 s… capped at 4 s. */
function backoff(attempt: number): number {
  return Math.floor(Math.random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1)));
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
