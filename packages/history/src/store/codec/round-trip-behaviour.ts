/**
 * Whatever a transaction holds, a store gives it back as the API returned it: the same JSON text, keys in the
 * same order, merchant expanded, whether its fields fit the columns or not. Transactions are JSON as parsed
 * (the API's), so values JSON cannot hold (-0, undefined) are not among them. A property suite any store runs
 * (`transaction.fuzz.test.ts` on SQLite, `../postgres/transaction.fuzz.test.ts` on PostgreSQL).
 */
import fc from 'fast-check';
import type { Merchant, Transaction } from 'monzo-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzz } from '../../../../sdk/test/support/fuzz.js';
import type { HistoryStore } from '../types.js';

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

/** The account a transaction's row is read back by: its own, else the page's. */
function accountOf(tx: Record<string, unknown>, page: string): string {
  return typeof tx.account_id === 'string' && tx.account_id !== '' ? tx.account_id : page;
}

/**
 * Registers the properties for a store; `open` gives a new, empty one. Each case has accounts of its own (its
 * account ids are tagged with its number), so that reading an account back reads only that case's rows.
 */
export function roundTripSuite(name: string, open: () => Promise<HistoryStore>, runs: number): void {
  describe(`a transaction through the ${name} store`, () => {
    let store: HistoryStore;
    let cases = 0;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(() => store.close());

    /** The case's copy of `tx`: its id and account tagged with the case, the rest as generated. */
    const tagged = (tx: Record<string, unknown>, tag: string, index: number) => {
      const copy: Record<string, unknown> = { ...tx, id: `tx_${tag}_${index}` };
      if (typeof tx.account_id === 'string' && tx.account_id !== '')
        copy.account_id = `${tx.account_id}_${tag}`;
      return copy;
    };

    const save = (transactions: Record<string, unknown>[], tag: string, at: string) =>
      store.savePage({
        user_id: 'user_1',
        account_id: `${PAGE_ACCOUNT}_${tag}`,
        transactions: transactions as unknown as Transaction<Merchant>[],
        at,
      });

    /** The transactions stored by id, read back by their accounts. */
    const readBack = async (transactions: Record<string, unknown>[], tag: string) => {
      const read = new Map<string, unknown>();
      for (const account_id of new Set(transactions.map((tx) => accountOf(tx, `${PAGE_ACCOUNT}_${tag}`)))) {
        for (const row of await store.readTransactions({ account_id, limit: 1_000 })) {
          read.set(row.id, row.transaction);
        }
      }
      return read;
    };

    it('reads back as the same JSON, key for key, whatever it holds', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(transaction, { minLength: 1, maxLength: 4 }), async (generated) => {
          const tag = String(++cases);
          const saved = generated.map((tx, index) => tagged(tx, tag, index));
          expect(await save(saved, tag, '2026-01-01T00:00:00.000Z')).toEqual({
            inserted: saved.length,
            updated: 0,
          });
          const read = await readBack(saved, tag);
          for (const tx of saved) expect(JSON.stringify(read.get(tx.id as string))).toBe(JSON.stringify(tx));
        }),
        fuzz(runs),
      );
    });

    it('reads back as its latest version after any change, and a page saved again changes nothing', async () => {
      await fc.assert(
        fc.asyncProperty(transaction, transaction, async (first, second) => {
          const tag = String(++cases);
          const before = tagged(first, tag, 0);
          const after = tagged(second, tag, 0);
          await save([before], tag, '2026-01-01T00:00:00.000Z');
          const changed = JSON.stringify(before) !== JSON.stringify(after);
          expect(await save([after], tag, '2026-01-02T00:00:00.000Z')).toEqual({
            inserted: 0,
            updated: changed ? 1 : 0,
          });
          expect(await save([after], tag, '2026-01-03T00:00:00.000Z')).toEqual({ inserted: 0, updated: 0 });
          const read = await readBack([after], tag);
          expect(JSON.stringify(read.get(after.id as string))).toBe(JSON.stringify(after));
        }),
        fuzz(runs),
      );
    });
  });
}
