import type { MerchantVersion } from '../codec/merchants.js';
import type { Shape } from '../codec/shape.js';
import type { TransactionRow } from '../codec/transaction.js';
import type { PageResult } from '../types.js';
import type { Queryable } from './database.js';

/** The columns a page sets and compares: a row is rewritten only when one of them changed. */
const COMPARED = [
  'account_id',
  'created',
  'settled',
  'updated',
  'amount',
  'currency',
  'description',
  'category',
  'declined',
  'merchant',
  'shape',
  'body',
] as const;

const list = (prefix: string) => COMPARED.map((column) => `${prefix}${column}`).join(', ');

/**
 * A page of transactions (schema 3, see `codec/transaction.ts`) upserted by id in one statement. The page is
 * one `json` parameter, an array of one object per row, which `json_to_recordset` reads in one pass: no escaping
 * on the way, where arrays of texts would escape every quote (each row's values are JSON already, spliced in as
 * they are: a `json` value taken out of a `json` document keeps its text exactly). Times travel as milliseconds.
 *
 * New ids are inserted; held ones are rewritten only where something changed, keeping the `user_id` that first
 * stored them; unchanged ones are left alone, not even locked. `held` is read in the statement's snapshot,
 * before its own writes, so it tells the updated rows from the inserted; should another page of the sync write
 * the same row meanwhile (time windows overlap at their edges), the conflict changes nothing and counts nothing.
 * Rows go in in id order, so that two pages writing the same rows lock them in the same order (they cannot
 * deadlock); an id twice in a page counts once, as its last occurrence, since one statement cannot write a row
 * twice.
 */
const UPSERT = `
  WITH page AS (
    SELECT DISTINCT ON (id) n, id, account_id, to_timestamp(created / 1000) AS created,
      to_timestamp(settled / 1000) AS settled, to_timestamp(updated / 1000) AS updated, amount, currency,
      description, category, declined, merchant, shape, body::text AS body
    FROM json_to_recordset($1::json) AS item (n int, id text, account_id text, created float8, settled float8,
      updated float8, amount bigint, currency text, description text, category text, declined boolean,
      merchant int, shape int, body json)
    ORDER BY id, n DESC
  ),
  held AS (
    SELECT id, ROW(${list('')}) AS value FROM transactions WHERE id IN (SELECT id FROM page)
  ),
  changed AS (
    SELECT page.* FROM page LEFT JOIN held USING (id) WHERE held.value IS DISTINCT FROM ROW(${list('page.')})
  ),
  written AS (
    INSERT INTO transactions (id, user_id, ${list('')}, first_seen, last_changed)
    SELECT id, $2, ${list('')}, $3::timestamptz, $3::timestamptz FROM changed ORDER BY id
    ON CONFLICT (id) DO UPDATE SET ${COMPARED.map((column) => `${column} = excluded.${column}`).join(', ')},
      last_changed = excluded.last_changed
    WHERE ROW(${list('transactions.')}) IS DISTINCT FROM ROW(${list('excluded.')})
    RETURNING id
  )
  SELECT COUNT(*) - COUNT(held.id) AS inserted, COUNT(held.id) AS updated
  FROM written LEFT JOIN held USING (id)`;

/** Writes encoded rows (inside the page's transaction) and counts what was new and what changed. */
export async function upsertRows(
  client: Queryable,
  rows: readonly TransactionRow[],
  userId: string,
  at: string,
): Promise<PageResult> {
  const { rows: counted } = await client.query(UPSERT, [pageJson(rows), userId, at]);
  return { inserted: Number(counted[0]?.inserted ?? 0), updated: Number(counted[0]?.updated ?? 0) };
}

/** The rows as `json_to_recordset` reads them: each row's columns, and its values spliced in as JSON. */
export function pageJson(rows: readonly TransactionRow[]): string {
  const items = rows.map((row, n) => {
    const columns = JSON.stringify({
      n,
      id: row.id,
      account_id: row.account_id,
      created: row.created,
      settled: row.settled,
      updated: row.updated,
      amount: row.amount,
      currency: row.currency,
      description: row.description,
      category: row.category,
      declined: row.declined === 1,
      merchant: row.merchant?.n ?? null,
      shape: row.shape?.id ?? null,
    });
    return `${columns.slice(0, -1)},"body":${row.body}}`;
  });
  return `[${items.join(',')}]`;
}

/** Finds or adds the shape; two workers adding the same one at once end with one row, and both its number. */
export async function numberShape(db: Queryable, shape: Shape): Promise<void> {
  await db.query('INSERT INTO shapes (shape) VALUES ($1) ON CONFLICT ((md5(shape))) DO NOTHING', [
    shape.text,
  ]);
  const { rows } = await db.query('SELECT n FROM shapes WHERE md5(shape) = md5($1) AND shape = $1', [
    shape.text,
  ]);
  shape.id = Number(rows[0]?.n);
}

/** Finds or adds the merchant's version, as `numberShape` does. */
export async function numberMerchant(db: Queryable, merchant: MerchantVersion): Promise<void> {
  await db.query(
    'INSERT INTO merchants (id, json) VALUES ($1, $2) ON CONFLICT (id, (md5(json::text))) DO NOTHING',
    [merchant.id, merchant.json],
  );
  const { rows } = await db.query(
    'SELECT n FROM merchants WHERE id = $1 AND md5(json::text) = md5($2) AND json::text = $2',
    [merchant.id, merchant.json],
  );
  merchant.n = Number(rows[0]?.n);
}
