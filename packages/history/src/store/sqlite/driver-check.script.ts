/**
 * Run by database.test.ts under each Node version: the local history's round trip (schema, upsert by id, read
 * back), printed as one JSON line, so that both drivers can be compared.
 */
import { writeFileSync } from 'node:fs';
import type { Merchant, Transaction } from 'monzo-ts';
import { findDriver } from './drivers.js';
import { readTransactions } from './read.js';
import { openHistoryDatabase, openHistoryForReading } from './schema.js';
import { DatabaseError } from './sqlite-errors.js';
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
const state = store.state('acc_1');
db.close();

/** How a failure comes out: the same `DatabaseError` whichever driver raised it. */
function outcome(action: () => unknown): string {
  try {
    action();
    return 'ok';
  } catch (error) {
    return error instanceof DatabaseError ? `${error.problem} ${error.code}` : String(error);
  }
}
const full = outcome(() => {
  const small = openHistoryDatabase(`${file}.full`);
  small.exec(`PRAGMA max_page_count = ${Number(small.prepare('PRAGMA page_count').get()?.page_count) + 1}`);
  small.transaction(() => {
    for (let n = 0; n < 100; n++)
      small.prepare("INSERT INTO gaps VALUES (?, ?, 'b', 'c')").run(`a${n}`, 'x'.repeat(2_000));
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
