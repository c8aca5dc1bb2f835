import { describe, expect, it } from 'vitest';
import type { TokenSet } from '../token-set.js';
import { MemoryTokenStore } from './memory.js';

const tokens: TokenSet = { access_token: 'access-1', refresh_token: 'refresh-1', expires_at: 1_000 };

describe('MemoryTokenStore', () => {
  it('is empty until tokens are set, and empty again after clear', async () => {
    const store = new MemoryTokenStore();
    expect(await store.get()).toBeUndefined();
    await store.set(tokens);
    expect(await store.get()).toEqual(tokens);
    await store.clear();
    expect(await store.get()).toBeUndefined();
  });

  it('returns a copy: changing what get gave back does not change the store', async () => {
    const store = new MemoryTokenStore(tokens);
    const read = await store.get();
    read!.access_token = 'changed';
    expect((await store.get())?.access_token).toBe('access-1');
    expect(await store.get()).not.toBe(await store.get());
  });

  it('keeps a copy: changing the object passed to set or to the constructor does not change the store', async () => {
    const given = { ...tokens };
    const store = new MemoryTokenStore(given);
    given.refresh_token = 'changed';
    expect((await store.get())?.refresh_token).toBe('refresh-1');

    const next = { ...tokens, access_token: 'access-2' };
    await store.set(next);
    next.access_token = 'changed';
    expect((await store.get())?.access_token).toBe('access-2');
  });
});
