import type { Account, Balance, Merchant, Transaction } from 'monzo-ts';
import type { Database, SqlValue } from './database.js';
import { damagedRow } from './sqlite-errors.js';

export interface ReadQuery {
  account_id: string;
  /** From this time, inclusive. */
  since?: Date | undefined;
  /** Up to this time, exclusive. */
  before?: Date | undefined;
  /** At most this many: the oldest ones, or with `newest` the most recent ones (still oldest first). */
  limit?: number | undefined;
  newest?: boolean | undefined;
}

/**
 * An account's transactions from the local history, oldest first, exactly as the API returned them (merchant
 * expanded): one row at a time off the database, so memory stays flat at any length of history.
 */
export function* readTransactions(
  db: Database,
  query: ReadQuery,
): Generator<Transaction<Merchant>, void, undefined> {
  const { where, params } = windowOf(query);
  const filter = `SELECT json, created, id FROM transactions WHERE ${where}`;
  let sql = `${filter} ORDER BY created, id`;
  if (query.limit !== undefined) {
    params.push(query.limit);
    sql = query.newest
      ? `SELECT json FROM (${filter} ORDER BY created DESC, id DESC LIMIT ?) ORDER BY created, id`
      : `${sql} LIMIT ?`;
  }
  for (const row of db.prepare(sql).iterate(...params)) {
    yield rowJson<Transaction<Merchant>>(db, 'transactions', row.json);
  }
}

/** The accounts recorded by the last sync, as the API returned them, oldest first. */
export function heldAccounts(db: Database): Account[] {
  return db
    .prepare('SELECT json FROM accounts ORDER BY created, id')
    .all()
    .map((row) => rowJson<Account>(db, 'accounts', row.json));
}

/** An account's balance as the last sync saw it, and when. */
export function lastBalance(
  db: Database,
  accountId: string,
): { balance: Balance; taken_at: string } | undefined {
  const row = db
    .prepare('SELECT json, taken_at FROM balances WHERE account_id = ? ORDER BY taken_at DESC LIMIT 1')
    .get(accountId);
  if (!row) return undefined;
  return { balance: rowJson<Balance>(db, 'balances', row.json), taken_at: row.taken_at as string };
}

/** When the last sync of any account finished, or `undefined` if none ever did. */
export function lastSync(db: Database): Date | undefined {
  const row = db.prepare('SELECT MAX(last_sync) AS at FROM sync_state').get();
  return typeof row?.at === 'string' ? new Date(row.at) : undefined;
}

/** How many transactions of an account fall in a window (for "showing the last 50 of 1,234"). */
export function countTransactions(db: Database, query: Omit<ReadQuery, 'limit' | 'newest'>): number {
  const { where, params } = windowOf(query);
  const row = db.prepare(`SELECT COUNT(*) AS n FROM transactions WHERE ${where}`).get(...params);
  return Number(row?.n ?? 0);
}

/** The WHERE clause of an account's window, on the (account_id, created, id) index. */
function windowOf(query: Omit<ReadQuery, 'limit' | 'newest'>): { where: string; params: SqlValue[] } {
  const where = ['account_id = ?'];
  const params: SqlValue[] = [query.account_id];
  if (query.since) {
    where.push('created >= ?');
    params.push(query.since.toISOString());
  }
  if (query.before) {
    where.push('created < ?');
    params.push(query.before.toISOString());
  }
  return { where: where.join(' AND '), params };
}

/** A row's `json` column as the object it holds; one that does not parse is a damaged database, named. */
export function rowJson<T>(db: Database, table: string, value: SqlValue | undefined): T {
  try {
    return JSON.parse(value as string) as T;
  } catch (error) {
    throw damagedRow(db.file, table, error);
  }
}
