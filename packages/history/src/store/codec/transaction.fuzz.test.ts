import fc from 'fast-check';
import type { Merchant, Transaction } from 'monzo-ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fuzz } from '../../../../sdk/test/support/fuzz.js';
import { openSqliteStore } from '../sqlite/index.js';
import type { SqliteStore } from '../sqlite/store.js';

/**
 * Whatever a transaction holds, the store gives it back as the API returned it: the same JSON text, keys in the
 * same order, merchant expanded, whether its fields fit the columns or not. Transactions are JSON as parsed
 * (the API's), so values JSON cannot hold (-0, undefined) are not among them.
 */

const RUNS = 300;
const PAGE_ACCOUNT = 'acc_page';

/** Times as Monzo writes them, and as it might: other precisions, offsets, nonsense, the empty string. */
const time = fc.oneof(
  fc
    .date({
      min: new Date('1990-01-01T00:00:00Z'),
      max: new Date('2060-01-01T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((date) => date.toISOString()),
  fc.constantFrom(
    '2026-01-31T09:30:00Z',
    '2026-01-31T09:30:00.123456Z',
    '2026-01-31T10:30:00.000+01:00',
    '2026-02-30T00:00:00.000Z',
    '2026-03-01T24:00:00.000Z',
    'yesterday',
    '',
  ),
);

/** Any JSON value, or one of the kinds the shapes keep as constants, more often than chance would give them. */
const value = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(null, true, false, '', {}, []));

/** A merchant of one of a few ids, whose fields vary: the same merchant in several versions. */
const merchant = fc
  .tuple(fc.constantFrom('merch_1', 'merch_2', 'merch_3'), fc.dictionary(fc.string(), value, { maxKeys: 4 }))
  .map(([id, fields]) => ({ ...fields, id }));

/** A transaction's usual fields, each with the type Monzo gives it or any other. */
const fields = {
  created: time,
  settled: time,
  updated: time,
  amount: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), value),
  currency: fc.oneof(fc.constantFrom('GBP', 'EUR'), value),
  description: fc.oneof(fc.string(), value),
  category: fc.oneof(fc.constantFrom('groceries', 'eating_out'), value),
  merchant: fc.oneof(merchant, fc.constantFrom('merch_1', null), value),
  account_id: fc.oneof(fc.constantFrom('acc_1', PAGE_ACCOUNT, ''), value),
  decline_reason: fc.oneof(fc.constantFrom('INSUFFICIENT_FUNDS'), value),
  metadata: fc.dictionary(fc.string(), fc.string(), { maxKeys: 5 }),
};

/** A transaction: some of those fields and any others, in any order, with `id` somewhere among them. */
const transaction = fc
  .tuple(fc.record(fields, { requiredKeys: [] }), fc.dictionary(fc.string(), value, { maxKeys: 5 }), fc.nat())
  .map(([known, other, at]) => {
    const entries = [...Object.entries(other), ...Object.entries(known)];
    const position = at % (entries.length + 1);
    entries.splice(position, 0, ['id', '']);
    // As parsed from the API's JSON: `__proto__` an own key, no -0.
    return JSON.parse(JSON.stringify(Object.fromEntries(entries))) as Record<string, unknown>;
  });

let store: SqliteStore;
beforeEach(async () => {
  store = await openSqliteStore(':memory:');
});
afterEach(() => store.close());

/** Each case in a store of its own, so that reading an account back reads only that case's rows. */
async function newStore(): Promise<void> {
  await store.close();
  store = await openSqliteStore(':memory:');
}

/** Saves the transactions as one page, and reads each back by its account. */
async function roundTrip(transactions: Record<string, unknown>[]) {
  await newStore();
  const saved = transactions.map((tx, index) => ({ ...tx, id: `tx_${index}` }));
  const ids = saved.map((tx) => tx.id);
  await store.savePage({
    user_id: 'user_1',
    account_id: PAGE_ACCOUNT,
    transactions: saved as unknown as Transaction<Merchant>[],
    at: '2026-01-01T00:00:00.000Z',
  });
  const accounts = new Set(
    saved.map((tx) =>
      typeof tx.account_id === 'string' && tx.account_id !== '' ? tx.account_id : PAGE_ACCOUNT,
    ),
  );
  const read = new Map<string, unknown>();
  for (const account_id of accounts) {
    for (const row of await store.readTransactions({ account_id, limit: 1_000_000 })) {
      if (ids.includes(row.id)) read.set(row.id, row.transaction);
    }
  }
  return { saved, read };
}

describe('a transaction through the store', () => {
  it('reads back as the same JSON, key for key, whatever it holds', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(transaction, { minLength: 1, maxLength: 4 }), async (transactions) => {
        const { saved, read } = await roundTrip(transactions);
        for (const tx of saved) expect(JSON.stringify(read.get(tx.id))).toBe(JSON.stringify(tx));
      }),
      fuzz(RUNS),
    );
  });

  it('reads back as its latest version after any change, and a page saved again changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(transaction, transaction, async (before, after) => {
        const { saved } = await roundTrip([before]);
        const id = saved[0]?.id as string;
        const page = (tx: Record<string, unknown>) => ({
          user_id: 'user_1',
          account_id: PAGE_ACCOUNT,
          transactions: [{ ...tx, id }] as unknown as Transaction<Merchant>[],
          at: '2026-01-02T00:00:00.000Z',
        });
        const changed = JSON.stringify({ ...before, id }) !== JSON.stringify({ ...after, id });
        expect(await store.savePage(page(after))).toEqual({ inserted: 0, updated: changed ? 1 : 0 });
        expect(await store.savePage(page(after))).toEqual({ inserted: 0, updated: 0 });
        const account =
          typeof after.account_id === 'string' && after.account_id !== '' ? after.account_id : PAGE_ACCOUNT;
        const rows = await store.readTransactions({ account_id: account, limit: 1_000_000 });
        const read = rows.find((row) => row.id === id)?.transaction;
        expect(JSON.stringify(read)).toBe(JSON.stringify({ ...after, id }));
      }),
      fuzz(RUNS),
    );
  });
});
