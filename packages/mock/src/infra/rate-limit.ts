import { MockHttpError } from '../core/http.js';

/**
 * A rate limit like the real one (monzo-api.md §9.4, §11): at most `limit` requests in any `windowMs` per caller (the
 * `Authorization` header), on the emulator's clock. Monzo's figures and whether it sends `Retry-After` are
 * unknown, so the header is sent only when `retryAfterSeconds` is set.
 */
export interface RateLimitConfig {
  limit: number;
  windowMs: number;
  retryAfterSeconds?: number;
}

/** Callers remembered before the stale ones are forgotten; keeps memory flat when tokens come and go. */
const SWEEP_AT = 10_000;

export class RateLimiter {
  #config: RateLimitConfig | undefined;
  /** Per caller, the times of its last `limit` accepted requests, as a ring (oldest at `next`). */
  #callers = new Map<string, { times: Float64Array; next: number }>();

  /** Turns the limit on with a config (checked: a bad one throws a `TypeError`), or off with none. */
  configure(config: RateLimitConfig | undefined): void {
    this.#config = config === undefined ? undefined : parseRateLimitConfig(config);
    this.#callers.clear();
  }

  /** The config in force, if any. */
  get config(): RateLimitConfig | undefined {
    return this.#config;
  }

  /**
   * Counts one request from `key` at `now`, or throws Monzo's 429 when the caller already made `limit` in the
   * last `windowMs`. Refused requests do not count, so a caller that waits out the window gets through.
   */
  check(key: string, now: number): void {
    const config = this.#config;
    if (!config) return;
    let caller = this.#callers.get(key);
    if (!caller) {
      if (this.#callers.size >= SWEEP_AT) this.#sweep(now, config.windowMs);
      caller = { times: new Float64Array(config.limit).fill(Number.NEGATIVE_INFINITY), next: 0 };
      this.#callers.set(key, caller);
    }
    // A sliding window: the request `limit` places back must be at least `windowMs` old.
    if (now - (caller.times[caller.next] as number) < config.windowMs) {
      const headers: Record<string, string> =
        config.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(config.retryAfterSeconds) };
      throw new MockHttpError(
        429,
        'rate_limited',
        'Too many requests: slow down and try again later',
        headers,
      );
    }
    caller.times[caller.next] = now;
    caller.next = (caller.next + 1) % config.limit;
  }

  #sweep(now: number, windowMs: number): void {
    for (const [key, caller] of this.#callers) {
      const newest = caller.times[(caller.next + caller.times.length - 1) % caller.times.length] as number;
      if (now - newest >= windowMs) this.#callers.delete(key);
    }
  }
}

/** Checks a rate-limit config from a test or the HTTP twin; throws a `TypeError` naming the problem. */
export function parseRateLimitConfig(input: unknown): RateLimitConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new TypeError('a rate-limit config must be an object with limit and windowMs');
  }
  const { limit, windowMs, retryAfterSeconds, ...rest } = input as Record<string, unknown>;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined) throw new TypeError(`unknown field "${unknown}" in a rate-limit config`);
  if (!Number.isSafeInteger(limit) || (limit as number) < 1 || (limit as number) > 100_000) {
    throw new TypeError('limit must be a whole number from 1 to 100000');
  }
  if (typeof windowMs !== 'number' || !(windowMs > 0) || !Number.isFinite(windowMs)) {
    throw new TypeError('windowMs must be a positive number');
  }
  const config: RateLimitConfig = { limit: limit as number, windowMs };
  if (retryAfterSeconds !== undefined) {
    if (!Number.isSafeInteger(retryAfterSeconds) || (retryAfterSeconds as number) < 0) {
      throw new TypeError('retryAfterSeconds must be a whole number ≥ 0');
    }
    config.retryAfterSeconds = retryAfterSeconds as number;
  }
  return config;
}
