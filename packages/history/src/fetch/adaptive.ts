/**
 * How many requests to keep in flight: the decisions alone, on an injected clock, so that they are tested
 * without a server or a timer. `ConcurrencyLimiter` (limiter.ts) applies them to real requests.
 */

/** What became of one request, as the concurrency policy reads it. */
export type Outcome =
  /** A page came back. */
  | { kind: 'ok'; latencyMs: number }
  /** 429: too fast. `retryAfterMs` when the server said how long to wait. */
  | { kind: 'rate-limited'; retryAfterMs?: number | undefined }
  /** 5xx, a reset or a timeout: the server is struggling. */
  | { kind: 'server-error' }
  /** Anything that says nothing about load: a 4xx, a cancelled call. */
  | { kind: 'other' };

/** When and how a request was sent, as the limiter saw it. */
export interface Sent {
  /** On the policy's clock. */
  at: number;
  /** The policy's epoch then: only answers to requests sent since the last decrease decrease it again. */
  epoch: number;
  /** Every slot was taken (or others waited): the request tested the limit, and a clean answer may raise it. */
  saturated: boolean;
}

/** The settings of the policy. */
export interface ConcurrencyOptions {
  /** Requests in flight at the start (default 4). */
  initial?: number;
  /** Never fewer (default 1) … */
  min?: number;
  /** … nor more (default 32). */
  max?: number;
  /** A fixed number in flight (`--concurrency N`): no growing, no backing off (a `Retry-After` still pauses). */
  fixed?: number;
  /** Milliseconds, monotonic; default `performance.now`. */
  clock?: () => number;
}

export const DEFAULT_INITIAL = 4;
export const DEFAULT_MAX = 32;
/** After a 429, the pace stays put this long before it rises again; twice as long after each 429, to 30 s. */
const FIRST_HOLD_MS = 2_000;
const LONGEST_HOLD_MS = 30_000;
/** The span over which the rate the server served is measured when a 429 comes. */
const RATE_SPAN_MS = 1_000;
/** Clean answers within the span needed to tell the rate the server allows. */
const MIN_ANSWERS = 5;
/** After a 429, requests start at this share of the rate the server served just before it. */
const PACE_SHARE = 0.95;
/** Once the hold is over, each clean answer raises the pace by this many requests a second. */
const PACE_STEP = 0.05;
/** The slowest pace, requests a second: a server that serves nothing is still asked now and then. */
const SLOWEST_PACE = 0.5;
/**
 * Nor is the pace set below this share of the best rate served over a second: 429s that keep coming whatever
 * the pace (a server refusing a share of requests at random) would otherwise bring it down to nothing.
 */
const PACE_FLOOR_SHARE = 0.5;

/**
 * Additive increase, multiplicative decrease, as TCP does it, and a pace for rate limits.
 *
 * - Growth: only on a clean answer that came back fast (at most twice the fastest seen, plus 100 ms) to a
 *   request sent while every slot was taken (growing an allowance that is not used tests nothing). Until the
 *   first sign of trouble it adds one per answer (doubling per round trip, TCP's slow start: a few round trips
 *   from 4 to 32); after it, one per round trip (additive).
 * - 5xx or a connection failure: halves the concurrency. Only the first bad answer among the requests sent
 *   since the last decrease counts: the others were already on their way.
 * - 429: a rate limit counts requests per time, not in flight, and the time a request takes varies with the
 *   load, so it sets a pace instead: requests start no faster than 95% of the rate the server served in the
 *   last second (but not below half the best rate it served over a second). With too few answers in that
 *   second to go by (under 5), a 429 halves the concurrency as a 5xx does. The pace holds for 2 s (doubling with every 429, up to 30 s), then rises slowly until the next
 *   429: a rate limit is tripped a handful of times per run, not once per round trip. A `Retry-After` pauses
 *   every request for that long.
 *
 * With `fixed`, the concurrency never changes; the pace and `Retry-After` still apply.
 */
export class ConcurrencyPolicy {
  readonly #min: number;
  readonly #max: number;
  readonly #fixed: number | undefined;
  readonly #clock: () => number;
  #window: number;
  #slowStart = true;
  /** Bumped by every decrease: answers to requests sent before it do not decrease again. */
  #epoch = 0;
  #pausedUntil = Number.NEGATIVE_INFINITY;
  #fastest = Number.POSITIVE_INFINITY;
  readonly #served = new ServedRate();
  /** Requests a second; infinite until the first 429. */
  #pace = Number.POSITIVE_INFINITY;
  #holdUntil = Number.NEGATIVE_INFINITY;
  /** When the pace was last set. */
  #paced = Number.NEGATIVE_INFINITY;
  #holdMs = FIRST_HOLD_MS;

  constructor(options: ConcurrencyOptions = {}) {
    this.#min = count('min', options.min ?? 1);
    this.#max = count('max', options.max ?? DEFAULT_MAX);
    if (this.#min > this.#max) throw new RangeError(`min (${this.#min}) is above max (${this.#max})`);
    this.#fixed = options.fixed === undefined ? undefined : count('concurrency', options.fixed);
    const initial = count('initial', options.initial ?? DEFAULT_INITIAL);
    this.#window = Math.min(Math.max(initial, this.#min), this.#max);
    this.#clock = options.clock ?? (() => performance.now());
  }

  /** Requests allowed in flight now. */
  get limit(): number {
    return this.#fixed ?? Math.min(this.#max, Math.max(this.#min, Math.floor(this.#window)));
  }

  /** Requests a second allowed to start; `Infinity` until a 429 set a pace. */
  get pace(): number {
    return this.#pace;
  }

  /** Requests sent now belong to this round: an answer to one of them may decrease the limit. */
  get epoch(): number {
    return this.#epoch;
  }

  /** Until when (on the clock) no request may start, after a `Retry-After`. */
  get pausedUntil(): number {
    return this.#pausedUntil;
  }

  /**
   * What became of a request sent at `at` (on the clock) in `epoch`; `saturated`: every slot was taken when it
   * was sent.
   */
  record(outcome: Outcome, sent: Sent): void {
    const now = this.#clock();
    switch (outcome.kind) {
      case 'ok':
        this.#served.add(now);
        this.#fastest = Math.min(this.#fastest, outcome.latencyMs);
        if (sent.saturated && outcome.latencyMs <= 2 * this.#fastest + 100) this.#grow(now);
        return;
      case 'rate-limited':
        if (outcome.retryAfterMs !== undefined && outcome.retryAfterMs > 0) {
          this.#pausedUntil = Math.max(this.#pausedUntil, now + outcome.retryAfterMs);
        }
        // A request sent within a second of the last pace change may have been refused for what came before it.
        if (sent.epoch === this.#epoch && sent.at >= this.#paced + RATE_SPAN_MS) this.#rateLimited(now);
        return;
      case 'server-error':
        if (sent.epoch === this.#epoch) this.#decrease();
        return;
      case 'other':
        return;
    }
  }

  #grow(now: number): void {
    if (Number.isFinite(this.#pace) && now >= this.#holdUntil) this.#pace += PACE_STEP;
    if (this.#fixed !== undefined) return;
    this.#window = Math.min(this.#window + (this.#slowStart ? 1 : 1 / this.#window), this.#max);
  }

  /** Paces requests at a share of the rate the server served over the last second. */
  #rateLimited(now: number): void {
    const served = this.#served.rate(now);
    if (served === undefined) {
      // Too few answers to tell a rate: slow down as for a 5xx.
      this.#decrease();
      return;
    }
    const floor = Math.max(SLOWEST_PACE, PACE_FLOOR_SHARE * this.#served.best);
    this.#pace = Math.max(floor, PACE_SHARE * served);
    this.#epoch++;
    this.#slowStart = false;
    this.#paced = now;
    this.#holdUntil = now + this.#holdMs;
    this.#holdMs = Math.min(this.#holdMs * 2, LONGEST_HOLD_MS);
  }

  #decrease(): void {
    this.#epoch++;
    if (this.#fixed !== undefined) return;
    this.#slowStart = false;
    this.#window = Math.max(this.#min, this.#window / 2);
  }
}

/**
 * Clean answers a second over the last `RATE_SPAN_MS`, as if the server counted requests per second (the
 * emulator does; Monzo does not say): when it refuses, what it let through in its last second is its quota,
 * however long ago the walk began. And the best such rate so far.
 */
class ServedRate {
  /** When clean answers came back, oldest first; those before `#head` are older than the span. */
  #times: number[] = [];
  #head = 0;
  #best = 0;

  add(now: number): void {
    this.#times.push(now);
    this.#forget(now);
    this.#best = Math.max(this.#best, this.#perSecond());
  }

  /** `undefined` with too little to go on (fewer than `MIN_ANSWERS` in the span). */
  rate(now: number): number | undefined {
    this.#forget(now);
    return this.#times.length - this.#head < MIN_ANSWERS ? undefined : this.#perSecond();
  }

  get best(): number {
    return this.#best;
  }

  #perSecond(): number {
    return ((this.#times.length - this.#head) * 1_000) / RATE_SPAN_MS;
  }

  #forget(now: number): void {
    const cutoff = now - RATE_SPAN_MS;
    while (this.#head < this.#times.length && (this.#times[this.#head] as number) <= cutoff) this.#head++;
    if (this.#head > 1_024) {
      this.#times = this.#times.slice(this.#head);
      this.#head = 0;
    }
  }
}

function count(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1 || value > 1_000) {
    throw new RangeError(`${name} must be a whole number of requests from 1 to 1000, got ${value}`);
  }
  return value;
}
