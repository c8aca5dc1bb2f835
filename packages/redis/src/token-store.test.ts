import { inspect } from 'node:util';
import { Redis } from 'ioredis';
import { MonzoTokenStoreError, type TokenSet } from 'monzo-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../test/redis-server.js';
import { RedisTokenStore } from './token-store.js';

let server: RedisServer;
let redis: Redis;
const stores: RedisTokenStore[] = [];

function store(key: string): RedisTokenStore {
  const made = new RedisTokenStore({ url: server.url, key });
  stores.push(made);
  return made;
}

const tokens: TokenSet = {
  access_token: 'access-1',
  refresh_token: 'refresh-1',
  expires_at: 1_700_000_000_000,
  token_type: 'Bearer',
  user_id: 'user_1',
  client_id: 'oauth2client_1',
};

beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url);
});

afterAll(async () => {
  await Promise.all(stores.map((made) => made.close()));
  await redis.quit();
  await server.close();
});

describe('RedisTokenStore', () => {
  it('saves, reads and clears the tokens as JSON under its key', async () => {
    const tokenStore = store('round-trip');
    expect(await tokenStore.get()).toBeUndefined();
    await tokenStore.set(tokens);
    expect(await tokenStore.get()).toEqual(tokens);
    expect(JSON.parse((await redis.get('round-trip')) ?? 'null')).toEqual(tokens);
    await tokenStore.clear();
    expect(await tokenStore.get()).toBeUndefined();
    expect(await redis.exists('round-trip')).toBe(0);
  });

  it('reads back tokens that util.inspect prints masked, their values whole', async () => {
    const tokenStore = store('masked');
    await tokenStore.set(tokens);
    const loaded = await tokenStore.get();
    expect(loaded).toEqual(tokens);
    expect(loaded?.refresh_token).toBe('refresh-1');
    const shown = inspect({ loaded }, { depth: 5, showHidden: true });
    expect(shown).toContain("access_token: '[REDACTED]'");
    expect(shown).not.toContain('access-1');
    expect(shown).not.toContain('refresh-1');
  });

  it('shares the tokens with every store that names the same key, and only with those', async () => {
    await store('shared').set(tokens);
    expect(await store('shared').get()).toEqual(tokens);
    expect(await store('other').get()).toBeUndefined();
  });

  it('uses monzo:tokens when no key is given', async () => {
    const tokenStore = new RedisTokenStore({ url: server.url });
    stores.push(tokenStore);
    await tokenStore.set(tokens);
    expect(await redis.get('monzo:tokens')).toBe(JSON.stringify(tokens));
  });

  it('refuses a key that does not hold tokens, naming the key', async () => {
    await redis.set('garbage', '{"not":"tokens"}');
    const error = await store('garbage')
      .get()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MonzoTokenStoreError);
    expect((error as Error).message).toContain('the key garbage');
    expect((error as Error).message).toContain('does not hold tokens');
  });

  it('works on a client passed in, and leaves it open on close', async () => {
    const client = new Redis(server.url);
    const tokenStore = new RedisTokenStore({ client, key: 'injected' });
    await tokenStore.set(tokens);
    await tokenStore.close();
    expect(client.status).toBe('ready');
    expect(await client.get('injected')).toBe(JSON.stringify(tokens));
    await client.quit();
  });

  it('closes the client it created', async () => {
    const tokenStore = new RedisTokenStore({ url: server.url, key: 'closing' });
    await tokenStore.set(tokens);
    await tokenStore.close();
    await expect(tokenStore.get()).rejects.toBeInstanceOf(MonzoTokenStoreError);
  });

  it('needs a url or a client', () => {
    expect(() => new RedisTokenStore({} as never)).toThrow(MonzoTokenStoreError);
  });
});
