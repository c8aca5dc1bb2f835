import type { Account, Pot } from 'monzo-ts';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { findPot } from './pot.js';

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
