import { describe, expect, it } from 'vitest';
import { clientFor, expiring, tokenServerForTest } from '../../test/support/token-server.js';
import { MemoryTokenStore } from './stores/memory.js';

/**
 * A store shared by several "processes" (clients), with a lock: what a Redis or database store does across
 * machines, done here with one promise chain.
 */
class SharedStore extends MemoryTokenStore {
  locked = false;
  lockCount = 0;
  /** Runs as the lock is taken, before `fn`: lets a test play another process that got there first. */
  onLock: (() => Promise<void>) | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  withLock<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(async () => {
      this.locked = true;
      this.lockCount++;
      try {
        await this.onLock?.();
        return await fn();
      } finally {
        this.locked = false;
      }
    });
    this.#queue = run.catch(() => {});
    return run;
  }
}

describe('stores shared between processes (withLock)', () => {
  it('refreshes while holding the store lock, and saves inside it', async () => {
    const store = new SharedStore(expiring());
    const lockedDuringRefresh: boolean[] = [];
    const lockedDuringSave: boolean[] = [];
    const set = store.set.bind(store);
    store.set = async (tokens) => {
      lockedDuringSave.push(store.locked);
      await set(tokens);
    };
    const server = await tokenServerForTest({
      beforeRefresh: () => {
        lockedDuringRefresh.push(store.locked);
      },
    });
    await clientFor(server.url, store).whoami();
    expect(lockedDuringRefresh).toEqual([true]);
    // The first save is the rotated tokens; a seed save would happen outside any refresh.
    expect(lockedDuringSave).toEqual([true]);
    expect(store.lockCount).toBe(1);
  });

  it('re-reads the store inside the lock and uses tokens another process rotated, without a refresh', async () => {
    const server = await tokenServerForTest();
    const store = new SharedStore(expiring());
    const other = clientFor(server.url, new MemoryTokenStore(expiring()));
    // The other process refreshes (spending REFRESH) and writes its tokens to the shared store just before
    // this client gets the lock.
    store.onLock = async () => {
      store.onLock = undefined;
      await other.whoami();
      const rotated = server.issued(1);
      await MemoryTokenStore.prototype.set.call(store, {
        access_token: rotated.access,
        refresh_token: rotated.refresh,
        expires_at: Date.now() + 6 * 60 * 60_000,
      });
    };
    await clientFor(server.url, store).whoami();
    expect(server.counts.refresh).toBe(1); // the other process's only
    expect(server.data.map((request) => request.token)).toEqual([
      server.issued(1).access,
      server.issued(1).access,
    ]);
    expect(server.counts.unauthorized).toBe(0);
  });

  it('two clients sharing a locked store, both finding the token expired, spend the refresh token once', async () => {
    const server = await tokenServerForTest();
    const store = new SharedStore(expiring());
    const first = clientFor(server.url, store);
    const second = clientFor(server.url, store);
    await Promise.all([first.whoami(), second.whoami(), first.whoami(), second.whoami()]);
    expect(server.counts.refresh).toBe(1);
    expect(new Set(server.data.map((request) => request.token))).toEqual(new Set([server.issued(1).access]));
    expect(await store.get()).toMatchObject({ refresh_token: server.issued(1).refresh });
  });
});
