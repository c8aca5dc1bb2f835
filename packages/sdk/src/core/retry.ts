/**
 * When a failed attempt may be repeated, and how long to wait first. A request that may have been processed is
 * repeated only when repeating it is safe (`idempotent`): money must never move twice.
 */

/** Statuses worth another attempt: the server was briefly unable, not unwilling. */
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;

export type Outcome =
  | { kind: 'response'; status: number }
  /** `sent` is false only when the connection was refused, so nothing reached the server. */
  | { kind: 'network'; sent: boolean }
  | { kind: 'timeout' };

/** True when `outcome` may be retried for a request that is (or is not) safe to repeat. */
export function isRetryable(outcome: Outcome, idempotent: boolean): boolean {
  switch (outcome.kind) {
    case 'response':
      // A 429 means Monzo refused the request unprocessed, so even a POST may try again.
      return outcome.status === 429 || (idempotent && RETRYABLE_STATUSES.has(outcome.status));
    case 'network':
      return idempotent || !outcome.sent;
    case 'timeout':
      return idempotent;
  }
}

/** Exponential backoff with full jitter: a random wait up to 0.5 s, 1 s, 2 s… capped at 8 s. */
export function backoffDelay(retryNumber: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** retryNumber);
  return Math.floor(random() * ceiling);
}

/** The three HTTP-date forms (RFC 9110 §5.6.7) all start with a day name and carry hh:mm:ss. */
const HTTP_DATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? .*\b\d{2}:\d{2}:\d{2}\b/i;

/**
 * Reads `Retry-After` as milliseconds: either delay-seconds or an HTTP date. `undefined` when absent or
 * unreadable.
 */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  // `Date.parse` reads almost anything with a digit ("-1" is 2001), which would turn garbage into "retry now".
  if (!HTTP_DATE.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
