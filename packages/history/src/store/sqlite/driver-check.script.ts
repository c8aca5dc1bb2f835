/**
 * Run by database.test.ts under each Node version: the history's round trip on SQLite (schema, upsert by id,
 * read back), printed as one JSON line, so that both drivers can be compared.
 */
import { writeFileSync } from 'node:fs';
import type { Merchant, Transaction } from 'monzo-ts';
import { HistoryDatabaseError } from '../../errors.js';
import { findDriver } from './drivers.js';
import { openHistoryDatabase, openHistoryForReading } from './schema.js';
import { SqliteStore } from './store.js';

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
const store = new SqliteStore(db);
const cursor = {
  last_id: 'tx_2',
  last_created: '2026-01-01T10:00:00.500Z',
  covered_until: '2026-01-01T10:00:00.500Z',
  complete_since: null,
};
const first = await store.savePage({
  user_id: 'user_1',
  account_id: 'acc_1',
  transactions: [
    payment('tx_1', '2026-01-01T09:00:00Z', '2026-01-01T12:00:00Z'),
    payment('tx_2', '2026-01-01T10:00:00.5Z', ''),
  ],
  cursor,
  at,
});
const again = await store.savePage({
  user_id: 'user_1',
  account_id: 'acc_1',
  transactions: [
    payment('tx_1', '2026-01-01T09:00:00Z', '2026-01-01T12:00:00Z'),
    payment('tx_2', '2026-01-01T10:00:00.5Z', '2026-01-02T10:00:00Z'),
  ],
  cursor,
  at,
});
const read = (
  await store.readTransactions({ account_id: 'acc_1', since: '2026-01-01T09:30:00.000Z', limit: 10 })
).map((row) => row.transaction);
const journal = db.prepare('PRAGMA journal_mode').get()?.journal_mode;
const state = await store.state('acc_1');
await store.close();

/** How a failure comes out: the same `HistoryDatabaseError` whichever driver raised it. */
function outcome(action: () => unknown): string {
  try {
    action();
    return 'ok';
  } catch (error) {
    return error instanceof HistoryDatabaseError ? `${error.problem} ${error.driverCode}` : String(error);
  }
}
const full = outcome(() => {
  const small = openHistoryDatabase(`${file}.full`);
  small.exec(`PRAGMA max_page_count = ${Number(small.prepare('PRAGMA page_count').get()?.page_count) + 1}`);
  small.transaction(() => {
    for (let n = 0; n < 100; n++)
      small
        .prepare("INSERT INTO gaps (account_id, gap_from, gap_to, noticed_at) VALUES (?, ?, 'b', 'c')")
        .run(`a${n}`, 'x'.repeat(2_000));
  });
});
writeFileSync(`${file}.txt`, 'not a database, '.repeat(100));
const notADatabase = outcome(() => openHistoryForReading(`${file}.txt`));
// What a read in a folder this user cannot write falls back to.
const immutable = findDriver()
  ?.open(db.file, { readOnly: true, immutable: true })
  .prepare('SELECT COUNT(*) AS n FROM transactions')
  .get()?.n;
console.log(
  JSON.stringify({ driver: db.driver, first, again, read, journal, state, full, notADatabase, immutable }),
);
