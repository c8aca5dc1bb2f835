import type { Account, Merchant, Pot, Transaction } from 'monzo-ts';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { findPot, potLabelsFor, transactionLabel } from './pot.js';

const account = { id: 'acc_1', type: 'uk_retail' } as Account;
const pot = (id: string, name: string, deleted = false) => ({ id, name, deleted }) as Pot;
const pots = [
  pot('pot_a', 'Holiday'),
  pot('pot_b', 'Bills'),
  pot('pot_c', 'Old', true),
  pot('pot_d', 'Twin'),
  pot('pot_e', 'twin'),
];

describe('findPot', () => {
  it('finds a pot by id or by its exact name in any case', () => {
    expect(findPot(pots, 'pot_b', account).id).toBe('pot_b');
    expect(findPot(pots, 'holiday', account).id).toBe('pot_a');
    expect(findPot(pots, ' HOLIDAY ', account).id).toBe('pot_a');
  });

  it('refuses deleted, unknown, partial and ambiguous names, listing the pots', () => {
    expect(() => findPot(pots, 'pot_c', account)).toThrow(/deleted/);
    expect(() => findPot(pots, 'Old', account)).toThrow(UsageError);
    expect(() => findPot(pots, 'Holi', account)).toThrow(/no pot called "Holi" in acc_1 .*Holiday \(pot_a\)/);
    expect(() => findPot(pots, 'pot_zzz', account)).toThrow(/no pot pot_zzz/);
    expect(() => findPot(pots, 'TWIN', account)).toThrow(
      /2 pots are called "TWIN": name one by id; .*pot_d.*pot_e/,
    );
    expect(() => findPot([], 'x', account)).toThrow(/has no pots/);
  });
});

describe('transactionLabel and potLabelsFor', () => {
  const tx = (description: string, merchant: Transaction['merchant'] = null) =>
    ({ description, merchant }) as Transaction;

  it('labels by merchant name, else by pot name (deleted pots too), else by Monzo’s description', async () => {
    const labels = await potLabelsFor([tx('pot_c')], async () => pots);
    expect(transactionLabel(tx('CARD 1234', { name: 'Pret' } as Merchant), labels)).toBe('Pret');
    expect(transactionLabel(tx('pot_a'), labels)).toBe('pot: Holiday');
    expect(transactionLabel(tx('pot_c'), labels)).toBe('pot: Old');
    expect(transactionLabel(tx('pot_unknown'), labels)).toBe('pot_unknown');
    expect(transactionLabel(tx('CARD 1234', 'merch_1'), labels)).toBe('CARD 1234');
  });

  it('lists the pots only when a transaction moves money to or from one', async () => {
    let calls = 0;
    const list = async () => {
      calls++;
      return pots;
    };
    expect((await potLabelsFor([tx('Pret')], list)).size).toBe(0);
    expect(calls).toBe(0);
    await potLabelsFor([tx('Pret'), tx('pot_b')], list);
    expect(calls).toBe(1);
  });
});
