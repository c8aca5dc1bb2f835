/**
 * Testing a Monzo integration without Monzo: a complete Vitest file, as in the @monzo-ts/mock README.
 * One emulator per file, real sockets, the real SDK, no sleeping.
 */
import { type MockServer, startMockServer } from '@monzo-ts/mock';
import { createAuthorizationRequest, exchangeCode, MonzoClient, MonzoServerError } from 'monzo-ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

// ---- The code under test: a feature of "your app" ----------------------------------------------------------

/** Moves everything above `keep` (minor units) from the account into the pot; returns how much moved. */
async function sweepToPot(
  monzo: MonzoClient,
  accountId: string,
  potId: string,
  keep: number,
): Promise<number> {
  const { balance } = await monzo.balance.get(accountId);
  const spare = balance - keep;
  if (spare <= 0) return 0;
  await monzo.pots.deposit(potId, { source_account_id: accountId, amount: spare });
  return spare;
}

// ---- The test harness ------------------------------------------------------------------------------------

const redirectUri = 'http://127.0.0.1:8080/callback';
let mock: MockServer;
let monzo: MonzoClient;
let accountId: string;
let potId: string;

/** Logs in the way your app does: authorization URL, consent (approved at once here), code exchange. */
async function logIn(): Promise<MonzoClient> {
  const { url, state } = createAuthorizationRequest({
    clientId: mock.clientId,
    redirectUri,
    authUrl: mock.url,
  });
  const consent = await fetch(url, { redirect: 'manual' });
  const callback = new URL(consent.headers.get('location') ?? '');
  const tokens = await exchangeCode({
    clientId: mock.clientId,
    clientSecret: mock.clientSecret,
    redirectUri,
    apiUrl: mock.url,
    code: callback.searchParams.get('code') ?? '',
    state: callback.searchParams.get('state') ?? '',
    expectedState: state,
  });
  return new MonzoClient({
    apiUrl: mock.url,
    authUrl: mock.url,
    clientId: mock.clientId,
    clientSecret: mock.clientSecret,
    tokens,
  });
}

beforeAll(async () => {
  // A fresh emulator on a free port; the same seed gives the same accounts, pots and transactions every run.
  mock = await startMockServer({ autoApprove: true, seed: 7 });
  const dataset = mock.control.dataset();
  const pot = dataset.pots.find((p) => !p.deleted && !p.locked);
  if (!pot) throw new Error('the seeded dataset has an open pot');
  potId = pot.id;
  accountId = pot.current_account_id;
});

beforeEach(async () => {
  // Each test starts from the seeded state: money, tokens, faults and counters.
  mock.control.reset();
  monzo = await logIn();
});

afterAll(() => mock.close());

describe('sweepToPot', () => {
  it('moves everything above the amount to keep into the pot', async () => {
    const moved = await sweepToPot(monzo, accountId, potId, 10_000);

    expect(moved).toBeGreaterThan(0);
    expect((await monzo.balance.get(accountId)).balance).toBe(10_000);
    const pot = (await monzo.pots.list(accountId)).find((p) => p.id === potId);
    expect(pot?.balance).toBeGreaterThanOrEqual(moved);
  });

  it('moves the money once even when the connection drops after Monzo committed the deposit', async () => {
    // The first deposit is carried out, then the connection is reset: the SDK retries with the same dedupe_id.
    mock.control.fault({ path: 'PUT /pots/:pot_id/deposit', times: 1, reset: 'after' });

    await sweepToPot(monzo, accountId, potId, 10_000);

    expect((await monzo.balance.get(accountId)).balance).toBe(10_000);
    expect(mock.control.counters().requests['PUT /pots/:pot_id/deposit']).toBe(2);
  });

  it('gives up with a typed error when Monzo keeps failing', async () => {
    mock.control.fault({ path: '/balance', status: 503 });

    await expect(sweepToPot(monzo, accountId, potId, 10_000)).rejects.toBeInstanceOf(MonzoServerError);
  });

  it('sees a card payment made just now', async () => {
    mock.control.createTransaction({ account_id: accountId, amount: -450, description: 'Flat white' });

    const since = new Date(mock.control.now() - 60_000);
    const recent = await monzo.transactions.list({ account_id: accountId, since });
    expect(recent.at(-1)).toMatchObject({ amount: -450 });
  });
});
