import type { Transaction } from 'monzo-ts';
import { describe, expect, it } from 'vitest';
import { roundUp } from './round-up.js';

const payment = (fields: Partial<Transaction>): Transaction =>
  ({ amount: -1234, currency: 'GBP', merchant: 'merch_1', ...fields }) as Transaction;

describe('roundUp', () => {
  it('is what takes a card payment up to the next pound', () => {
    expect(roundUp(payment({ amount: -1234 }))).toBe(66);
    expect(roundUp(payment({ amount: -1 }))).toBe(99);
    expect(roundUp(payment({ amount: -99 }))).toBe(1);
    expect(roundUp(payment({ amount: -100_001 }))).toBe(99);
  });

  it('is nothing for a payment of whole pounds', () => {
    expect(roundUp(payment({ amount: -500 }))).toBe(0);
  });

  it('is nothing for money in, declined payments, transfers and other currencies', () => {
    expect(roundUp(payment({ amount: 1234 }))).toBe(0);
    expect(roundUp(payment({ decline_reason: 'INSUFFICIENT_FUNDS' }))).toBe(0);
    expect(roundUp(payment({ merchant: null }))).toBe(0);
    expect(roundUp(payment({ currency: 'EUR' }))).toBe(0);
  });
});
