import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConcurrencyLimiter, type Permit } from './limiter.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Resolves what can resolve now, without moving the clock. */
const settle = () => vi.advanceTimersByTimeAsync(0);

/** Acquires and records the order permits are granted in. */
function take(limiter: ConcurrencyLimiter, granted: number[], id: number, signal?: AbortSignal) {
  return limiter.acquire(signal).then((permit) => {
    granted.push(id);
    return permit;
  });
}

describe('ConcurrencyLimiter', () => {
  it('lets at most `limit` through at once, the rest in the order they asked', async () => {
    const limiter = new ConcurrencyLimiter({ fixed: 2, clock: () => Date.now() });
    const granted: number[] = [];
    const permits = [1, 2, 3, 4].map((id) => take(limiter, granted, id));
    await settle();
    expect(granted).toEqual([1, 2]);
    expect(limiter.inFlight).toBe(2);
    expect(limiter.waiting).toBe(2);
    (await permits[1])?.release({ kind: 'ok' });
    await settle();
    expect(granted).toEqual([1, 2, 3]);
    // A second release of the same permit frees nothing more.
    (await permits[1])?.release({ kind: 'ok' });
    await settle();
    expect(granted).toEqual([1, 2, 3]);
    expect(limiter.maxInFlight).toBe(2);
  });

  it('drops a waiter whose signal aborts, rejecting with its reason', async () => {
    const limiter = new ConcurrencyLimiter({ fixed: 1, clock: () => Date.now() });
    const granted: number[] = [];
    const first = await take(limiter, granted, 1);
    const controller = new AbortController();
    const waiting = take(limiter, granted, 2, controller.signal);
    const after = take(limiter, granted, 3);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    first.release({ kind: 'ok' });
    await settle();
    expect(granted).toEqual([1, 3]);
    await expect(limiter.acquire(controller.signal)).rejects.toThrow('stop');
    void after;
  });

  it('holds every request for a Retry-After', async () => {
    const limiter = new ConcurrencyLimiter({ fixed: 4, clock: () => Date.now() });
    const granted: number[] = [];
    const permit = await take(limiter, granted, 1);
    permit.release({ kind: 'rate-limited', retryAfterMs: 2_000 });
    const next = [2, 3].map((id) => take(limiter, granted, id));
    await vi.advanceTimersByTimeAsync(1_999);
    expect(granted).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1);
    expect(granted).toEqual([1, 2, 3]);
    await Promise.all(next);
  });

  it('once a 429 has set a pace, starts requests no faster than it', async () => {
    const limiter = new ConcurrencyLimiter({ fixed: 32, clock: () => Date.now() });
    // 50 answers a second for two seconds, then a 429: a pace of 47.5 a second.
    for (let k = 0; k < 100; k++) {
      await vi.advanceTimersByTimeAsync(20);
      (await limiter.acquire()).release({ kind: 'ok' });
    }
    (await limiter.acquire()).release({ kind: 'rate-limited' });
    expect(limiter.policy.pace).toBeCloseTo(47.5, 5);
    const granted: number[] = [];
    const permits: Promise<Permit>[] = [];
    for (let id = 0; id < 30; id++) permits.push(take(limiter, granted, id));
    await vi.advanceTimersByTimeAsync(200);
    // 200 ms at 47.5 a second: about ten (a late timer may catch up by one or two).
    expect(granted.length).toBeGreaterThanOrEqual(9);
    expect(granted.length).toBeLessThanOrEqual(12);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(granted.length).toBe(30);
    for (const permit of permits) (await permit).release({ kind: 'ok' });
  });

  it('takes a number as a fixed concurrency', () => {
    expect(new ConcurrencyLimiter(7).limit).toBe(7);
    expect(new ConcurrencyLimiter().limit).toBe(4);
  });
});
