import { describe, expect, it } from 'vitest';
import { allTransactions, example, session, sessionWithWorld } from './test-support.js';

const counted = (txs: Array<{ amount: number; decline_reason?: string }>) =>
  txs.reduce((sum, tx) => sum + (tx.decline_reason ? 0 : tx.amount), 0);

describe('balances agree with the transactions and pots', () => {
  it('balance = opening balance + every transaction not declined, on every open account', async () => {
    const s = await sessionWithWorld({ transactions: 250 });
    for (const account of [s.personal, s.joint]) {
      const txs = await allTransactions(s, account, 40);
      expect(txs).toHaveLength(250);
      const { body } = await s.get(`/balance?account_id=${account}`);
      const opening = s.world.bank.openingBalance(account) as number;
      expect(counted(txs)).toBe(body.balance - opening);
      expect(body.balance).toBeGreaterThan(0);
      // Declined payments are listed, with their amount, but not counted.
      expect(txs.some((tx) => tx.decline_reason && tx.amount < 0)).toBe(true);
    }
  });

  it('stays consistent as money moves: pot deposits, created payments, declines', async () => {
    const s = await sessionWithWorld({ transactions: 70 });
    const pot = s.dataset.pots.find((p) => p.name === 'Savings')?.id as string;
    await s.monzo.pots.deposit(pot, { source_account_id: s.personal, amount: 1_234 });
    await s.monzo.pots.withdraw(pot, { destination_account_id: s.personal, amount: 234 });
    s.mock.control.createTransaction({ amount: -999 });
    s.mock.control.createTransaction({ amount: 5_000, merchant: false, description: 'GIFT' });
    s.mock.control.createTransaction({ amount: -7_777, decline_reason: 'INSUFFICIENT_FUNDS' });
    const txs = await allTransactions(s, s.personal, 100);
    expect(txs).toHaveLength(75);
    const { body } = await s.get(`/balance?account_id=${s.personal}`);
    expect(counted(txs)).toBe(body.balance - (s.world.bank.openingBalance(s.personal) as number));
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
