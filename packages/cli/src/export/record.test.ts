import type { Transaction } from 'monzo-ts';
import { describe, expect, it } from 'vitest';
import { majorUnits, memoParts, payeeOf, toRecord } from './record.js';

const base = {
  id: 'tx_1',
  amount: -2668,
  currency: 'GBP',
  created: '2026-01-31T12:30:00.000Z',
  description: 'AMAZON',
  merchant: { id: 'merch_1', name: 'Amazon' },
  metadata: {},
  notes: 'a note',
  is_load: false,
  settled: '2026-02-01T08:00:00.000Z',
  category: 'shopping',
} as Transaction;

describe('majorUnits', () => {
  it('writes minor units as exact decimal text in the currency’s unit', () => {
    expect(majorUnits(-2668, 'GBP')).toBe('-26.68');
    expect(majorUnits(5, 'GBP')).toBe('0.05');
    expect(majorUnits(-5, 'GBP')).toBe('-0.05');
    expect(majorUnits(0, 'GBP')).toBe('0.00');
    expect(majorUnits(150000, 'EUR')).toBe('1500.00');
    expect(majorUnits(500, 'JPY')).toBe('500');
    expect(majorUnits(1234, 'KWD')).toBe('1.234');
    expect(majorUnits(9_007_199_254_740_991, 'GBP')).toBe('90071992547409.91');
  });
});

describe('toRecord', () => {
  it('flattens a settled transaction with an expanded merchant', () => {
    expect(toRecord(base, 'acc_1')).toEqual({
      id: 'tx_1',
      account_id: 'acc_1',
      created: '2026-01-31T12:30:00.000Z',
      settled: '2026-02-01T08:00:00.000Z',
      status: 'settled',
      amount: -2668,
      amount_major: '-26.68',
      currency: 'GBP',
      description: 'AMAZON',
      merchant: 'Amazon',
      counterparty: '',
      category: 'shopping',
      notes: 'a note',
      decline_reason: '',
    });
  });

  it('marks pending and declined transactions', () => {
    expect(toRecord({ ...base, settled: '' }, 'acc_1').status).toBe('pending');
    const declined = toRecord({ ...base, settled: '', decline_reason: 'CARD_BLOCKED' }, 'acc_1');
    expect(declined).toMatchObject({ status: 'declined', decline_reason: 'CARD_BLOCKED' });
  });

  it('names no merchant for an unexpanded id or a transfer, and falls back for the payee', () => {
    const unexpanded = toRecord({ ...base, merchant: 'merch_1' }, 'acc_1');
    expect(unexpanded.merchant).toBe('');
    expect(payeeOf(unexpanded)).toBe('AMAZON');
    const transfer = toRecord({ ...base, merchant: null, counterparty: { name: 'Sam' } }, 'acc_1');
    expect(payeeOf(transfer)).toBe('Sam');
  });
});

describe('pot moves and memos', () => {
  it('names the pot of a move to or from one, as `monzo transactions` does', () => {
    const names = new Map([['pot_0001', 'pot: Bills']]);
    const move = toRecord({ ...base, merchant: null, description: 'pot_0001', notes: '' }, 'acc_1', names);
    expect(move.description).toBe('pot: Bills');
    expect(payeeOf(move)).toBe('pot: Bills');
    expect(memoParts(move, payeeOf(move))).toEqual([]);
    // A pot the list does not know (or no list at all) keeps Monzo's text.
    expect(toRecord({ ...base, description: 'pot_0002' }, 'acc_1', names).description).toBe('pot_0002');
  });

  it('never repeats itself: a note equal to the description or the payee is written once, if at all', () => {
    const record = toRecord({ ...base, description: 'AMAZON', notes: 'AMAZON' }, 'acc_1');
    expect(memoParts(record, payeeOf(record))).toEqual(['AMAZON']);
    expect(memoParts(record, 'AMAZON')).toEqual([]);
    expect(memoParts(toRecord(base, 'acc_1'), 'Amazon')).toEqual(['AMAZON', 'a note']);
  });
});
