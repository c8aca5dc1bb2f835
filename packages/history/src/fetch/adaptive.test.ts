import { describe, expect, it } from 'vitest';
import { ConcurrencyPolicy, DEFAULT_INITIAL, DEFAULT_MAX, type Outcome } from './adaptive.js';

/** A policy on a clock the test moves, and a way to answer requests sent now. */
function setup(options: ConstructorParameters<typeof ConcurrencyPolicy>[0] = {}) {
  let now = 0;
  const policy = new ConcurrencyPolicy({ ...options, clock: () => now });
  const sent = (saturated = true) => ({ at: now, epoch: policy.epoch, saturated });
  return {
    policy,
    tick: (ms: number) => {
      now += ms;
    },
    now: () => now,
    sent,
    /** `count` clean answers of `latencyMs` to saturated requests sent just now. */
    ok(count: number, latencyMs = 150) {
      for (let k = 0; k < count; k++) policy.record({ kind: 'ok', latencyMs }, sent());
    },
    answer(outcome: Outcome, saturated = true) {
      policy.record(outcome, sent(saturated));
    },
  };
}

describe('ConcurrencyPolicy', () => {
  it('starts at a few and grows by one per clean, fast answer until the first trouble (slow start), up to the max', () => {
    const s = setup();
    expect(s.policy.limit).toBe(DEFAULT_INITIAL);
    s.ok(4);
    expect(s.policy.limit).toBe(8);
    s.ok(100);
    expect(s.policy.limit).toBe(DEFAULT_MAX);
    expect(s.policy.pace).toBe(Number.POSITIVE_INFINITY);
  });

  it('does not grow on answers to requests sent with slots to spare, nor on slow answers', () => {
    const s = setup();
    for (let k = 0; k < 10; k++) s.answer({ kind: 'ok', latencyMs: 150 }, false);
    expect(s.policy.limit).toBe(4);
    s.ok(1, 150);
    expect(s.policy.limit).toBe(5);
    // Far slower than the fastest seen (over 2 × 150 ms + 100 ms): the server is straining.
    s.ok(10, 450);
    expect(s.policy.limit).toBe(5);
  });

  it('halves on a 5xx once per round, then grows by one per round trip (additive)', () => {
    const s = setup({ initial: 16 });
    const before = s.sent();
    s.answer({ kind: 'server-error' });
    expect(s.policy.limit).toBe(8);
    // Answers to requests that were already on their way when the limit halved: no second halving.
    s.policy.record({ kind: 'server-error' }, before);
    expect(s.policy.limit).toBe(8);
    s.ok(8);
    expect(s.policy.limit).toBe(8);
    s.ok(1);
    expect(s.policy.limit).toBe(9);
    s.answer({ kind: 'server-error' });
    s.answer({ kind: 'server-error' });
    expect(s.policy.limit).toBe(2);
  });

  it('never goes below min, and ignores answers that say nothing of load', () => {
    const s = setup({ initial: 2, min: 2 });
    s.answer({ kind: 'server-error' });
    expect(s.policy.limit).toBe(2);
    s.answer({ kind: 'other' });
    expect(s.policy.limit).toBe(2);
  });

  it('on a 429, paces requests at 95% of the rate served over the last second, holds, then probes upwards', () => {
    const s = setup();
    // 100 answers a second for two seconds.
    for (let k = 0; k < 200; k++) {
      s.tick(10);
      s.ok(1);
    }
    const limit = s.policy.limit;
    s.answer({ kind: 'rate-limited' });
    expect(s.policy.pace).toBeCloseTo(95, 0);
    // A rate limit counts requests per time: the concurrency stays.
    expect(s.policy.limit).toBe(limit);
    // Answers within the hold (2 s) leave the pace as it is…
    for (let k = 0; k < 150; k++) {
      s.tick(10);
      s.ok(1);
    }
    expect(s.policy.pace).toBeCloseTo(95, 0);
    // …and so do 429s to requests sent within a second of it being set (the server may still count older ones).
    s.policy.record({ kind: 'rate-limited' }, { at: s.now() - 600, epoch: s.policy.epoch, saturated: true });
    expect(s.policy.pace).toBeCloseTo(95, 0);
    // After the hold, each clean answer raises it a little.
    for (let k = 0; k < 100; k++) {
      s.tick(10);
      s.ok(1);
    }
    expect(s.policy.pace).toBeGreaterThan(96);
    expect(s.policy.pace).toBeLessThan(101);
  });

  it('holds twice as long after each 429', () => {
    const s = setup();
    const serve = (ms: number) => {
      for (let t = 0; t < ms; t += 10) {
        s.tick(10);
        s.ok(1);
      }
    };
    serve(2_000);
    s.answer({ kind: 'rate-limited' });
    serve(2_010);
    const afterFirstHold = s.policy.pace;
    expect(afterFirstHold).toBeGreaterThan(95);
    s.answer({ kind: 'rate-limited' });
    const paced = s.policy.pace;
    serve(3_900);
    expect(s.policy.pace).toBe(paced);
    serve(200);
    expect(s.policy.pace).toBeGreaterThan(paced);
  });

  it('does not let 429s that keep coming whatever the pace bring it below half the best rate served', () => {
    const s = setup();
    for (let second = 0; second < 30; second++) {
      // The server serves what the pace lets through, up to 100 a second…
      const served = Math.min(100, Math.floor(s.policy.pace));
      for (let k = 0; k < served; k++) {
        s.tick(1_000 / served);
        s.ok(1);
      }
      // …and refuses some requests every second, however few are sent.
      s.answer({ kind: 'rate-limited' });
    }
    expect(s.policy.pace).toBeGreaterThanOrEqual(50);
    expect(s.policy.pace).toBeLessThan(60);
  });

  it('halves instead when a 429 comes before there is a rate to go by', () => {
    const s = setup({ initial: 8 });
    s.ok(2);
    s.answer({ kind: 'rate-limited' });
    expect(s.policy.pace).toBe(Number.POSITIVE_INFINITY);
    expect(s.policy.limit).toBe(5);
  });

  it('pauses every request for a Retry-After', () => {
    const s = setup();
    s.tick(1_000);
    s.answer({ kind: 'rate-limited', retryAfterMs: 3_000 });
    expect(s.policy.pausedUntil).toBe(4_000);
    s.answer({ kind: 'rate-limited', retryAfterMs: 1_000 });
    expect(s.policy.pausedUntil).toBe(4_000);
  });

  it('keeps a fixed concurrency whatever comes back, but still honours a Retry-After', () => {
    const s = setup({ fixed: 6 });
    s.ok(50);
    expect(s.policy.limit).toBe(6);
    s.answer({ kind: 'server-error' });
    s.answer({ kind: 'rate-limited', retryAfterMs: 500 });
    expect(s.policy.limit).toBe(6);
    expect(s.policy.pausedUntil).toBe(500);
  });

  it('says which setting is wrong', () => {
    expect(() => new ConcurrencyPolicy({ fixed: 0 })).toThrow(/concurrency must be a whole number/);
    expect(() => new ConcurrencyPolicy({ max: 1.5 })).toThrow(/max must be a whole number/);
    expect(() => new ConcurrencyPolicy({ min: 8, max: 4 })).toThrow(/min \(8\) is above max \(4\)/);
  });
});
