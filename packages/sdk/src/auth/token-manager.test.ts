import { describe, expect, it, vi } from 'vitest';
import {
  MonzoAbortError,
  MonzoApiError,
  MonzoAuthenticationError,
  MonzoTokenStoreError,
} from '../core/errors.js';
import { MemoryTokenStore } from './stores/memory.js';
import { type Refresher, TokenManager } from './token-manager.js';
import type { TokenSet } from './token-set.js';

const NOW = 1_800_000_000_000;
const MINUTE = 60_000;
const expired401 = new MonzoApiError({
  status: 401,
  code: 'unauthorized.bad_access_token.expired',
  message: 'x',
});

function tokens(expiresAt: number | undefined, refresh: string | null = 'refresh-0'): TokenSet {
  const set: TokenSet = { access_token: 'access-0', expires_at: expiresAt };
  if (refresh !== null) set.refresh_token = refresh;
  return set;
}

/** A refresher that counts its calls and issues `access-N`/`refresh-N`, valid for 6 hours from the clock. */
function counting(clock: () => number) {
  let calls = 0;
  const spent: string[] = [];
  const refresher = vi.fn<Refresher>(async (refreshToken) => {
    spent.push(refreshToken);
    calls++;
    return {
      access_token: `access-${calls}`,
      refresh_token: `refresh-${calls}`,
      expires_at: clock() + 6 * 60 * MINUTE,
    };
  });
  return { refresher, spent };
}

describe('TokenManager.ready: the token without a wait, only when nothing is to be done first', () => {
  it('is undefined until loaded, then the token until it is due for refresh', async () => {
    let now = NOW;
    const { refresher } = counting(() => now);
    const manager = new TokenManager(
      new MemoryTokenStore(tokens(NOW + 60 * MINUTE)),
      refresher,
      undefined,
      () => now,
    );
    expect(manager.ready()).toBeUndefined();
    expect(await manager.accessToken()).toBe('access-0');
    expect(manager.ready()).toBe('access-0');
    now += 55 * MINUTE; // 5 minutes left: due
    expect(manager.ready()).toBeUndefined();
    expect(await manager.accessToken()).toBe('access-1');
    expect(manager.ready()).toBe('access-1');
  });

  it('is undefined while rotated tokens wait to be saved, and after a logout', async () => {
    const store = new MemoryTokenStore(tokens(NOW - 1));
    let failing = true;
    const set = store.set.bind(store);
    store.set = async (value) => {
      if (failing) throw new Error('disk full');
      return set(value);
    };
    const { refresher } = counting(() => NOW);
    const manager = new TokenManager(store, refresher, undefined, () => NOW);
    await expect(manager.accessToken()).rejects.toBeInstanceOf(MonzoTokenStoreError);
    expect(manager.ready()).toBeUndefined();
    failing = false;
    expect(await manager.accessToken()).toBe('access-1');
    expect(manager.ready()).toBe('access-1');
    manager.forget();
    expect(manager.ready()).toBeUndefined();
  });
});

describe('TokenManager: when to refresh (injected clock)', () => {
  it.each([
    ['5 min 1 s', 5 * MINUTE + 1_000, 'access-0', 0],
    ['5 min', 5 * MINUTE, 'access-1', 1],
    ['4 min 59 s', 4 * MINUTE + 59_000, 'access-1', 1],
    ['1 ms past expiry', -1, 'access-1', 1],
  ])('with %s left (%i ms), gives %s after %i refreshes', async (_, left, expected, refreshes) => {
    const now = () => NOW;
    const { refresher } = counting(now);
    const manager = new TokenManager(new MemoryTokenStore(tokens(NOW + left)), refresher, undefined, now);
    expect(await manager.accessToken()).toBe(expected);
    expect(refresher).toHaveBeenCalledTimes(refreshes);
  });

  it('never refreshes a token whose expiry is unknown', async () => {
    const { refresher } = counting(() => NOW);
    const manager = new TokenManager(
      new MemoryTokenStore(tokens(undefined)),
      refresher,
      undefined,
      () => NOW,
    );
    expect(await manager.accessToken()).toBe('access-0');
    expect(refresher).not.toHaveBeenCalled();
  });

  it('uses a token inside the margin but not yet expired when there is no refresh token', async () => {
    const manager = new TokenManager(
      new MemoryTokenStore(tokens(NOW + MINUTE, null)),
      undefined,
      undefined,
      () => NOW,
    );
    expect(await manager.accessToken()).toBe('access-0');
  });

  it('refuses an expired token without a refresh token, saying to log in again', async () => {
    const { refresher } = counting(() => NOW);
    const manager = new TokenManager(
      new MemoryTokenStore(tokens(NOW - 1, null)),
      refresher,
      undefined,
      () => NOW,
    );
    const error = await manager.accessToken().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MonzoAuthenticationError);
    expect(error).toMatchObject({ loginRequired: true, code: 'login_required' });
    expect((error as Error).message).toMatch(/log in again/);
    expect(refresher).not.toHaveBeenCalled();
  });
});

describe('TokenManager: where tokens come from', () => {
  it('saves the configured tokens to an empty store on first use', async () => {
    const store = new MemoryTokenStore();
    const manager = new TokenManager(store, undefined, tokens(NOW + 60 * MINUTE), () => NOW);
    expect(await manager.accessToken()).toBe('access-0');
    expect(await store.get()).toEqual(tokens(NOW + 60 * MINUTE));
  });

  it('prefers what the store holds over the configured tokens', async () => {
    const stored = { access_token: 'stored-access', expires_at: NOW + 60 * MINUTE };
    const manager = new TokenManager(new MemoryTokenStore(stored), undefined, tokens(NOW), () => NOW);
    expect(await manager.accessToken()).toBe('stored-access');
  });

  it('asks for a login when there are neither stored nor configured tokens', async () => {
    const manager = new TokenManager(new MemoryTokenStore(), undefined);
    await expect(manager.accessToken()).rejects.toMatchObject({ loginRequired: true });
  });

  it('after forget (a logout), does not bring the configured tokens back', async () => {
    const store = new MemoryTokenStore();
    const manager = new TokenManager(store, undefined, tokens(NOW + 60 * MINUTE), () => NOW);
    await manager.accessToken();
    manager.forget();
    await store.clear();
    await expect(manager.accessToken()).rejects.toMatchObject({ loginRequired: true });
    expect(await store.get()).toBeUndefined();
  });

  it("passes on the store's read error", async () => {
    const store = new MemoryTokenStore();
    store.get = () => Promise.reject(new MonzoTokenStoreError('unreadable'));
    await expect(new TokenManager(store, undefined).accessToken()).rejects.toBeInstanceOf(
      MonzoTokenStoreError,
    );
  });
});

describe('TokenManager: recover after a 401', () => {
  it('refreshes once for the stale token, and not again for a caller still holding it', async () => {
    const { refresher, spent } = counting(() => NOW);
    const manager = new TokenManager(
      new MemoryTokenStore(tokens(NOW + 60 * MINUTE)),
      refresher,
      undefined,
      () => NOW,
    );
    const stale = await manager.accessToken();
    await Promise.all([manager.recover(stale, expired401), manager.recover(stale, expired401)]);
    await manager.recover(stale, expired401);
    expect(spent).toEqual(['refresh-0']);
    expect(await manager.accessToken()).toBe('access-1');
  });

  it("adopts a peer's rotated tokens when the refresh token it held was spent by that peer (no lock)", async () => {
    const store = new MemoryTokenStore(tokens(NOW - 1));
    // The peer refreshes first: Monzo refuses our now-spent token, and the store holds the peer's successor.
    const refresher = vi.fn<Refresher>(async () => {
      await store.set({
        access_token: 'peer-access',
        refresh_token: 'peer-refresh',
        expires_at: NOW + 60 * MINUTE,
      });
      throw new MonzoAuthenticationError({
        status: 401,
        code: 'unauthorized.bad_refresh_token',
        message: 'x',
        loginRequired: true,
      });
    });
    const manager = new TokenManager(store, refresher, undefined, () => NOW);
    expect(await manager.accessToken()).toBe('peer-access');
    expect(refresher).toHaveBeenCalledTimes(1);
  });

  it('still reports a refused refresh token when no peer saved a successor', async () => {
    const store = new MemoryTokenStore(tokens(NOW - 1));
    const refused = new MonzoAuthenticationError({
      status: 401,
      code: 'unauthorized.bad_refresh_token',
      message: 'x',
      loginRequired: true,
    });
    const manager = new TokenManager(
      store,
      async () => Promise.reject(refused),
      undefined,
      () => NOW,
    );
    await expect(manager.accessToken()).rejects.toBe(refused);
    expect((await store.get())?.refresh_token).toBe('refresh-0');
  });

  it('without a refresher, asks for a login and names the code', async () => {
    const manager = new TokenManager(new MemoryTokenStore(tokens(undefined)), undefined);
    const error = await manager.recover('access-0', expired401).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'MonzoAuthenticationError', loginRequired: true });
    expect((error as Error).message).toMatch(/unauthorized\.bad_access_token\.expired.*log in again/);
  });

  it('a caller whose signal is already aborted gets MonzoAbortError without starting a refresh', async () => {
    const { refresher } = counting(() => NOW);
    const manager = new TokenManager(new MemoryTokenStore(tokens(NOW - 1)), refresher, undefined, () => NOW);
    await expect(manager.accessToken(AbortSignal.abort())).rejects.toBeInstanceOf(MonzoAbortError);
    expect(refresher).not.toHaveBeenCalled();
  });
});

describe('TokenManager: secrets', () => {
  it('lists every token it holds, so the pipeline can mask them', async () => {
    const { refresher } = counting(() => NOW);
    const manager = new TokenManager(new MemoryTokenStore(), refresher, tokens(NOW - 1), () => NOW);
    await manager.accessToken();
    expect(manager.secrets()).toEqual(
      expect.arrayContaining(['access-0', 'refresh-0', 'access-1', 'refresh-1']),
    );
  });
});
