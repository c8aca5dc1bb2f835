import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { signIn } from '../../../mock/src/index.js';
import { MonzoClient } from '../../src/client.js';
import {
  MonzoConnectionError,
  MonzoRateLimitError,
  MonzoServerError,
  MonzoTimeoutError,
} from '../../src/core/errors.js';
import { socketEmulator } from './emulator.js';

// The two ways the 1,000-move fault run (money.test.ts) first failed, one at a time.

const DEPOSIT = 'PUT /pots/:pot_id/deposit';

async function setUp() {
  const { mock, settled, close } = await socketEmulator({ seed: 3, transactions: 5 });
  cleanup.push(close);
  const tokens = await signIn(mock);
  const monzo = new MonzoClient({
    apiUrl: mock.url,
    clientId: mock.clientId,
    clientSecret: mock.clientSecret,
    tokens,
    maxRetries: 2,
  });
  const pot = mock.control.dataset().pots.find((p) => !p.deleted && !p.locked);
  if (!pot) throw new Error('the seeded dataset has an open pot');
  const balance = async () => (await monzo.balance.get(pot.current_account_id)).balance;
  const deposit = (dedupe_id: string, options: { timeoutMs?: number } = {}) =>
    monzo.pots.deposit(
      pot.id,
      { source_account_id: pot.current_account_id, amount: 100, dedupe_id },
      options,
    );
  return { mock, settled, balance, deposit };
}

const cleanup: Array<() => Promise<void>> = [];
beforeEach(() => {
  vi.spyOn(Math, 'random').mockReturnValue(0); // no backoff: the retries run at once
});
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(cleanup.splice(0).map((close) => close()));
});

describe('a failed call whose earlier attempt may have been processed', () => {
  it('says its outcome is unknown when the retries then meet 503s, though the money moved', async () => {
    const { mock, balance, deposit } = await setUp();
    const before = await balance();
    mock.control.fault({ path: DEPOSIT, times: 1, reset: 'after' });
    mock.control.fault({ path: DEPOSIT, times: 2, status: 503 });

    const error = await deposit('outcome-503').catch((caught: unknown) => caught);

    expect(await balance()).toBe(before - 100);
    expect(error).toBeInstanceOf(MonzoConnectionError);
    expect((error as MonzoConnectionError).outcomeUnknown).toBe(true);
    expect((error as Error).cause).toBeInstanceOf(MonzoServerError);
    expect(mock.control.counters().requests[DEPOSIT]).toBe(3);
    // Re-sent with its dedupe_id, it reconciles without moving the money again.
    await deposit('outcome-503');
    expect(await balance()).toBe(before - 100);
  });

  it('says its outcome is unknown when the retry meets a 429 it will not wait out', async () => {
    const { mock, balance, deposit } = await setUp();
    const before = await balance();
    mock.control.fault({ path: DEPOSIT, times: 1, reset: 'after' });
    mock.control.fault({ path: DEPOSIT, times: 1, status: 429, headers: { 'Retry-After': '3600' } });

    const error = await deposit('outcome-429').catch((caught: unknown) => caught);

    expect(await balance()).toBe(before - 100);
    expect((error as MonzoConnectionError).outcomeUnknown).toBe(true);
    expect((error as Error).cause).toBeInstanceOf(MonzoRateLimitError);
  });

  it("keeps the plain API error when every attempt met Monzo's own refusal", async () => {
    const { mock, balance, deposit } = await setUp();
    const before = await balance();
    mock.control.fault({ path: DEPOSIT, times: 3, status: 500 });

    const error = await deposit('outcome-none').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MonzoServerError);
    expect((error as MonzoServerError).outcomeUnknown).toBe(false);
    expect(await balance()).toBe(before);
  });

  it('says its outcome is unknown after 503s, which a gateway may send once Monzo has the request', async () => {
    const { mock, balance, deposit } = await setUp();
    const before = await balance();
    mock.control.fault({ path: DEPOSIT, times: 3, status: 503 });

    const error = await deposit('outcome-503s').catch((caught: unknown) => caught);

    expect(error).toMatchObject({ outcomeUnknown: true, dedupeId: 'outcome-503s' });
    expect((error as Error).message).toContain('dedupe_id outcome-503s');
    expect(await balance()).toBe(before);
    await deposit('outcome-503s');
    expect(await balance()).toBe(before - 100);
  });
});

describe('the per-attempt timeout', () => {
  it('gives up on a stalled answer, which then moves the money late, once', async () => {
    const { mock, settled, balance, deposit } = await setUp();
    const before = await balance();
    mock.control.fault({ path: DEPOSIT, latencyMs: 300 });

    const error = await deposit('late', { timeoutMs: 20 }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MonzoTimeoutError);
    expect((error as MonzoTimeoutError).outcomeUnknown).toBe(true);
    expect(mock.control.counters().requests[DEPOSIT]).toBe(3);
    await settled();
    expect(await balance()).toBe(before - 100);
  });
});
