import type { Account, Balance, Merchant, Pot, Transaction } from 'monzo-ts';
import type {
  Held,
  StoredGap,
  StoredTransaction,
  SyncState,
  TransactionFilter,
  TransactionPageQuery,
  UserFilter,
} from '../types.js';
import type { PostgresDatabase, Row } from './database.js';
import { PostgresTransactions, READ_COLUMNS } from './transactions.js';

/**
 * The reads of the history on PostgreSQL: each one query, on the indexes the schema keeps. An optional filter
 * is a `$n IS NULL OR …` in the SQL rather than SQL put together in code: the driver's unnamed statements are
 * planned with their values, so the test of a null parameter folds away and the index is used as if the
 * condition were not written. `json` columns come back parsed, exactly as the API returned them; transactions
 * are rebuilt from their rows (`transactions.ts`).
 */
export class PostgresReads {
  protected readonly transactions: PostgresTransactions;

  constructor(protected readonly db: PostgresDatabase) {
    this.transactions = new PostgresTransactions(db.shown);
  }

  async readTransactions(query: TransactionPageQuery): Promise<StoredTransaction[]> {
    const { rows } = await this.db.query(
      query.newest
        ? `SELECT ${READ_COLUMNS} FROM transactions
           WHERE account_id = $1 AND ($2::timestamptz IS NULL OR created >= $2)
             AND ($3::timestamptz IS NULL OR created < $3)
             AND ($4::timestamptz IS NULL OR (created, id) < ($4, $5::text))
           ORDER BY created DESC, id DESC LIMIT $6`
        : `SELECT ${READ_COLUMNS} FROM transactions
           WHERE account_id = $1 AND ($2::timestamptz IS NULL OR created >= $2)
             AND ($3::timestamptz IS NULL OR created < $3)
             AND ($4::timestamptz IS NULL OR (created, id) > ($4, $5::text))
           ORDER BY created, id LIMIT $6`,
      [
        query.account_id,
        query.since ?? null,
        query.before ?? null,
        query.after?.created ?? null,
        query.after?.id ?? null,
        query.limit,
      ],
    );
    const transactions = await this.transactions.decode(this.db, rows);
    return rows.map((row, index) => ({
      created: row.created as string,
      id: row.id as string,
      transaction: transactions[index] as Transaction<Merchant>,
    }));
  }

  async countTransactions(query: TransactionFilter): Promise<number> {
    const { rows } = await this.db.query(
      `SELECT COUNT(*) AS n FROM transactions
       WHERE account_id = $1 AND ($2::timestamptz IS NULL OR created >= $2)
         AND ($3::timestamptz IS NULL OR created < $3)`,
      [query.account_id, query.since ?? null, query.before ?? null],
    );
    return Number(rows[0]?.n ?? 0);
  }

  async accounts(filter: UserFilter): Promise<Account[]> {
    const { rows } =
      filter.user_id === undefined
        ? // Every account once: the row of the user who synced it last.
          await this.db.query(
            `SELECT json FROM (SELECT DISTINCT ON (id) json, created, id FROM accounts
                               ORDER BY id, synced_at DESC) AS latest
             ORDER BY created, id`,
          )
        : await this.db.query('SELECT json FROM accounts WHERE user_id = $1 ORDER BY created, id', [
            filter.user_id,
          ]);
    return rows.map((row) => row.json as Account);
  }

  async lastBalance(accountId: string): Promise<{ balance: Balance; taken_at: string } | undefined> {
    const { rows } = await this.db.query(
      'SELECT json, taken_at FROM balances WHERE account_id = $1 ORDER BY taken_at DESC LIMIT 1',
      [accountId],
    );
    return rows[0] && balanceOf(rows[0]);
  }

  async balances(accountId: string): Promise<{ balance: Balance; taken_at: string }[]> {
    const { rows } = await this.db.query(
      'SELECT json, taken_at FROM balances WHERE account_id = $1 ORDER BY taken_at',
      [accountId],
    );
    return rows.map(balanceOf);
  }

  async pots(accountId: string): Promise<Pot[]> {
    const { rows } = await this.db.query('SELECT json FROM pots WHERE account_id = $1 ORDER BY id', [
      accountId,
    ]);
    return rows.map((row) => row.json as Pot);
  }

  async gaps(filter: UserFilter & { account_id?: string | undefined }): Promise<StoredGap[]> {
    const { rows } = await this.db.query(
      `SELECT user_id, account_id, gap_from, gap_to, noticed_at FROM gaps
       WHERE ($1::text IS NULL OR user_id = $1) AND ($2::text IS NULL OR account_id = $2)
       ORDER BY gap_from, account_id`,
      [filter.user_id ?? null, filter.account_id ?? null],
    );
    return rows.map((row) => ({
      user_id: String(row.user_id),
      account_id: String(row.account_id),
      from: String(row.gap_from),
      to: String(row.gap_to),
      noticed_at: String(row.noticed_at),
    }));
  }

  async lastSync(filter: UserFilter): Promise<string | undefined> {
    const { rows } = await this.db.query(
      `SELECT MAX(last_sync) AS at FROM sync_state
       WHERE $1::text IS NULL OR account_id IN (SELECT id FROM accounts WHERE user_id = $1)`,
      [filter.user_id ?? null],
    );
    return (rows[0]?.at as string | null) ?? undefined;
  }

  async oldestPending(accountId: string): Promise<string | undefined> {
    const { rows } = await this.db.query(
      `SELECT MIN(created) AS created FROM transactions
       WHERE account_id = $1 AND settled IS NULL AND NOT declined`,
      [accountId],
    );
    return (rows[0]?.created as string | null) ?? undefined;
  }

  async held(accountId: string): Promise<Held> {
    const { rows } = await this.db.query(
      `SELECT COUNT(*) AS n, MIN(created) AS first, MAX(created) AS last FROM transactions
       WHERE account_id = $1`,
      [accountId],
    );
    const row = rows[0] as Row;
    return {
      transactions: Number(row.n),
      first: (row.first as string | null) ?? null,
      last: (row.last as string | null) ?? null,
    };
  }

  async state(accountId: string): Promise<SyncState | undefined> {
    const { rows } = await this.db.query(
      `SELECT user_id, last_id, last_created, covered_until, complete_since, last_sync, full_history
       FROM sync_state WHERE account_id = $1`,
      [accountId],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      user_id: String(row.user_id),
      last_id: (row.last_id as string | null) ?? null,
      last_created: (row.last_created as string | null) ?? null,
      covered_until: (row.covered_until as string | null) ?? null,
      complete_since: (row.complete_since as string | null) ?? null,
      last_sync: (row.last_sync as string | null) ?? null,
      full_history: row.full_history === true,
    };
  }
}

function balanceOf(row: Row): { balance: Balance; taken_at: string } {
  return { balance: row.json as Balance, taken_at: row.taken_at as string };
}
