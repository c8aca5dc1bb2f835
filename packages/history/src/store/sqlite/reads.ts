import type { Account, Balance, Pot } from 'monzo-ts';
import { fromMillis } from '../codec/transaction.js';
import type {
  Held,
  StoredGap,
  StoredTransaction,
  TransactionFilter,
  TransactionPageQuery,
  UserFilter,
} from '../types.js';
import type { Database, Row, SqlValue } from './database.js';
import { damagedRow } from './errors.js';
import { READ_COLUMNS, SqliteTransactions } from './transactions.js';

/** The reads of the history on SQLite: each one query, on the indexes the schema keeps. */
export class SqliteReads {
  protected readonly transactions: SqliteTransactions;

  constructor(protected readonly db: Database) {
    this.transactions = new SqliteTransactions(db);
  }

  async readTransactions(query: TransactionPageQuery): Promise<StoredTransaction[]> {
    const { where, params } = windowOf(query);
    const order = query.newest ? 'DESC' : 'ASC';
    if (query.after) {
      // A row value comparison: the (account_id, created, id) index continues right after the last row.
      where.push(query.newest ? '(created, id) < (?, ?)' : '(created, id) > (?, ?)');
      params.push(Date.parse(query.after.created), query.after.id);
    }
    params.push(query.limit);
    const rows = this.db
      .prepare(
        `SELECT ${READ_COLUMNS} FROM transactions WHERE ${where.join(' AND ')}
         ORDER BY created ${order}, id ${order} LIMIT ?`,
      )
      .all(...params);
    return rows.map((row) => ({
      created: fromMillis(Number(row.created)),
      id: row.id as string,
      transaction: this.transactions.decode(row),
    }));
  }

  async countTransactions(query: TransactionFilter): Promise<number> {
    const { where, params } = windowOf(query);
    const row = this.db
      .prepare(`SELECT COUNT(*) AS n FROM transactions WHERE ${where.join(' AND ')}`)
      .get(...params);
    return Number(row?.n ?? 0);
  }

  async accounts(filter: UserFilter): Promise<Account[]> {
    const rows =
      filter.user_id === undefined
        ? // Every account once: the row of the user who synced it last (SQLite takes the bare columns from the
          // row where MAX is found).
          this.db
            .prepare(
              `SELECT json FROM (SELECT json, created, id, MAX(synced_at) FROM accounts GROUP BY id)
               ORDER BY created, id`,
            )
            .all()
        : this.db
            .prepare('SELECT json FROM accounts WHERE user_id = ? ORDER BY created, id')
            .all(filter.user_id);
    return rows.map((row) => this.json<Account>(row, 'accounts'));
  }

  async lastBalance(accountId: string): Promise<{ balance: Balance; taken_at: string } | undefined> {
    const row = this.db
      .prepare('SELECT json, taken_at FROM balances WHERE account_id = ? ORDER BY taken_at DESC LIMIT 1')
      .get(accountId);
    if (!row) return undefined;
    return { balance: this.json<Balance>(row, 'balances'), taken_at: row.taken_at as string };
  }

  async balances(accountId: string): Promise<{ balance: Balance; taken_at: string }[]> {
    return this.db
      .prepare('SELECT json, taken_at FROM balances WHERE account_id = ? ORDER BY taken_at')
      .all(accountId)
      .map((row) => ({ balance: this.json<Balance>(row, 'balances'), taken_at: row.taken_at as string }));
  }

  async pots(accountId: string): Promise<Pot[]> {
    return this.db
      .prepare('SELECT json FROM pots WHERE account_id = ? ORDER BY id')
      .all(accountId)
      .map((row) => this.json<Pot>(row, 'pots'));
  }

  async gaps(filter: UserFilter & { account_id?: string | undefined }): Promise<StoredGap[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (filter.user_id !== undefined) {
      where.push('user_id = ?');
      params.push(filter.user_id);
    }
    if (filter.account_id !== undefined) {
      where.push('account_id = ?');
      params.push(filter.account_id);
    }
    const rows = this.db
      .prepare(
        `SELECT user_id, account_id, gap_from, gap_to, noticed_at FROM gaps
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY gap_from, account_id`,
      )
      .all(...params);
    return rows.map((row) => ({
      user_id: String(row.user_id),
      account_id: String(row.account_id),
      from: String(row.gap_from),
      to: String(row.gap_to),
      noticed_at: String(row.noticed_at),
    }));
  }

  async lastSync(filter: UserFilter): Promise<string | undefined> {
    const row =
      filter.user_id === undefined
        ? this.db.prepare('SELECT MAX(last_sync) AS at FROM sync_state').get()
        : this.db
            .prepare(
              `SELECT MAX(last_sync) AS at FROM sync_state
               WHERE account_id IN (SELECT id FROM accounts WHERE user_id = ?)`,
            )
            .get(filter.user_id);
    return typeof row?.at === 'string' ? row.at : undefined;
  }

  async oldestPending(accountId: string): Promise<string | undefined> {
    const row = this.db
      .prepare(
        'SELECT MIN(created) AS created FROM transactions WHERE account_id = ? AND settled IS NULL AND declined = 0',
      )
      .get(accountId);
    return row?.created == null ? undefined : fromMillis(Number(row.created));
  }

  async held(accountId: string): Promise<Held> {
    const row = this.db
      .prepare(
        'SELECT COUNT(*) AS n, MIN(created) AS first, MAX(created) AS last FROM transactions WHERE account_id = ?',
      )
      .get(accountId) as Row;
    return {
      transactions: Number(row.n),
      first: row.first === null ? null : fromMillis(Number(row.first)),
      last: row.last === null ? null : fromMillis(Number(row.last)),
    };
  }

  /** A row's `json` column as the object it holds; one that does not parse is a damaged database, named. */
  protected json<T>(row: Row, table: string): T {
    try {
      return JSON.parse(row.json as string) as T;
    } catch (error) {
      throw damagedRow(this.db.file, `${table}.json`, error);
    }
  }
}

/** The WHERE clause of an account's window, on the (account_id, created, id) index. */
function windowOf(query: TransactionFilter): { where: string[]; params: SqlValue[] } {
  const where = ['account_id = ?'];
  const params: SqlValue[] = [query.account_id];
  // Times are milliseconds in the columns (RFC 3339 in and out).
  if (query.since) {
    where.push('created >= ?');
    params.push(Date.parse(query.since));
  }
  if (query.before) {
    where.push('created < ?');
    params.push(Date.parse(query.before));
  }
  return { where, params };
}
