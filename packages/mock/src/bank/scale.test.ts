import { describe, expect, it } from 'vitest';
import { createMockMonzo } from '../index.js';
import { session } from './test-support.js';

const MILLION = 1_000_000;

describe('a million transactions per account', () => {
  it('costs no more memory than an empty dataset: nothing is held per transaction', () => {
    const heap = () => process.memoryUsage().heapUsed;
    createMockMonzo({ transactions: 0 }); // warm up the code, so the measure is the data's
    const before = heap();
    const mocks = [createMockMonzo({ transactions: MILLION }), createMockMonzo({ transactions: MILLION })];
    const grown = heap() - before;
    // A million transaction objects would be hundreds of megabytes; the dataset is a few kilobytes.
    expect(grown).toBeLessThan(16 * 1024 * 1024);
    expect(mocks[1]?.control.dataset().transactionsPerAccount).toBe(MILLION);
  });

  it('pages forward with since=<id> and reads any transaction by id', async () => {
    const s = await session({ transactions: MILLION });
    let page = (await s.get(`/transactions?account_id=${s.personal}&limit=100`)).body.transactions;
    const seen: string[] = [];
    for (let n = 0; n < 4; n++) {
      expect(page).toHaveLength(100);
      seen.push(...page.map((tx: { id: string }) => tx.id));
      page = (await s.get(`/transactions?account_id=${s.personal}&limit=100&since=${page.at(-1).id}`)).body
        .transactions;
    }
    expect(new Set(seen).size).toBe(400);

    // The middle of the history, found by time, and read back by id.
    const middle = new Date(s.mock.control.now() - 200 * 86_400_000).toISOString();
    const found = (await s.get(`/transactions?account_id=${s.personal}&since=${middle}&limit=2`)).body
      .transactions;
    expect(Date.parse(found[0].created)).toBeGreaterThanOrEqual(Date.parse(middle));
    expect((await s.get(`/transactions/${found[1].id}`)).body.transaction).toEqual(found[1]);
    const next = (await s.get(`/transactions?account_id=${s.personal}&since=${found[0].id}&limit=1`)).body
      .transactions;
    expect(next[0].id).toBe(found[1].id);

    // The end: the last page is short, and a new transaction follows it.
    const tail = (
      await s.get(
        `/transactions?account_id=${s.personal}&since=${new Date(s.mock.control.now() - 3_600_000).toISOString()}&limit=100`,
      )
    ).body.transactions;
    expect(tail.length).toBeGreaterThan(0);
    expect(tail.length).toBeLessThan(100);
    const created = s.mock.control.createTransaction({ amount: -500 });
    const after = (await s.get(`/transactions?account_id=${s.personal}&since=${tail.at(-1).id}`)).body
      .transactions;
    expect(after.map((tx: { id: string }) => tx.id)).toEqual([created.id]);
    expect((await s.get(`/balance?account_id=${s.personal}`)).status).toBe(200);
  });

  it('walks days of a million-transaction history with the SDK, in time order', async () => {
    const s = await session({ transactions: MILLION });
    s.mock.control.advanceTime(6 * 60_000); // outside the full-history window: a since is needed
    const since = new Date(s.mock.control.now() - 86_400_000);
    let count = 0;
    let previous = since.getTime();
    for await (const tx of s.monzo.transactions.iterate({ account_id: s.personal, since })) {
      const created = Date.parse(tx.created);
      expect(created).toBeGreaterThanOrEqual(previous);
      previous = created;
      count++;
    }
    // About 2,500 a day over 400 days.
    expect(count).toBeGreaterThan(1_500);
    expect(count).toBeLessThan(4_000);
  });
});
