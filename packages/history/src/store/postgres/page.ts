import { transactionColumns } from '../columns.js';
import type { PageResult, PageWrite } from '../types.js';
import type { Queryable } from './database.js';

/**
 * A page of transactions upserted by id in one statement. The page is one `json` parameter, an array of one
 * object per row (the columns of `columns.ts`, and the transaction under `json`, its JSON spliced in as it is),
 * which `json_to_recordset` reads in one pass: no escaping on the way, where arrays of texts would escape every
 * quote, and one parse per row, where `->>` on `json` parses again for each field (either costs about twice
 * the time). A `json` value taken out of a `json` document keeps its text exactly: the column holds what the
 * API sent.
 *
 * New ids are inserted; held ones are rewritten only where the JSON changed (`json` has no equality, its text
 * has), keeping the `user_id` that first stored them; unchanged ones are left alone, not even locked. `held` is
 * read in the statement's snapshot, before its own writes, so it tells the updated rows from the inserted;
 * should another page of the sync write the same row meanwhile (time windows overlap at their edges), the
 * conflict changes nothing and counts nothing. Rows go in in id order, so that two pages writing the same rows
 * lock them in the same order (they cannot deadlock); an id twice in a page counts once, as its last
 * occurrence, since one statement cannot write a row twice.
 */
const UPSERT = `
  WITH page AS (
    SELECT DISTINCT ON (id) * FROM json_to_recordset($1::json) AS item (n int, id text,
      user_id text, account_id text, created timestamptz, settled timestamptz, updated timestamptz,
      amount bigint, currency text, description text, category text, declined boolean, json json)
    ORDER BY id, n DESC
  ),
  held AS (SELECT id, json::text AS text FROM transactions WHERE id IN (SELECT id FROM page)),
  changed AS (
    SELECT page.* FROM page LEFT JOIN held USING (id) WHERE held.text IS DISTINCT FROM page.json::text
  ),
  written AS (
    INSERT INTO transactions (id, user_id, account_id, created, settled, updated, amount, currency,
      description, category, declined, json, first_seen, last_changed)
    SELECT id, user_id, account_id, created, settled, updated, amount, currency, description, category,
      declined, json, $2::timestamptz, $2::timestamptz
    FROM changed ORDER BY id
    ON CONFLICT (id) DO UPDATE SET account_id = excluded.account_id, created = excluded.created,
      settled = excluded.settled, updated = excluded.updated, amount = excluded.amount,
      currency = excluded.currency, description = excluded.description, category = excluded.category,
      declined = excluded.declined, json = excluded.json, last_changed = excluded.last_changed
    WHERE transactions.json::text <> excluded.json::text
    RETURNING id
  )
  SELECT COUNT(*) - COUNT(held.id) AS inserted, COUNT(held.id) AS updated
  FROM written LEFT JOIN held USING (id)`;

/** Writes a page's transactions (inside the page's transaction) and counts what was new and what changed. */
export async function upsertTransactions(client: Queryable, page: PageWrite): Promise<PageResult> {
  const items = page.transactions.map((transaction, n) => {
    const row = transactionColumns(transaction, page.user_id, page.account_id, page.at);
    const columns = JSON.stringify({
      n,
      id: row.id,
      user_id: row.user_id,
      account_id: row.account_id,
      created: row.created,
      settled: row.settled,
      updated: row.updated,
      amount: row.amount,
      currency: row.currency,
      description: row.description,
      category: row.category,
      declined: row.declined === 1,
    });
    return `${columns.slice(0, -1)},"json":${row.json}}`;
  });
  const { rows } = await client.query(UPSERT, [`[${items.join(',')}]`, page.at]);
  return { inserted: Number(rows[0]?.inserted ?? 0), updated: Number(rows[0]?.updated ?? 0) };
}
