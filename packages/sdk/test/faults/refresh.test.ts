import { afterEach, describe, expect, it } from 'vitest';
import { signIn } from '../../../mock/src/index.js';
import { MemoryTokenStore } from '../../src/auth/stores/memory.js';
import type { TokenSet } from '../../src/auth/token-set.js';
import { MonzoClient } from '../../src/client.js';
import { socketEmulator, tallyingLogger } from './emulator.js';

// 1,000 concurrent reads while the access token stops working: one refresh serves them all, none fails, and the
// rotated tokens are in the store.

const CALLS = 1_000;
const TTL_SECONDS = 600;

type Expiry =
  | 'mid-run, revoked by the API'
  | 'at the start, by the API clock'
  | 'at the start, known to the client';

async function readAcrossExpiry(expiry: Expiry) {
  const { mock, close } = await socketEmulator({ seed: 11, transactions: 5, tokenTtlSeconds: TTL_SECONDS });
  cleanup.push(close);
  const signedIn: TokenSet = await signIn(mock);
  const fetch = expiry === 'mid-run, revoked by the API' ? expiringHalfWay(mock) : globalThis.fetch;
  if (expiry === 'at the start, by the API clock') mock.control.advanceTime(TTL_SECONDS * 1000 + 1);
  const stored =
    expiry === 'at the start, known to the client' ? { ...signedIn, expires_at: Date.now() - 1 } : signedIn;
  const store = new MemoryTokenStore(stored);
  const { logger, tally } = tallyingLogger();
  const monzo = new MonzoClient({
    apiUrl: mock.url,
    fetch,
    clientId: mock.clientId,
    clientSecret: mock.clientSecret,
    tokenStore: store,
    logger,
  });
  const account = mock.control.dataset().accounts[0]?.id as string;
  mock.control.resetCounters();

  const results = await Promise.allSettled(
    Array.from({ length: CALLS }, (_, index) =>
      index % 2 === 0 ? monzo.balance.get(account) : monzo.accounts.list(),
    ),
  );
  return { mock, signedIn, store, results, refused: tally.byOutcome.get('401') ?? 0 };
}

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((close) => close()));
});

/**
 * A fetch over which every access token expires half-way through the run: the first half of the requests is
 * answered with the old token, then the API revokes it, then the rest go out, still carrying it.
 */
function expiringHalfWay(mock: { control: { expireAccessTokens(): void } }): typeof globalThis.fetch {
  let sent = 0;
  let answered = 0;
  let expired: () => void = () => {};
  const halfWay = new Promise<void>((resolve) => {
    expired = resolve;
  });
  return async (input, init) => {
    const index = ++sent;
    if (index > CALLS / 2) await halfWay;
    const response = await globalThis.fetch(input, init);
    if (index <= CALLS / 2 && ++answered === CALLS / 2) {
      mock.control.expireAccessTokens();
      expired();
    }
    return response;
  };
}

describe('1,000 concurrent reads across a token expiry', () => {
  it.each<Expiry>([
    'mid-run, revoked by the API',
    'at the start, by the API clock',
    'at the start, known to the client',
  ])('expiring %s: exactly one refresh, no failed call, rotated tokens stored', async (expiry) => {
    const { mock, signedIn, store, results, refused } = await readAcrossExpiry(expiry);

    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    expect(mock.control.counters().grants.refresh_token).toBe(1);
    // The API did refuse the old token where it alone knew of the expiry: the refresh was forced, not planned.
    if (expiry === 'at the start, known to the client') expect(refused).toBe(0);
    else expect(refused).toBeGreaterThan(0);
    // Mid-run means mid-run: the first half read with the old token before the API turned it away.
    if (expiry === 'mid-run, revoked by the API') expect(refused).toBeLessThanOrEqual(CALLS / 2);

    const rotated = await store.get();
    expect(rotated?.access_token).not.toBe(signedIn.access_token);
    expect(rotated?.refresh_token).not.toBe(signedIn.refresh_token);
    // The stored tokens are the live ones: a client given only the stored access token reads with it.
    const plain = new MonzoClient({
      apiUrl: mock.url,
      accessToken: rotated?.access_token as string,
    });
    await expect(plain.accounts.list()).resolves.not.toHaveLength(0);
    expect(mock.control.counters().grants.refresh_token).toBe(1);
  });
});
