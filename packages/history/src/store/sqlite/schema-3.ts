import { type TransactionRow, toMillis } from '../codec/transaction.js';
import type { Database, Row } from './database.js';
import { SqliteTransactions } from './transactions.js';

/**
 * Schema 3: transactions kept compact (see `codec/transaction.ts`). Each transaction's JSON was ~1.7 KB, a third
 * of it the merchant repeated on every payment to it and most of the rest keys and values that every
 * transaction of its kind repeats, and the fields the columns held were held twice: a history took six times
 * the size of its NDJSON export. Now a merchant is stored once per version, a shape (keys and constants) once,
 * each transaction as its columns and the values no column holds; times are milliseconds, as integers.
 */
export const SCHEMA_3 = `
  -- The shapes of transactions: the keys in order and the constants (null, true, false, ""), as JSON.
  CREATE TABLE shapes (
    n INTEGER PRIMARY KEY,
    shape TEXT NOT NULL UNIQUE
  );
  -- Each version of a merchant that a transaction carried, as the API returned it.
  CREATE TABLE merchants (
    n INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    json TEXT NOT NULL
  );
  CREATE INDEX merchants_by_id ON merchants (id);
  CREATE TABLE transactions_new (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL DEFAULT '',
    account_id TEXT NOT NULL,
    -- Times in milliseconds since 1970 (UTC): datetime(created / 1000, 'unixepoch') shows one.
    created INTEGER NOT NULL,
    -- NULL while pending (Monzo sends "").
    settled INTEGER,
    updated INTEGER,
    amount INTEGER,
    currency TEXT,
    description TEXT,
    category TEXT,
    declined INTEGER NOT NULL DEFAULT 0,
    -- merchants.n: the merchant as this transaction carried it.
    merchant INTEGER,
    -- shapes.n, and the values of the transaction's JSON that no column holds, in the shape's order; a NULL
    -- shape: body is the whole JSON.
    shape INTEGER,
    body TEXT NOT NULL,
    first_seen INTEGER NOT NULL,
    last_changed INTEGER NOT NULL
  );
`;

const INDEXES = `
  CREATE INDEX transactions_by_account ON transactions (account_id, created, id);
  CREATE INDEX transactions_pending ON transactions (account_id, created) WHERE settled IS NULL AND declined = 0;
`;

/** Rows moved per query: better-sqlite3 runs no other statement while one is being iterated. */
const CHUNK = 1_000;

/**
 * Moves every transaction of schema 2 into schema 3's table, keeping its user, account, and when it was first
 * seen and last changed. A row whose JSON does not parse is kept as it is (as whole JSON), so that it reads as
 * damaged, as it did.
 */
export function migrateTo3(db: Database): void {
  db.exec(SCHEMA_3);
  const rows = new SqliteTransactions(db, 'transactions_new');
  const read = db.prepare(
    `SELECT rowid, id, user_id, account_id, created, settled, updated, amount, currency, description, category,
       declined, json, first_seen, last_changed
     FROM transactions WHERE rowid > ? ORDER BY rowid LIMIT ${CHUNK}`,
  );
  const keep = db.prepare(
    `INSERT INTO transactions_new (id, user_id, account_id, created, settled, updated, amount, currency,
       description, category, declined, body, first_seen, last_changed)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const millis = (value: unknown) => toMillis(value) ?? 0;
  let after = 0;
  for (;;) {
    const chunk = read.all(after);
    for (const row of chunk) {
      const encoded = encode(rows, row);
      if (encoded) {
        rows.insert(encoded, {
          user_id: String(row.user_id),
          first_seen: millis(row.first_seen),
          last_changed: millis(row.last_changed),
        });
      } else {
        const column = (name: string) => row[name] ?? null;
        keep.run(
          column('id'),
          column('user_id'),
          column('account_id'),
          millis(row.created),
          toMillis(row.settled),
          toMillis(row.updated),
          column('amount'),
          column('currency'),
          column('description'),
          column('category'),
          column('declined'),
          column('json'),
          millis(row.first_seen),
          millis(row.last_changed),
        );
      }
    }
    const last = chunk.at(-1);
    if (!last || chunk.length < CHUNK) break;
    after = Number(last.rowid);
  }
  db.exec('DROP TABLE transactions');
  db.exec('ALTER TABLE transactions_new RENAME TO transactions');
  db.exec(INDEXES);
}

/** The schema 3 row of a schema 2 row, or `undefined` if its JSON is not a transaction's. */
function encode(rows: SqliteTransactions, row: Row): TransactionRow | undefined {
  try {
    return rows.codec.encode(JSON.parse(String(row.json)), String(row.account_id));
  } catch {
    return undefined;
  }
}
