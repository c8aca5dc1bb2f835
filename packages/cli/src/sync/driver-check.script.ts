/**
 * Run by database.test.ts under each Node version: the local history's round trip (schema, upsert by id, read
 * back), printed as one JSON line, so that both drivers can be compared.
 */
import type { Merchant, Transaction } from 'monzo-ts';
import { readTransactions } from './read.js';
import { openHistoryDatabase } from './schema.js';
import { HistoryStore } from './store.js';

const file = process.argv[2] ?? ':memory:';
const at = '2026-01-02T00:00:00.000Z';
const payment = (id: string, created: string, settled: string): Transaction<Merchant> => ({
  id,
  created,
  settled,
  amount: -1_250,
  currency: 'GBP',
  description: 'PRET A MANGER',
  merchant: { id: 'merch_1', name: 'Pret A Manger' },
  metadata: {},
  notes: '',
  is_load: false,
  category: 'eating_out',
  account_id: 'acc_1',
  amount_is_pending: settled === '',
});

const db = openHistoryDatabase(file);
const store = new HistoryStore(db);
const first = store.savePage(
  'acc_1',
  [
    payment('tx_1', '2026-01-01T09:00:00Z', '2026-01-01T12:00:00Z'),
    payment('tx_2', '2026-01-01T10:00:00.5Z', ''),
  ],
  null,
  at,
);
const again = store.savePage(
  'acc_1',
  [
    payment('tx_1', '2026-01-01T09:00:00Z', '2026-01-01T12:00:00Z'),
    payment('tx_2', '2026-01-01T10:00:00.5Z', '2026-01-02T10:00:00Z'),
  ],
  null,
  at,
);
const read = [...readTransactions(db, { account_id: 'acc_1', since: new Date('2026-01-01T09:30:00Z') })];
const journal = db.prepare('PRAGMA journal_mode').get()?.journal_mode;
console.log(JSON.stringify({ driver: db.driver, first, again, read, journal, state: store.state('acc_1') }));
db.close();
