import type { Merchant, Transaction } from 'monzo-ts';
import { describe, expect, it } from 'vitest';
import { payment } from '../contract.js';
import { planOf } from './shape.js';
import { MOST_SHAPES, type StoredRow, TransactionCodec, type TransactionRow } from './transaction.js';

/** What a store would give back for `row`: its columns, with its shape's plan and its merchant's JSON. */
function readBack(codec: TransactionCodec, row: TransactionRow): Transaction<Merchant> {
  const stored: StoredRow = { ...row };
  return codec.decode(stored, row.shape ? planOf(row.shape.text) : undefined, row.merchant?.json);
}

const card = (id: string, amount: number, merchant: Record<string, unknown>) =>
  ({
    ...payment(id, '2026-01-05T10:00:00.000Z', '2026-01-06T08:00:00.000Z'),
    amount,
    merchant,
    metadata: { mcc: '5411', ledger_insertion_id: `entryset_${id}` },
    labels: null,
    include_in_spending: true,
  }) as unknown as Transaction<Merchant>;

const TESCO = {
  id: 'merch_tesco',
  name: 'Tesco',
  logo: 'https://example.com/tesco.png',
  address: { city: 'London' },
};

describe('the transaction codec', () => {
  it('keeps a kind of transaction as one shape, and per transaction only what no column holds', () => {
    const codec = new TransactionCodec();
    const first = codec.encode(card('tx_1', -1_250, TESCO), 'acc_1');
    const second = codec.encode(card('tx_2', -399, TESCO), 'acc_1');
    expect(second.shape).toBe(first.shape);
    expect(second.merchant).toBe(first.merchant);
    expect(first.merchant?.json).toBe(JSON.stringify(TESCO));
    // The id, times, amount, text and merchant are in the columns (and its table), not in the values.
    expect(JSON.parse(first.body)).toEqual(['5411', 'entryset_tx_1']);
    expect(first).toMatchObject({
      id: 'tx_1',
      account_id: 'acc_1',
      created: Date.parse('2026-01-05T10:00:00.000Z'),
      settled: Date.parse('2026-01-06T08:00:00.000Z'),
      amount: -1_250,
      currency: 'GBP',
      description: 'PRET A MANGER',
      category: 'eating_out',
      declined: 0,
    });
    expect(readBack(codec, second)).toEqual(card('tx_2', -399, TESCO));
  });

  it('keeps in the values a field that its column would not give back as it was', () => {
    const codec = new TransactionCodec();
    const odd = { ...payment('tx_1', '2026-01-05T10:00:00Z', ''), updated: '2026-02-29T10:00:00.000Z' };
    const row = codec.encode(odd as Transaction<Merchant>, 'acc_1');
    // `created` without milliseconds, and 29 February 2026 (1 March to Date.parse): columns and values both.
    expect(JSON.parse(row.body)).toEqual(['2026-01-05T10:00:00Z', '2026-02-29T10:00:00.000Z']);
    expect(row.settled).toBeNull();
    expect(readBack(codec, row)).toEqual(odd);
  });

  it('a merchant is a new version when anything in it changed, the same one otherwise', () => {
    const codec = new TransactionCodec();
    const before = codec.encode(card('tx_1', -1, TESCO), 'acc_1').merchant;
    const moved = { ...TESCO, address: { city: 'Leeds' } };
    const after = codec.encode(card('tx_2', -1, moved), 'acc_1').merchant;
    const { name, ...rest } = TESCO;
    const reordered = { name, ...rest };
    expect(after).not.toBe(before);
    expect(after?.json).toBe(JSON.stringify(moved));
    expect(codec.encode(card('tx_3', -1, { ...moved }), 'acc_1').merchant).toBe(after);
    expect(codec.encode(card('tx_4', -1, reordered), 'acc_1').merchant?.json).toBe(JSON.stringify(reordered));
  });

  it(`past ${MOST_SHAPES} shapes, keeps a transaction of yet another shape as its whole JSON`, () => {
    const codec = new TransactionCodec();
    const odd = (index: number) =>
      ({
        ...payment(`tx_${index}`, '2026-01-05T10:00:00.000Z'),
        [`key_${index}`]: index,
      }) as Transaction<Merchant>;
    const rows = Array.from({ length: MOST_SHAPES + 2 }, (_, index) => codec.encode(odd(index), 'acc_1'));
    expect(rows.filter((row) => row.shape === null)).toHaveLength(2);
    const whole = rows.at(-1) as TransactionRow;
    expect(whole.merchant).toBeNull();
    expect(JSON.parse(whole.body)).toEqual(odd(MOST_SHAPES + 1));
    for (const [index, row] of rows.entries()) expect(readBack(codec, row)).toEqual(odd(index));
    // A shape met before the limit is still used.
    expect(codec.encode(odd(3), 'acc_1').shape).toBe(rows[3]?.shape);
  });

  it('refuses a transaction without an id, saying what to pass', () => {
    const codec = new TransactionCodec();
    expect(() => codec.encode({ amount: 1 } as unknown as Transaction<Merchant>, 'acc_1')).toThrow(
      /a transaction to store has no id/,
    );
  });

  it('says a row does not fit its shape, rather than give back another transaction', () => {
    const codec = new TransactionCodec();
    const row = codec.encode(card('tx_1', -1, TESCO), 'acc_1');
    const plan = planOf(row.shape?.text as string);
    expect(() => codec.decode({ ...row, body: '["5411"]' }, plan, row.merchant?.json)).toThrow(/do not fit/);
    expect(() => codec.decode({ ...row, body: '["5411", "a", "b"]' }, plan, row.merchant?.json)).toThrow(
      /do not fit/,
    );
    expect(() => codec.decode(row, plan, undefined)).toThrow(/merchant is missing/);
    expect(planOf('{"id": 7}')).toBeUndefined();
    expect(planOf('not json')).toBeUndefined();
  });
});
