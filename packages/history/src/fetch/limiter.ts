import { type ConcurrencyOptions, ConcurrencyPolicy, type Outcome, type Sent } from './adaptive.js';

/** What a request's holder reports when it is done: the latency of a clean answer is measured here. */
export type Released = { kind: 'ok' } | Exclude<Outcome, { kind: 'ok' }>;

/** A slot for one request: release it once, with what became of the request. */
export interface Permit {
  release(outcome: Released): void;
}

/** How far behind its pace the limiter may start requests to catch up (a burst of at most this long's worth). */
const CATCH_UP_MS = 50;

interface Waiter {
  grant(permit: Permit): void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/**
 * Lets requests through as the `ConcurrencyPolicy` allows: at most `limit` in flight, no faster than its pace,
 * none during a `Retry-After` pause, the rest waiting in order. One limiter can be shared by the walks of several accounts of
 * one login, since a rate limit counts the login's requests together.
 */
export class ConcurrencyLimiter {
  readonly policy: ConcurrencyPolicy;
  readonly #clock: () => number;
  #inFlight = 0;
  #maxInFlight = 0;
  #waiters: Waiter[] = [];
  /** The earliest a request may start, when a pace is set. */
  #nextStart = Number.NEGATIVE_INFINITY;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** A number is a fixed concurrency (`--concurrency N`); options, or none, an adaptive one. */
  constructor(options: ConcurrencyOptions | number = {}) {
    const settings = typeof options === 'number' ? { fixed: options } : options;
    this.#clock = settings.clock ?? (() => performance.now());
    this.policy = new ConcurrencyPolicy({ ...settings, clock: this.#clock });
  }

  /** Requests allowed in flight now. */
  get limit(): number {
    return this.policy.limit;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** The most requests in flight at once so far. */
  get maxInFlight(): number {
    return this.#maxInFlight;
  }

  /** Requests waiting for a slot. */
  get waiting(): number {
    return this.#waiters.length;
  }

  /** Waits for a slot; rejects with the signal's reason if it aborts first. */
  acquire(signal?: AbortSignal): Promise<Permit> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#waiters.length === 0 && this.#canStart()) return Promise.resolve(this.#take());
    return new Promise<Permit>((resolve, reject) => {
      const waiter: Waiter = {
        grant: resolve,
        signal,
        onAbort: () => {
          this.#waiters = this.#waiters.filter((other) => other !== waiter);
          reject(signal?.reason);
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.#waiters.push(waiter);
      this.#schedule();
    });
  }

  #canStart(): boolean {
    return this.#inFlight < this.policy.limit && this.#clock() >= this.#startsAt();
  }

  /** When the next request may start: after a `Retry-After` pause, and at the pace. */
  #startsAt(): number {
    return Math.max(this.policy.pausedUntil, this.#nextStart);
  }

  #take(): Permit {
    const { pace } = this.policy;
    // Timers fire late: up to `CATCH_UP_MS` of lateness is made up, or the pace would lose that much each time.
    if (Number.isFinite(pace)) {
      this.#nextStart = Math.max(this.#clock() - CATCH_UP_MS, this.#nextStart) + 1_000 / pace;
    }
    this.#inFlight++;
    this.#maxInFlight = Math.max(this.#maxInFlight, this.#inFlight);
    const started = this.#clock();
    const sent: Sent = {
      at: started,
      epoch: this.policy.epoch,
      // Every slot taken, or others waiting: this request tests the limit, and its answer may raise it.
      saturated: this.#inFlight >= this.policy.limit || this.#waiters.length > 0,
    };
    let released = false;
    return {
      release: (outcome) => {
        if (released) return;
        released = true;
        this.#inFlight--;
        const latencyMs = this.#clock() - started;
        this.policy.record(outcome.kind === 'ok' ? { kind: 'ok', latencyMs } : outcome, sent);
        this.#pump();
      },
    };
  }

  /** Lets waiters through while there is room. */
  #pump(): void {
    while (this.#waiters.length > 0 && this.#canStart()) {
      const waiter = this.#waiters.shift() as Waiter;
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.grant(this.#take());
    }
    this.#schedule();
  }

  /** Wakes the waiters when a pause ends or the pace allows the next start (else only a release would). */
  #schedule(): void {
    if (this.#timer !== undefined || this.#waiters.length === 0) return;
    const wait = this.#startsAt() - this.#clock();
    if (wait <= 0) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#pump();
    }, wait);
  }
}
