/** Transactions and accounts for the writers' tests: awkward text in every field a format escapes. */
import type { Account } from 'monzo-ts';
import type { ExportRecord } from './record.js';

export const ACCOUNT: Account = {
  id: 'acc_00009test',
  closed: false,
  created: '2020-01-01T00:00:00.000Z',
  description: 'user_00009test',
  type: 'uk_retail',
  currency: 'GBP',
  account_number: '12345678',
  sort_code: '040004',
} as Account;

/** Text that breaks naive CSV, XML and QIF writers alike. */
export const NASTY = 'Lunch, "the usual" & <dessert>\nsplit 3 ways\r\n^ not the end; 🍕';

function record(overrides: Partial<ExportRecord>): ExportRecord {
  return {
    id: 'tx_0001',
    account_id: ACCOUNT.id,
    created: '2026-01-31T12:30:00.000Z',
    settled: '2026-02-01T08:00:00.000Z',
    status: 'settled',
    amount: -2668,
    amount_major: '-26.68',
    currency: 'GBP',
    description: 'AMAZON.CO.UK*AB12CD34E AMAZON.CO.UK  GBR',
    merchant: 'Amazon',
    counterparty: '',
    category: 'shopping',
    notes: '',
    decline_reason: '',
    ...overrides,
  };
}

/** Settled, pending, declined, a credit, a transfer with no merchant, notes full of special characters. */
export const RECORDS: ExportRecord[] = [
  record({}),
  record({ id: 'tx_0002', notes: NASTY, merchant: 'Pizza & Co <Soho>', category: 'eating_out' }),
  record({ id: 'tx_0003', status: 'pending', settled: '', amount: -450, amount_major: '-4.50' }),
  record({
    id: 'tx_0004',
    status: 'declined',
    settled: '',
    amount: -6431,
    amount_major: '-64.31',
    decline_reason: 'INSUFFICIENT_FUNDS',
  }),
  record({
    id: 'tx_0005',
    amount: 150000,
    amount_major: '1500.00',
    merchant: '',
    counterparty: 'ACME LTD',
    description: 'SALARY',
    category: 'income',
  }),
  record({
    id: 'tx_0006',
    merchant: 'A merchant with a name far longer than thirty-two characters',
    amount: 5,
    amount_major: '0.05',
  }),
];
