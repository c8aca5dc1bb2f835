import { type MockServer, signIn, startMockServer } from '@monzo-ts/mock';
import { MonzoClient, refreshTokens, type TokenSet } from 'monzo-ts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisTokenStore } from '../src/index.js';
import { type RedisServer, startRedisServer } from './redis-server.js';
import { spawnWorker, type Worker } from './workers.js';

let redis: RedisServer;
let mock: MockServer;
let accountId: string;
const workers: Worker[] = [];

beforeAll(async () => {
  [redis, mock] = await Promise.all([startRedisServer(), startMockServer({ transactions: 20 })]);
  accountId = mock.control.dataset().accounts.find((account) => account.type === 'uk_retail')!.id;
});

afterEach(() => {
  for (const worker of workers.splice(0)) worker.child.kill('SIGKILL');
});

afterAll(async () => {
  await Promise.all([redis.close(), mock.close()]);
});

/**
 * Stores, under `key`, a login whose access token has expired (in the store and at the emulator) and whose
 * refresh token is valid: every process that starts with it must refresh before its first call.
 */
async function expiredLogin(key: string): Promise<TokenSet> {
  const tokens = await signIn(mock);
  mock.control.expireAccessTokens();
  mock.control.resetCounters();
  const expired = { ...tokens, expires_at: Date.now() - 60_000 };
  const store = new RedisTokenStore({ url: redis.url, key });
  await store.set(expired);
  await store.close();
  return expired;
}

function callsWorker(key: string, calls: number, lockTtlMs: number): Worker {
  const worker = spawnWorker({
    WORKER_MODE: 'calls',
    REDIS_URL: redis.url,
    TOKEN_KEY: key,
    LOCK_TTL_MS: String(lockTtlMs),
    MONZO_API_URL: mock.url,
    MONZO_CLIENT_ID: mock.clientId,
    MONZO_CLIENT_SECRET: mock.clientSecret,
    ACCOUNT_ID: accountId,
    CALLS: String(calls),
  });
  workers.push(worker);
  return worker;
}

/** What the store holds at the end: rotated tokens that the emulator accepts. */
async function storedTokens(key: string): Promise<TokenSet> {
  const store = new RedisTokenStore({ url: redis.url, key });
  const tokens = await store.get();
  await store.close();
  return tokens!;
}

// Processes take a while to start on a busy 2-core machine; the work itself takes a few seconds.
describe('one login shared through Redis by separate processes', { timeout: 60_000 }, () => {
  it('8 processes × 50 concurrent calls on an expired token: exactly one refresh, 400 calls succeed', async () => {
    const expired = await expiredLogin('eight');
    const eight = Array.from({ length: 8 }, () => callsWorker('eight', 50, 10_000));
    expect(await Promise.all(eight.map((worker) => worker.nextLine()))).toEqual(Array(8).fill('ready'));

    const results = await Promise.all(eight.map((worker) => worker.run()));

    expect(results.flatMap((result) => result.failures)).toEqual([]);
    expect(results.reduce((sum, result) => sum + result.ok, 0)).toBe(400);
    const counters = mock.control.counters();
    expect(counters.grants.refresh_token).toBe(1);
    // One process asked for it: the others waited on the lock and read its tokens, none tried and failed.
    expect(counters.requests['POST /oauth2/token']).toBe(1);
    // No process called with the stale token and recovered from a 401: 400 calls reached the API, no more.
    expect((counters.requests['GET /balance'] ?? 0) + (counters.requests['GET /accounts'] ?? 0)).toBe(400);
    const rotated = await storedTokens('eight');
    expect(rotated.access_token).not.toBe(expired.access_token);
    expect(rotated.refresh_token).not.toBe(expired.refresh_token);
    expect(rotated.expires_at).toBeGreaterThan(Date.now());
    const monzo = new MonzoClient({ apiUrl: mock.url, accessToken: rotated.access_token });
    expect((await monzo.balance.get(accountId)).currency).toBe('GBP');
  });

  it('a process killed while holding the lock delays the others by at most its ttl, and no refresh token is lost', async () => {
    const ttl = 2_500;
    const expired = await expiredLogin('killed');
    const holder = spawnWorker({
      WORKER_MODE: 'hold',
      REDIS_URL: redis.url,
      TOKEN_KEY: 'killed',
      LOCK_TTL_MS: String(ttl),
    });
    workers.push(holder);
    expect(await holder.nextLine()).toBe('locked');
    const others = Array.from({ length: 3 }, () => callsWorker('killed', 10, ttl));
    expect(await Promise.all(others.map((worker) => worker.nextLine()))).toEqual(Array(3).fill('ready'));
    const running = others.map((worker) => worker.run());
    let finishedEarly = false;
    for (const run of running) run.then(() => (finishedEarly ||= !holder.child.killed));
    // The holder has had the lock longer than its ttl by now: only its renewal keeps the others waiting.
    await new Promise((resolve) => setTimeout(resolve, ttl));

    holder.child.kill('SIGKILL');
    const killedAt = Date.now();
    const results = await Promise.all(running);

    expect(finishedEarly).toBe(false);
    expect(results.flatMap((result) => result.failures)).toEqual([]);
    expect(results.reduce((sum, result) => sum + result.ok, 0)).toBe(30);
    // A bound for correctness, not a benchmark: the lock's ttl, and room for a loaded machine (a lock that
    // outlived its ttl by 80% would fail this).
    expect(Math.max(...results.map((result) => result.at)) - killedAt).toBeLessThan(ttl + 2_000);
    expect(mock.control.counters().grants.refresh_token).toBe(1);
    expect(mock.control.counters().requests['POST /oauth2/token']).toBe(1);
    const rotated = await storedTokens('killed');
    expect(rotated.refresh_token).not.toBe(expired.refresh_token);
    // The refresh token in the store is the live one: spending it works.
    const next = await refreshTokens({
      apiUrl: mock.url,
      clientId: mock.clientId,
      clientSecret: mock.clientSecret,
      refreshToken: rotated.refresh_token!,
    });
    expect(next.access_token).toBeTruthy();
  });
});
