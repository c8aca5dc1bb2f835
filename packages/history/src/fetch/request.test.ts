import { signIn } from '@monzo-ts/mock';
import { MonzoPermissionError, MonzoServerError } from 'monzo-ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConcurrencyLimiter } from './limiter.js';
import { fetchPage, type PageSource, type RequestCounts } from './request.js';
import { type FetchSetup, fetchSetup } from './test-support.js';

let s: FetchSetup;
let client: PageSource;
beforeAll(async () => {
  s = await fetchSetup({ transactions: 300 });
  client = await s.login();
});
afterAll(() => s.close());
beforeEach(() => {
  s.mock.control.clearFaults();
  s.mock.control.resetCounters();
});

const counts = (): RequestCounts => ({ requests: 0, rateLimited: 0, serverErrors: 0, retries: 0 });
const sent = () => s.mock.control.counters().requests['GET /transactions'] ?? 0;

function page(limiter: ConcurrencyLimiter, tally: RequestCounts, maxRetries?: number) {
  return fetchPage({
    client,
    limiter,
    account_id: s.account_id,
    since: s.created,
    before: undefined,
    limit: 100,
    signal: new AbortController().signal,
    counts: tally,
    maxRetries,
  });
}

describe('fetchPage', () => {
  it('retries a 5xx itself, one request at a time (the SDK’s own retries are off), and halves the limit', async () => {
    s.mock.control.fault({ path: '/transactions', status: 503, times: 2 });
    const limiter = new ConcurrencyLimiter({ initial: 8 });
    const tally = counts();
    const transactions = await page(limiter, tally);
    expect(transactions).toHaveLength(100);
    expect(tally).toEqual({ requests: 3, rateLimited: 0, serverErrors: 2, retries: 2 });
    expect(sent()).toBe(3);
    expect(limiter.limit).toBeLessThan(8);
  });

  it('waits out a 429’s Retry-After, pausing the limiter, then gets the page', async () => {
    s.mock.control.fault({ path: '/transactions', status: 429, times: 1, headers: { 'Retry-After': '1' } });
    const limiter = new ConcurrencyLimiter();
    const tally = counts();
    const started = performance.now();
    const transactions = await page(limiter, tally);
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    expect(transactions).toHaveLength(100);
    expect(tally).toMatchObject({ requests: 2, rateLimited: 1, retries: 1 });
    expect(sent()).toBe(2);
  });

  it('throws what cannot be retried (someone else’s account: 403) at once, after one request', async () => {
    const limiter = new ConcurrencyLimiter();
    const tally = counts();
    const refused = fetchPage({
      client,
      limiter,
      account_id: 'acc_00000000000000000000',
      since: s.created,
      before: undefined,
      limit: 100,
      signal: new AbortController().signal,
      counts: tally,
    });
    await expect(refused).rejects.toBeInstanceOf(MonzoPermissionError);
    expect(tally).toEqual({ requests: 1, rateLimited: 0, serverErrors: 0, retries: 0 });
    expect(limiter.inFlight).toBe(0);
  });

  it('gives up after maxRetries, with the last error', async () => {
    s.mock.control.fault({ path: '/transactions', status: 500 });
    const limiter = new ConcurrencyLimiter();
    const tally = counts();
    await expect(page(limiter, tally, 2)).rejects.toBeInstanceOf(MonzoServerError);
    expect(tally).toMatchObject({ requests: 3, serverErrors: 3, retries: 2 });
    expect(sent()).toBe(3);
    expect(limiter.inFlight).toBe(0);
  });
});

describe('fetchPage with a client from another copy of the SDK', () => {
  it('still knows its 429s and 5xx, by their type (an application may bundle the SDK, as the CLI does)', async () => {
    // Loaded anew: classes of their own, that `instanceof` against this package's copy would miss.
    vi.resetModules();
    const other = await import('monzo-ts');
    expect(other.MonzoServerError).not.toBe(MonzoServerError);
    const foreign = new other.MonzoClient({
      apiUrl: s.mock.url,
      accessToken: (await signIn(s.mock)).access_token,
    });
    s.mock.control.fault({ path: '/transactions', status: 503, times: 1 });
    s.mock.control.fault({ path: '/transactions', status: 429, times: 1 });
    const limiter = new ConcurrencyLimiter();
    const tally = counts();
    const transactions = await fetchPage({
      client: foreign,
      limiter,
      account_id: s.account_id,
      since: s.created,
      before: undefined,
      limit: 100,
      signal: new AbortController().signal,
      counts: tally,
    });
    expect(transactions).toHaveLength(100);
    expect(tally).toEqual({ requests: 3, rateLimited: 1, serverErrors: 1, retries: 2 });
    s.mock.control.fault({ path: '/transactions', status: 500 });
    const failed = fetchPage({
      client: foreign,
      limiter,
      account_id: s.account_id,
      since: s.created,
      before: undefined,
      limit: 100,
      signal: new AbortController().signal,
      counts: counts(),
      maxRetries: 1,
    });
    await expect(failed).rejects.toBeInstanceOf(other.MonzoServerError);
    await expect(failed).rejects.not.toBeInstanceOf(MonzoServerError);
  });
});
