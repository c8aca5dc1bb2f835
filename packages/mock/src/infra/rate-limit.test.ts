import { MonzoRateLimitError } from 'monzo-ts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MockHttpError } from '../core/http.js';
import { createMockMonzo } from '../index.js';
import { RateLimiter } from './rate-limit.js';
import { IN_PROCESS, sdkClient } from './test-support.js';

/** The status `check` ends in: 200 when let through, else the error's. */
function status(limiter: RateLimiter, key: string, now: number): number {
  try {
    limiter.check(key, now);
    return 200;
  } catch (error) {
    return error instanceof MockHttpError ? error.status : 0;
  }
}

describe('RateLimiter', () => {
  it('lets everything through until configured', () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 1_000; i++) limiter.check('a', 0);
  });

  it('allows `limit` requests in any window of `windowMs` per key, refusing the rest', () => {
    const limiter = new RateLimiter();
    limiter.configure({ limit: 3, windowMs: 1_000 });
    expect([0, 100, 200, 300].map((t) => status(limiter, 'a', t))).toEqual([200, 200, 200, 429]);
    expect(status(limiter, 'b', 300)).toBe(200);
    // A sliding window: the first request leaves it at 1000, the second at 1100.
    expect(status(limiter, 'a', 999)).toBe(429);
    expect(status(limiter, 'a', 1_000)).toBe(200);
    expect(status(limiter, 'a', 1_050)).toBe(429);
    expect(status(limiter, 'a', 1_100)).toBe(200);
  });

  it('forgets every caller when configured again or turned off', () => {
    const limiter = new RateLimiter();
    limiter.configure({ limit: 1, windowMs: 1_000 });
    limiter.check('a', 0);
    limiter.configure({ limit: 1, windowMs: 1_000 });
    expect(status(limiter, 'a', 1)).toBe(200);
    limiter.configure(undefined);
    expect(status(limiter, 'a', 2)).toBe(200);
    expect(limiter.config).toBeUndefined();
  });

  it('answers rate_limited, with Retry-After only when configured', () => {
    const limiter = new RateLimiter();
    limiter.configure({ limit: 1, windowMs: 1_000 });
    limiter.check('a', 0);
    const error = (() => {
      try {
        limiter.check('a', 0);
      } catch (e) {
        return e as MockHttpError;
      }
    })();
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', headers: {} });
    limiter.configure({ limit: 1, windowMs: 1_000, retryAfterSeconds: 2 });
    limiter.check('a', 0);
    expect(() => limiter.check('a', 0)).toThrow(expect.objectContaining({ headers: { 'Retry-After': '2' } }));
  });

  it.each([
    { limit: 0, windowMs: 1 },
    { limit: 1.5, windowMs: 1 },
    { limit: 1, windowMs: 0 },
    { limit: 1, windowMs: 1, retryAfterSeconds: -1 },
    { limit: 1, windowMs: 1, burst: 2 },
  ])('refuses the config %j', (config) => {
    expect(() => new RateLimiter().configure(config)).toThrow(TypeError);
  });
});

describe('the rate limit in the emulator', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is off by default, and counts per Authorization header on the emulator clock', async () => {
    const mock = createMockMonzo();
    const whoami = (token: string) =>
      mock.fetch(`${IN_PROCESS}/ping/whoami`, { headers: { Authorization: `Bearer ${token}` } });
    for (let i = 0; i < 20; i++) expect((await whoami('a')).status).toBe(401);

    mock.control.rateLimit({ limit: 2, windowMs: 60_000 });
    expect((await whoami('a')).status).toBe(401);
    expect((await whoami('a')).status).toBe(401);
    const limited = await whoami('a');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeNull();
    expect(await limited.json()).toEqual({
      code: 'rate_limited',
      message: expect.any(String),
      retryable: { value: true },
    });
    expect((await whoami('b')).status).toBe(401);
    // The control API is never limited.
    expect((await mock.fetch(`${IN_PROCESS}/_mock/time`)).status).toBe(200);

    mock.control.advanceTime(60_000);
    expect((await whoami('a')).status).toBe(401);
  });

  it('counts its refusals per route, apart from the requests (which include them) and from a fault’s 429', async () => {
    const mock = createMockMonzo();
    const get = (path: string) =>
      mock.fetch(`${IN_PROCESS}${path}`, { headers: { Authorization: 'Bearer a' } });
    mock.control.fault({ path: '/accounts', status: 429, times: 1 });
    mock.control.rateLimit({ limit: 2, windowMs: 60_000 });
    const statuses = [];
    for (const path of ['/accounts', '/ping/whoami', '/ping/whoami', '/ping/whoami', '/balance']) {
      statuses.push((await get(path)).status);
    }
    // The fault answers before the limit is asked; the limit then lets two whoamis through.
    expect(statuses).toEqual([429, 401, 401, 429, 429]);
    const counters = mock.control.counters();
    expect(counters.rateLimited).toEqual({ 'GET /ping/whoami': 1, 'GET /balance': 1 });
    expect(counters.requests).toEqual({ 'GET /accounts': 1, 'GET /ping/whoami': 3, 'GET /balance': 1 });
    mock.control.resetCounters();
    expect(mock.control.counters().rateLimited).toEqual({});
  });

  it('sends Retry-After in seconds when configured, and the SDK waits that long before its retry', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const mock = createMockMonzo({ autoApprove: true });
    const { monzo } = await sdkClient(mock, IN_PROCESS, 2);
    mock.control.rateLimit({ limit: 1, windowMs: 5_000, retryAfterSeconds: 5 });
    mock.control.resetCounters();

    await monzo.accounts.list();
    let done = false;
    const second = monzo.accounts.list().then((accounts) => {
      done = true;
      return accounts;
    });
    await vi.advanceTimersByTimeAsync(4_999);
    expect(done).toBe(false);
    expect(mock.control.counters().requests['GET /accounts']).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect((await second).length).toBeGreaterThan(0);
    expect(mock.control.counters().requests['GET /accounts']).toBe(3);
  });

  it('surfaces a Retry-After longer than the SDK will wait as its rate-limit error', async () => {
    const mock = createMockMonzo({ autoApprove: true });
    const { monzo } = await sdkClient(mock, IN_PROCESS, 2);
    mock.control.rateLimit({ limit: 1, windowMs: 3_600_000, retryAfterSeconds: 3_600 });
    await monzo.accounts.list();
    const error = await monzo.accounts.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MonzoRateLimitError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', retryAfter: 3_600_000 });
  });
});
