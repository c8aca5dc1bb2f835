import { describe, expect, it } from 'vitest';
import type { MockTransaction } from './bank-types.js';
import { sessionWithWorld } from './test-support.js';

const DAY = 86_400_000;

describe('createTransaction', () => {
  it('appends a card payment at the current time, after the generated history, and tells the listeners', async () => {
    const s = await sessionWithWorld({ transactions: 50, tokenTtlSeconds: 7 * 86_400 });
    const heard: MockTransaction[] = [];
    s.world.bank.onTransactionCreated((tx) => heard.push(tx));
    const last = (await s.get(`/transactions?account_id=${s.personal}&limit=100`)).body.transactions.at(-1);
    const balance = (await s.get(`/balance?account_id=${s.personal}`)).body.balance;

    s.mock.control.advanceTime(60_000);
    const tx = s.mock.control.createTransaction({ amount: -1_250 });
    expect(tx).toMatchObject({
      account_id: s.personal,
      amount: -1_250,
      settled: '',
      amount_is_pending: true,
    });
    expect(Math.abs(Date.parse(tx.created as string) - s.mock.control.now())).toBeLessThan(1_000);
    // Delivered as webhooks deliver it: the merchant expanded.
    expect(heard).toHaveLength(1);
    expect(heard[0]).toEqual(tx);
    expect(heard[0]?.merchant).toMatchObject({
      id: expect.stringMatching(/^merch_/),
      name: expect.any(String),
    });

    expect((await s.get(`/balance?account_id=${s.personal}`)).body.balance).toBe(balance - 1_250);
    const after = await s.get(`/transactions?account_id=${s.personal}&since=${last.id}`);
    expect(after.body.transactions.map((t: { id: string }) => t.id)).toEqual([tx.id]);
    const read = await s.get(`/transactions/${tx.id}`);
    expect(read.body.transaction.merchant).toBe((tx.merchant as { id: string }).id);

    // A day later it has settled.
    s.mock.control.advanceTime(DAY);
    const settled = (await s.get(`/transactions/${tx.id}`)).body.transaction;
    expect(settled.settled).not.toBe('');
    expect(settled.amount_is_pending).toBe(false);
  });

  it('makes Faster Payments with merchant: false, and declined payments that do not count', async () => {
    const s = await sessionWithWorld();
    const heard: MockTransaction[] = [];
    s.world.bank.onTransactionCreated((tx) => heard.push(tx));
    const balance = async () => (await s.get(`/balance?account_id=${s.joint}`)).body.balance;
    const start = await balance();
    const incoming = s.mock.control.createTransaction({
      account_id: s.joint,
      amount: 20_000,
      merchant: false,
      description: 'RENT SHARE',
    });
    expect(incoming).toMatchObject({
      merchant: null,
      scheme: 'payport_faster_payments',
      description: 'RENT SHARE',
      category: 'income',
    });
    const declined = s.mock.control.createTransaction({
      account_id: s.joint,
      amount: -900,
      decline_reason: 'INSUFFICIENT_FUNDS',
    });
    expect(declined).toMatchObject({
      decline_reason: 'INSUFFICIENT_FUNDS',
      settled: '',
      include_in_spending: false,
    });
    expect(await balance()).toBe(start + 20_000);
    expect(heard.map((tx) => tx.id)).toEqual([incoming.id, declined.id]);
  });

  it('takes a category, a description and a local currency', () => {
    return sessionWithWorld().then((s) => {
      const tx = s.mock.control.createTransaction({
        amount: -3_000,
        category: 'category_0000AeR8A0F6XTLXKTDADB',
        description: 'CAFE DE FLORE PARIS FRA',
        currency: 'EUR',
      });
      expect(tx).toMatchObject({
        category: 'category_0000AeR8A0F6XTLXKTDADB',
        categories: { category_0000AeR8A0F6XTLXKTDADB: -3_000 },
        description: 'CAFE DE FLORE PARIS FRA',
        currency: 'GBP',
        local_currency: 'EUR',
      });
    });
  });

  it('refuses a closed or unknown account and an amount that is not a whole number', async () => {
    const s = await sessionWithWorld();
    expect(() => s.mock.control.createTransaction({ account_id: s.closed, amount: -1 })).toThrow(/closed/);
    expect(() => s.mock.control.createTransaction({ account_id: 'acc_0000Nope', amount: -1 })).toThrow(
      /account/,
    );
    expect(() => s.mock.control.createTransaction({ amount: 1.5 })).toThrow(/whole number/);
  });

  it('never puts a transaction before the newest one, even with the clock moved back', async () => {
    const s = await sessionWithWorld();
    const first = s.mock.control.createTransaction({ amount: -100 });
    s.mock.control.advanceTime(-DAY);
    const second = s.mock.control.createTransaction({ amount: -200 });
    expect(Date.parse(second.created as string)).toBeGreaterThanOrEqual(Date.parse(first.created as string));
  });
});
