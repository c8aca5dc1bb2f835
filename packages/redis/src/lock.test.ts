import { Redis } from 'ioredis';
import { MonzoTokenStoreError } from 'monzo-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../test/redis-server.js';
import { sleep } from './connection.js';
import type { LockOptions } from './lock.js';
import { RedisTokenStore } from './token-store.js';

let server: RedisServer;
let redis: Redis;
const stores: RedisTokenStore[] = [];

function store(key: string, lock?: LockOptions): RedisTokenStore {
  const made = new RedisTokenStore({ url: server.url, key, ...(lock ? { lock } : {}) });
  stores.push(made);
  return made;
}

/** Resolves once `condition` holds, checking every 10 ms (at most 5 s). */
async function until(condition: () => Promise<boolean>): Promise<void> {
  for (const deadline = Date.now() + 5_000; Date.now() < deadline; await sleep(10)) {
    if (await condition()) return;
  }
  throw new Error('the condition never held');
}

beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url);
});

afterAll(async () => {
  await Promise.all(stores.map((made) => made.close()));
  await redis.quit();
  await server.close();
});

describe('RedisTokenStore.withLock', () => {
  it('lets one holder in at a time across stores, renewing the lock while its holder runs past the ttl', async () => {
    const first = store('exclusive', { ttlMs: 300 });
    const second = store('exclusive', { ttlMs: 300 });
    const events: string[] = [];
    let letGo!: () => void;
    const held = first.withLock(async () => {
      events.push('first in');
      await new Promise<void>((resolve) => (letGo = resolve));
      events.push('first out');
    });
    await until(async () => events.includes('first in'));
    const waiting = second.withLock(async () => {
      events.push('second in');
      return 'second result';
    });
    // Three ttls pass while the first holds the lock: only renewal keeps the second out.
    await sleep(900);
    expect(events).toEqual(['first in']);
    letGo();
    await held;
    expect(await waiting).toBe('second result');
    expect(events).toEqual(['first in', 'first out', 'second in']);
    expect(await redis.exists('exclusive:lock')).toBe(0);
  });

  it('never deletes a lock that another owner took after its own expired', async () => {
    const holder = store('stolen', { ttlMs: 300 });
    await holder.withLock(async () => {
      // As if this holder stalled past its expiry and another process took the lock meanwhile.
      await redis.set('stolen:lock', 'another-owner', 'PX', 60_000);
      await sleep(250);
    });
    expect(await redis.get('stolen:lock')).toBe('another-owner');
    // Nor was it renewed by the stalled holder.
    expect(await redis.pttl('stolen:lock')).toBeGreaterThan(58_000);
  });

  it('lets a waiter in once the lock of a holder that died expires', async () => {
    await redis.set('orphaned:lock', 'dead-owner', 'PX', 400);
    const ran = await store('orphaned').withLock(async () => redis.get('orphaned:lock'));
    expect(ran).not.toBe('dead-owner');
    expect(ran).toMatch(/^[0-9a-f-]{36}$/);
    expect(await redis.exists('orphaned:lock')).toBe(0);
  });

  it('gives up after waitMs with an error naming the lock', async () => {
    await redis.set('busy:lock', 'someone-else', 'PX', 60_000);
    let ran = false;
    const error = await store('busy', { waitMs: 300 })
      .withLock(async () => {
        ran = true;
      })
      .catch((caught: unknown) => caught);
    expect(ran).toBe(false);
    expect(error).toBeInstanceOf(MonzoTokenStoreError);
    expect((error as Error).message).toMatch(/gave up waiting for the lock busy:lock .* after 300 ms/);
  });

  it("releases the lock when the holder's work fails, and passes the failure on", async () => {
    const failing = store('failing');
    await expect(
      failing.withLock(async () => {
        throw new Error('refresh failed');
      }),
    ).rejects.toThrow('refresh failed');
    expect(await redis.exists('failing:lock')).toBe(0);
    expect(await failing.withLock(async () => 'next')).toBe('next');
  });
});
