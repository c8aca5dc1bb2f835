import type { TransactionRow } from '../codec/transaction.js';
import type { Queryable, Row } from './database.js';
import { pageJson } from './page.js';
import { columnValues, PostgresTransactions } from './transactions.js';

/**
 * Schema 3 on PostgreSQL, as on SQLite (`../sqlite/schema-3.ts`): merchants once per version, shapes once, each
 * transaction as its columns and the values no column holds. Shapes and merchant versions are unique by a hash
 * of their text (a b-tree cannot hold an entry past a third of a page, and a shape can be longer); the text is
 * compared too where one is looked up. Fixed-width columns come first, so that no row pads between them.
 */
const SCHEMA_3 = `
  CREATE TABLE shapes (
    n integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    shape text NOT NULL
  );
  CREATE UNIQUE INDEX shapes_by_text ON shapes (md5(shape));
  CREATE TABLE merchants (
    n integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id text COLLATE "C" NOT NULL,
    json json NOT NULL
  );
  CREATE UNIQUE INDEX merchants_by_version ON merchants (id, md5(json::text));
  CREATE TABLE transactions_new (
    created timestamptz NOT NULL,
    settled timestamptz,
    updated timestamptz,
    first_seen timestamptz NOT NULL,
    last_changed timestamptz NOT NULL,
    amount bigint,
    merchant integer,
    shape integer,
    declined boolean NOT NULL DEFAULT false,
    id text COLLATE "C" NOT NULL,
    user_id text NOT NULL DEFAULT '',
    account_id text NOT NULL,
    currency text,
    description text,
    category text,
    body text NOT NULL
  );
`;

/**
 * The reads' index is on (account_id, created), not also id as on SQLite: windows walked at once insert into
 * the middle of it, where a B-tree page that splits stays half empty, and the id would make each entry near
 * twice as long. Transactions at the same millisecond are few; a read sorts them by id as it goes.
 */
const INDEXES = `
  ALTER TABLE transactions ADD CONSTRAINT transactions_pkey PRIMARY KEY (id);
  CREATE INDEX transactions_by_account ON transactions (account_id, created);
  CREATE INDEX transactions_pending ON transactions (account_id, created) WHERE settled IS NULL AND NOT declined;
`;

/** Rows moved per query. */
const CHUNK = 1_000;

const MOVE = `
  INSERT INTO transactions_new (id, user_id, account_id, created, settled, updated, amount, currency, description,
    category, declined, merchant, shape, body, first_seen, last_changed)
  SELECT item.id, old.user_id, item.account_id, to_timestamp(item.created / 1000), to_timestamp(item.settled / 1000),
    to_timestamp(item.updated / 1000), item.amount, item.currency, item.description, item.category, item.declined,
    item.merchant, item.shape, item.body::text, old.first_seen, old.last_changed
  FROM json_to_recordset($1::json) AS item (id text, account_id text, created float8, settled float8, updated float8, amount bigint,
    currency text, description text, category text, declined boolean, merchant int, shape int, body json)
  JOIN transactions AS old USING (id)`;

/**
 * Moves every transaction of schema 2 into schema 3's table (inside the migration's transaction), keeping its
 * user, account, and when it was first seen and last changed; the indexes are built once, at the end.
 */
export async function migrateTo3(client: Queryable): Promise<void> {
  await client.query(SCHEMA_3);
  const rows = new PostgresTransactions('');
  let after = '';
  for (;;) {
    const { rows: chunk } = await client.query(
      `SELECT id, account_id, created, settled, updated, amount, currency, description, category, declined,
         json::text AS json
       FROM transactions WHERE id > $1 ORDER BY id LIMIT $2`,
      [after, CHUNK],
    );
    if (chunk.length === 0) break;
    const encoded: TransactionRow[] = [];
    for (const row of chunk) encoded.push(await encode(client, rows, row));
    await client.query(MOVE, [pageJson(encoded)]);
    after = String(chunk.at(-1)?.id);
    if (chunk.length < CHUNK) break;
  }
  await client.query('DROP TABLE transactions');
  await client.query('ALTER TABLE transactions_new RENAME TO transactions');
  await client.query(INDEXES);
}

/**
 * The schema 3 row of a schema 2 row; one whose JSON is not a transaction's (the column is `json`, so it
 * parses) is kept whole, with its old columns, so that it reads back as it was.
 */
async function encode(client: Queryable, rows: PostgresTransactions, row: Row): Promise<TransactionRow> {
  try {
    const [encoded] = await rows.encode(client, [JSON.parse(String(row.json))], String(row.account_id));
    return encoded as TransactionRow;
  } catch {
    return {
      ...columnValues(row),
      declined: row.declined === true ? 1 : 0,
      merchant: null,
      shape: null,
      body: String(row.json),
    };
  }
}
