import { describe, expect, it } from 'vitest';
import { signIn } from '../sign-in.js';
import { API, allTransactions, example, type Session, session } from './test-support.js';

const counted = (txs: Array<{ amount: number; decline_reason?: string }>) =>
  txs.reduce((sum, tx) => sum + (tx.decline_reason ? 0 : tx.amount), 0);

interface Listed {
  id: string;
  amount: number;
  decline_reason?: string;
  settled: string;
  scheme: string;
  metadata: Record<string, string>;
}

/** The session with a new token, approved now: the full history is readable again for 5 minutes. */
async function signedInAgain(s: Session): Promise<Session> {
  const { access_token } = await signIn(s.mock);
  const get = async (path: string) => {
    const response = await s.mock.fetch(`${API}${path}`, {
      headers: { Authorization: `Bearer ${access_token}` },
    });
    return { status: response.status, body: await response.json() };
  };
  return { ...s, get };
}

/**
 * Monzo's money, as a client can check it: the balance is the sum of the transactions not declined (pending
 * ones and pot transfers included), each pot holds the sum of its moves (a deposit is money out of the account),
 * and `total_balance` is the balance plus the open pots. Returns the account's transactions.
 */
async function expectMoneyAddsUp(s: Session, account: string): Promise<Listed[]> {
  const txs = (await allTransactions(s, account)) as Listed[];
  const { body: balance } = await s.get(`/balance?account_id=${account}`);
  expect(counted(txs)).toBe(balance.balance);
  const moves = new Map<string, number>();
  for (const tx of txs) {
    const pot = tx.metadata.pot_id;
    if (pot === undefined || tx.decline_reason) continue;
    expect(tx.scheme).toBe('uk_retail_pot');
    moves.set(pot, (moves.get(pot) ?? 0) - tx.amount);
  }
  const { body } = await s.get(`/pots?current_account_id=${account}`);
  const pots = body.pots as Array<{ id: string; balance: number; deleted: boolean }>;
  for (const pot of pots) expect(pot.balance).toBe(moves.get(pot.id) ?? 0);
  expect([...moves.keys()].every((id) => pots.some((pot) => pot.id === id))).toBe(true);
  const inPots = pots.filter((pot) => !pot.deleted).reduce((sum, pot) => sum + pot.balance, 0);
  expect(balance.total_balance).toBe(balance.balance + inPots);
  return txs;
}

describe("the balance is the sum of the history, as Monzo's is", () => {
  const cases = [
    ...[1, 7, 42].flatMap((seed) => [300, 2_000].map((transactions) => ({ seed, transactions }))),
    { seed: 5, transactions: 20_000 },
  ];
  it.each(cases)('seed $seed, $transactions transactions per account', async ({ seed, transactions }) => {
    const s = await session({ seed, transactions });
    for (const account of [s.personal, s.joint]) {
      const txs = await expectMoneyAddsUp(s, account);
      expect(txs).toHaveLength(transactions);
      // The money comes in with the history: its first transaction is a salary, then the pots get theirs.
      expect(txs[0]?.amount).toBeGreaterThan(0);
      expect(txs[0]?.metadata.pot_id).toBeUndefined();
      expect(txs[1]?.metadata.pot_id).toBeDefined();
      // Declined payments are listed, with their amount, but not counted; the last ones are still pending.
      expect(txs.some((tx) => tx.decline_reason && tx.amount < 0)).toBe(true);
      expect(txs.slice(-3).some((tx) => tx.settled === '')).toBe(true);
      expect(txs.filter((tx) => tx.metadata.pot_id).length).toBeGreaterThan(transactions / 20);
      const { body: pots } = await s.get(`/pots?current_account_id=${account}`);
      for (const pot of pots.pots.filter((p: { deleted: boolean }) => !p.deleted)) {
        expect(pot.balance).toBeGreaterThan(0);
      }
    }
  });

  it('never runs far below zero over the history, and ends well above it', async () => {
    for (const seed of [1, 2, 3]) {
      const s = await session({ seed, transactions: 2_000 });
      for (const account of [s.personal, s.joint]) {
        let running = 0;
        let lowest = Number.POSITIVE_INFINITY;
        for (const tx of (await allTransactions(s, account)) as Listed[]) {
          running += tx.decline_reason ? 0 : tx.amount;
          lowest = Math.min(lowest, running);
        }
        expect(lowest).toBeGreaterThan(-10_000);
        expect(running).toBeGreaterThan(50_000);
      }
    }
  });

  it('a history too short for the opening holds what it has', async () => {
    for (const transactions of [0, 1, 3]) {
      const s = await session({ transactions });
      for (const account of [s.personal, s.joint]) await expectMoneyAddsUp(s, account);
    }
  });

  it('still adds up after payments made, declined, pending and settled, and pot moves through the API', async () => {
    const s = await session({ seed: 3, transactions: 300, tokenTtlSeconds: 7 * 86_400 });
    const history = await expectMoneyAddsUp(s, s.personal);
    const pots = (await s.get(`/pots?current_account_id=${s.personal}`)).body.pots;
    const savings = pots.find((p: { name: string }) => p.name === 'Savings').id;
    await s.monzo.pots.deposit(savings, { source_account_id: s.personal, amount: 1_234 });
    await s.monzo.pots.withdraw(savings, { destination_account_id: s.personal, amount: 234 });
    const pending = s.mock.control.createTransaction({ amount: -999 });
    expect(pending).toMatchObject({ settled: '', amount_is_pending: true });
    s.mock.control.createTransaction({ amount: 5_000, merchant: false, description: 'GIFT' });
    s.mock.control.createTransaction({ amount: -7_777, decline_reason: 'INSUFFICIENT_FUNDS' });
    s.mock.control.createTransaction({ account_id: s.joint, amount: -4_200 });
    await expectMoneyAddsUp(s, s.personal);
    await expectMoneyAddsUp(s, s.joint);

    // Pending payments clear at other amounts than authorised: a tip added, a generated one cheaper.
    s.mock.control.advanceTime(60_000);
    s.mock.control.settleTransaction(pending.id as string, { amount: -1_199 });
    const generated = history.filter((tx) => tx.settled === '' && !tx.decline_reason).at(-1) as Listed;
    s.mock.control.settleTransaction(generated.id, { amount: generated.amount + 100 });
    const after = await expectMoneyAddsUp(s, s.personal);
    expect(after.find((tx) => tx.id === pending.id)).toMatchObject({
      amount: -1_199,
      amount_is_pending: false,
    });
    expect(after.find((tx) => tx.id === generated.id)?.amount).toBe(generated.amount + 100);
    // A made payment left pending settles by itself a day later, at the amount authorised.
    s.mock.control.createTransaction({ amount: -321 });
    s.mock.control.advanceTime(2 * 86_400_000);
    const later = await signedInAgain(s);
    expect((await expectMoneyAddsUp(later, s.personal)).at(-1)).toMatchObject({
      amount: -321,
      amount_is_pending: false,
    });
    const { body } = await later.get(`/balance?account_id=${s.personal}`);
    expect(body.balance).toBe(counted(history) - 1_000 - 1_199 + 5_000 + 100 - 321);
  });

  it('total_balance is the balance plus the open pots of that account', async () => {
    const s = await session();
    for (const account of [s.personal, s.joint]) {
      const { body: balance } = await s.get(`/balance?account_id=${account}`);
      const { body: pots } = await s.get(`/pots?current_account_id=${account}`);
      const inPots = pots.pots
        .filter((pot: { deleted: boolean }) => !pot.deleted)
        .reduce((sum: number, pot: { balance: number }) => sum + pot.balance, 0);
      expect(inPots).toBeGreaterThan(0);
      expect(balance.total_balance).toBe(balance.balance + inPots);
      expect(balance.balance_including_flexible_savings).toBe(balance.total_balance);
    }
  });

  it('spend_today counts the debits made today, not money in, pot moves or declines', async () => {
    const s = await session({ tokenTtlSeconds: 7 * 86_400 });
    const spend = async () => (await s.get(`/balance?account_id=${s.personal}`)).body;
    const before = await spend();
    s.mock.control.createTransaction({ amount: -450 });
    s.mock.control.createTransaction({ amount: 10_000, merchant: false });
    s.mock.control.createTransaction({ amount: -300, decline_reason: 'CARD_BLOCKED' });
    const pot = s.dataset.pots.find((p) => p.name === 'Holiday')?.id as string;
    await s.monzo.pots.deposit(pot, { source_account_id: s.personal, amount: 100 });
    const after = await spend();
    expect(after.spend_today).toBe(before.spend_today - 450);
    expect(after.local_spend).toEqual([{ spend_today: after.spend_today, currency: 'GBP' }]);
    expect(after.balance).toBe(before.balance - 450 + 10_000 - 100);
    // Tomorrow, today's spending is yesterday's.
    s.mock.control.advanceTime(86_400_000);
    expect((await spend()).spend_today).toBe(0);
  });

  it('a closed account has a zero balance and no transactions', async () => {
    const s = await session();
    const { body } = await s.get(`/balance?account_id=${s.closed}`);
    expect(body).toMatchObject({ balance: 0, total_balance: 0, spend_today: 0 });
    const list = await s.get(`/transactions?account_id=${s.closed}`);
    expect(list.body).toEqual({ transactions: [] });
  });

  it('GET /balance without account_id answers exactly as Monzo does; another account is forbidden', async () => {
    const s = await session();
    const missing = await s.get('/balance');
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual(example('error.missing-param-account-id.json'));
    const foreign = await s.get('/balance?account_id=acc_0000NotYoursAtAll0000000');
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('forbidden.account');
  });
});
