import type { CreateTransactionInput, DatasetSummary, SettleTransactionInput } from './bank/bank-types.js';
import type { ClockBounds } from './core/clock.js';
import type { CounterSnapshot } from './infra/counters.js';
import type { FaultRule } from './infra/faults.js';
import type { RateLimitConfig } from './infra/rate-limit.js';
import type { World } from './world.js';

/**
 * Steers the emulator from a test: approve logins, move the clock, create transactions, inject faults, read
 * counters. Every method has an HTTP twin under `/_mock/…` for clients in other processes or languages.
 */
export interface MockControl {
  /** Approves logins as the user would in the Monzo app: one access token, or every pending one. Returns how many. */
  approve(accessToken?: string): number;
  /**
   * Moves the emulator's clock forward by `ms` (token expiry, the 5-minute SCA window, the 90-day limit), or
   * back with a negative `ms`. A whole number, landing from when the data begins to 9999-01-01: else a
   * `RangeError` that gives the range, and the clock does not move.
   */
  advanceTime(ms: number): void;
  /** Sets the emulator's clock (whole epoch ms), from when the data begins to 9999-01-01, as `advanceTime`. */
  setTime(epochMs: number): void;
  /** The emulator's time, epoch ms: it runs in real time from where it was set. */
  now(): number;
  /** Makes every access token expired now (refresh tokens stay valid). */
  expireAccessTokens(): void;
  /** Creates a transaction as if it just happened, updates the balance, and delivers `transaction.created`. */
  createTransaction(input: CreateTransactionInput): Record<string, unknown>;
  /**
   * Settles a pending card payment now (or `at` a time up to now), at the authorised amount or another one: lists
   * and gets then show `settled` and `updated`. Made ones also settle by themselves a day after they were made.
   */
  settleTransaction(id: string, input?: SettleTransactionInput): Record<string, unknown>;
  /** Adds a fault rule; returns a function that removes it. */
  fault(rule: FaultRule): () => void;
  /** Removes every fault rule. */
  clearFaults(): void;
  /** Turns the rate limit on (with a config) or off (with none). */
  rateLimit(config?: RateLimitConfig): void;
  /** Requests per route, token grants and webhook deliveries since start or the last reset. */
  counters(): CounterSnapshot;
  /** Zeroes the counters, so a test counts only what it caused. */
  resetCounters(): void;
  /** The seeded user, accounts and pots, for tests to use their ids. */
  dataset(): DatasetSummary;
  /** Back to the freshly seeded state. */
  reset(): void;
  /**
   * Settles once no Monzo request is being handled. A request the client gave up on (a timeout) still runs to
   * its end, as at Monzo: wait for this before reading balances that such a request could still change.
   */
  idle(): Promise<void>;
}

export function createControl(world: World): MockControl {
  return {
    approve: (accessToken) => world.oauth.approve(accessToken),
    advanceTime: (ms) => world.clock.advance(ms, { earliest: dataBegins(world) }),
    setTime: (epochMs) => world.clock.set(epochMs, { earliest: dataBegins(world) }),
    now: () => world.clock.now(),
    expireAccessTokens: () => world.oauth.expireAccessTokens(),
    createTransaction: (input) => world.bank.createTransaction(input),
    settleTransaction: (id, input) => world.bank.settleTransaction(id, input),
    fault: (rule) => {
      const id = world.faults.add(rule);
      return () => world.faults.remove(id);
    },
    clearFaults: () => world.faults.clear(),
    rateLimit: (config) => world.rateLimiter.configure(config),
    counters: () => world.counters.snapshot(),
    resetCounters: () => world.counters.reset(),
    dataset: () => world.bank.summary(),
    reset: () => world.reset(),
    idle: () => world.inFlight.idle(),
  };
}

/**
 * When the seeded data begins (the oldest account's opening): a clock before it would show accounts and
 * payments from its future.
 */
function dataBegins(world: World): ClockBounds['earliest'] {
  const opened = world.bank.accounts(world.bank.userId).map((account) => Date.parse(String(account.created)));
  return { time: Math.min(...opened), what: 'when the seeded data begins' };
}
