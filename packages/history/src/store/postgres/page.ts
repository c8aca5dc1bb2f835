import type { MerchantVersion } from '../codec/merchants.js';
import type { Shape } from '../codec/shape.js';
import { ROW_COLUMNS, type TransactionRow } from '../codec/transaction.js';
import type { GapSpan, PageResult, PageWrite } from '../types.js';
import type { Queryable } from './database.js';

/** The columns a page sets and compares: a row is rewritten only when one of them changed. */
const COMPARED = ROW_COLUMNS;

const list = (prefix: string) => COMPARED.map((column) => `${prefix}${column}`).join(', ');

/**
 * A page (schema 3, see `codec/transaction.ts`) written in one statement, which commits by itself: its lease
 * checked, its transactions upserted by id, the account's cursor moved. One statement rather than a
 * transaction of several: each statement is a round trip to the server, and a page paid six of them.
 *
 * With a lease, the statement first share-locks the lease row of this owner (`page` reads nothing until `lease`
 * has its row), so that a takeover, which must lock the row alone, waits for the pages under way, while the
 * pages of one sync written side by side (time windows walked at once) do not queue behind each other on it.
 * If the row is not this owner's, nothing is written, and `leased` says so.
 *
 * The page is one `json` parameter, an array of one object per row, which `json_to_recordset` reads in one
 * pass: no escaping on the way, where arrays of texts would escape every quote (each row's values are JSON
 * already, spliced in as they are: a `json` value taken out of a `json` document keeps its text exactly). Times
 * travel as milliseconds.
 *
 * New ids are inserted; held ones are rewritten only where something changed, keeping the `user_id` that first
 * stored them; unchanged ones are left alone, not even locked. `held` is read in the statement's snapshot,
 * before its own writes, so it tells the updated rows from the inserted; should another page of the sync write
 * the same row meanwhile (time windows overlap at their edges), the conflict changes nothing and counts nothing.
 * Rows go in in id order, so that two pages writing the same rows lock them in the same order (they cannot
 * deadlock); an id twice in a page counts once, as its last occurrence, since one statement cannot write a row
 * twice.
 *
 * The page's gap move (a sync that reads in windows: `PageWrite.gaps`) goes in the same statement: the gaps
 * removed, each only while its start and end are still these (a row another statement lengthened meanwhile is
 * seen as it is now and kept), and the gaps added, keeping the later end where one starts at the same time. A
 * move never adds a gap at the start of one it removes (`savePage` checks), so the two cannot touch one row.
 *
 * Parameters: $1 the rows, $2 the user, $3 when, $4 the account, $5 its cursor (JSON, or null to leave it
 * where it is), $6 the gaps removed and $7 the gaps added (JSON arrays of `gap_from`, `gap_to`, or null), and
 * with a lease $8 its owner.
 */
function pageStatement(leased: boolean): string {
  const lease = leased
    ? 'SELECT 1 FROM sync_leases WHERE account_id = $4 AND owner = $8 FOR SHARE'
    : 'SELECT 1';
  return `
  WITH lease AS (${lease}),
  page AS (
    SELECT DISTINCT ON (id) n, id, account_id, to_timestamp(created / 1000) AS created,
      to_timestamp(settled / 1000) AS settled, to_timestamp(updated / 1000) AS updated, amount, currency,
      description, category, declined, merchant, shape, body::text AS body
    FROM json_to_recordset($1::json) AS item (n int, id text, account_id text, created float8, settled float8,
      updated float8, amount bigint, currency text, description text, category text, declined boolean,
      merchant int, shape int, body json)
    WHERE EXISTS (SELECT 1 FROM lease)
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
  ),
  cursor AS (
    INSERT INTO sync_state (account_id, user_id, last_id, last_created, covered_until, complete_since)
    SELECT $4, $2, moved.last_id, moved.last_created, moved.covered_until, moved.complete_since
    FROM json_to_record($5::json) AS moved (last_id text, last_created timestamptz, covered_until timestamptz,
      complete_since timestamptz)
    WHERE $5::json IS NOT NULL AND EXISTS (SELECT 1 FROM lease)
    ON CONFLICT (account_id) DO UPDATE SET user_id = excluded.user_id, last_id = excluded.last_id,
      last_created = excluded.last_created, covered_until = excluded.covered_until,
      complete_since = excluded.complete_since
  ),
  gaps_removed AS (
    DELETE FROM gaps USING json_to_recordset($6::json) AS gone (gap_from timestamptz, gap_to timestamptz)
    WHERE gaps.account_id = $4 AND gaps.gap_from = gone.gap_from AND gaps.gap_to = gone.gap_to
      AND EXISTS (SELECT 1 FROM lease)
  ),
  gaps_added AS (
    INSERT INTO gaps (account_id, user_id, gap_from, gap_to, noticed_at)
    SELECT $4, $2, added.gap_from, added.gap_to, $3::timestamptz
    FROM json_to_recordset($7::json) AS added (gap_from timestamptz, gap_to timestamptz)
    WHERE EXISTS (SELECT 1 FROM lease)
    ON CONFLICT (account_id, gap_from) DO UPDATE SET gap_to = GREATEST(gaps.gap_to, excluded.gap_to),
      noticed_at = excluded.noticed_at, user_id = excluded.user_id
  )
  SELECT EXISTS (SELECT 1 FROM lease) AS leased, COUNT(*) - COUNT(held.id) AS inserted,
    COUNT(held.id) AS updated
  FROM written LEFT JOIN held USING (id)`;
}

const UNDER_LEASE = pageStatement(true);
const FREE = pageStatement(false);

/** What a page's statement did: whether the lease was this owner's (else it wrote nothing), and the counts. */
export interface PageWritten extends PageResult {
  leased: boolean;
}

/** Writes a page of encoded rows, its cursor and its gap move, in one statement (see `pageStatement`). */
export async function writePage(
  db: Queryable,
  rows: readonly TransactionRow[],
  page: PageWrite,
): Promise<PageWritten> {
  const params = [
    pageJson(rows),
    page.user_id,
    page.at,
    page.account_id,
    page.cursor ? JSON.stringify(page.cursor) : null,
    gapsJson(page.gaps?.remove),
    gapsJson(page.gaps?.add),
  ];
  const { rows: result } = page.lease
    ? await db.query(UNDER_LEASE, [...params, page.lease.owner], 'history page under a lease')
    : await db.query(FREE, params, 'history page');
  const row = result[0];
  return {
    leased: row?.leased === true,
    inserted: Number(row?.inserted ?? 0),
    updated: Number(row?.updated ?? 0),
  };
}

function gapsJson(gaps: readonly GapSpan[] | undefined): string | null {
  if (!gaps || gaps.length === 0) return null;
  return JSON.stringify(gaps.map((gap) => ({ gap_from: gap.from, gap_to: gap.to })));
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
