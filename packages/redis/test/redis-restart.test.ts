import { type MockServer, signIn, startMockServer } from '@monzo-ts/mock';
import { MonzoClient, MonzoTokenStoreError, type TokenSet } from 'monzo-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisTokenStore } from '../src/index.js';
import { type RedisServer, startRedisServer } from './redis-server.js';

let redis: RedisServer;
let mock: MockServer;
let store: RedisTokenStore;

beforeAll(async () => {
  [redis, mock] = await Promise.all([startRedisServer(), startMockServer({ transactions: 20 })]);
  store = new RedisTokenStore({ url: redis.url, key: 'restart' });
});

afterAll(async () => {
  await store.close();
  await Promise.all([redis.close(), mock.close()]);
});

function client(): MonzoClient {
  return new MonzoClient({
    apiUrl: mock.url,
    clientId: mock.clientId,
    clientSecret: mock.clientSecret,
    tokenStore: store,
  });
}

/** Runs `call`, expecting a `MonzoTokenStoreError`; returns it with how long the failure took. */
async function failure(call: () => Promise<unknown>): Promise<{ error: Error; ms: number }> {
  const started = Date.now();
  const error = await call().then(
    () => new Error('the call succeeded while Redis was down'),
    (caught: Error) => caught,
  );
  expect(error).toBeInstanceOf(MonzoTokenStoreError);
  return { error, ms: Date.now() - started };
}

function expectNoSecrets(message: string, tokens: TokenSet): void {
  expect(message).not.toContain(tokens.access_token);
  expect(message).not.toContain(tokens.refresh_token);
  expect(message).not.toContain(mock.clientSecret);
}

describe('RedisTokenStore while Redis restarts', () => {
  it('fails fast with clear errors while Redis is down, then recovers with the tokens saved before', async () => {
    const tokens = await signIn(mock);
    await store.set(tokens);
    expect((await client().accounts.list()).length).toBeGreaterThan(0);

    await redis.stop();

    const read = await failure(() => store.get());
    expect(read.error.message).toMatch(
      new RegExp(
        `^Redis token store: could not read the tokens \\(key restart\\) in Redis at 127\\.0\\.0\\.1:${redis.port}: Redis is not reachable`,
      ),
    );
    // A fresh process (a client with nothing in memory) needs the store for its first call.
    const call = await failure(() => client().accounts.list());
    expect(call.error.message).toContain('could not read the tokens');
    const rotated = { ...tokens, access_token: 'new-access-secret', refresh_token: 'new-refresh-secret' };
    const save = await failure(() => store.set(rotated));
    expect(save.error.message).toContain('could not save the tokens');
    const lock = await failure(() => store.withLock(async () => 'never'));
    expect(lock.error.message).toContain('could not take the lock restart:lock');
    for (const { error, ms } of [read, call, save, lock]) {
      // Fast: the next failed reconnection attempt, not a hang until Redis returns.
      expect(ms).toBeLessThan(3_000);
      expectNoSecrets(error.message, tokens);
      expectNoSecrets(error.message, rotated);
    }

    await redis.start();

    // The client reconnects by itself; the first calls after the restart may still meet the old connection.
    let back: TokenSet | undefined;
    for (const deadline = Date.now() + 5_000; !back && Date.now() < deadline; ) {
      back = await store.get().catch(() => new Promise<undefined>((resolve) => setTimeout(resolve, 50)));
    }
    expect(back).toEqual(tokens);
    expect((await client().accounts.list()).length).toBeGreaterThan(0);
    expect(await store.withLock(async () => 'locked again')).toBe('locked again');
  });
});
