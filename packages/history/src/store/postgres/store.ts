import type { Account, Balance, Pot } from 'monzo-ts';
import { leaseLost } from '../../errors.js';
import { accountColumns, balanceColumns, potColumns } from '../columns.js';
import type {
  GapChange,
  HistoryStore,
  LeaseHolder,
  PageResult,
  PageWrite,
  RunEnd,
  StoredGap,
} from '../types.js';
import type { PostgresDatabase, Queryable } from './database.js';
import { applyGapChange } from './gaps.js';
import { PostgresLeases } from './leases.js';
import { writePage } from './page.js';
import { PostgresReads } from './reads.js';

/**
 * The history on PostgreSQL. The writes of one call are one transaction; reads and leases are in `reads.ts`
 * and `leases.ts`. A page written under a lease renews the lease in its own transaction first, and goes in only
 * if this owner still holds it.
 */
export class PostgresStore extends PostgresReads implements HistoryStore {
  readonly kind = 'postgres';
  readonly #leases: PostgresLeases;
  /** Rows this store inserted since it last had the statistics taken (see `settle`). */
  #inserted = 0;

  constructor(db: PostgresDatabase) {
    super(db);
    this.#leases = new PostgresLeases(db);
  }

  get location(): string {
    return this.db.shown;
  }

  get readOnly(): boolean {
    return this.db.readOnly;
  }

  async savePage(page: PageWrite): Promise<PageResult> {
    if (page.transactions.length === 0 && !page.cursor && !page.gaps) return { inserted: 0, updated: 0 };
    // Encoded first: a new shape or merchant is numbered in statements of its own.
    const rows = await this.transactions.encode(this.db, page.transactions, page.account_id);
    if (page.lease) await this.#leases.renewIfDue(page.account_id, page.lease.owner, page.lease.ttlMs);
    const { gaps, lease } = page;
    // One statement, its gap move included (see `page.ts`); a move that re-adds a gap at the start of one it
    // removes, which one statement cannot do to one row, goes in a transaction: the page, then the move.
    const written = gaps?.add?.some((added) => gaps.remove?.some((gone) => gone.from === added.from))
      ? await this.db.transaction(async (client) => {
          const result = await writePage(client, rows, { ...page, gaps: undefined });
          if (lease && !result.leased) throw leaseLost(page.account_id, lease.owner);
          await applyGapChange(client, {
            ...gaps,
            account_id: page.account_id,
            user_id: page.user_id,
            at: page.at,
          });
          return result;
        })
      : await writePage(
          { query: (sql, params = [], name) => this.db.statement(sql, params, name) },
          rows,
          page,
        );
    if (lease && !written.leased) throw leaseLost(page.account_id, lease.owner);
    this.#inserted += written.inserted;
    return { inserted: written.inserted, updated: written.updated };
  }

  async finish(end: RunEnd): Promise<void> {
    await this.db.query(
      `INSERT INTO sync_state (account_id, user_id, covered_until, complete_since, last_sync, full_history)
       VALUES ($1, $2, $3, $4, $3, $5)
       ON CONFLICT (account_id) DO UPDATE SET user_id = excluded.user_id,
         covered_until = GREATEST(sync_state.covered_until, excluded.covered_until),
         complete_since = excluded.complete_since, last_sync = excluded.last_sync,
         full_history = sync_state.full_history OR excluded.full_history`,
      [end.account_id, end.user_id, end.until, end.complete_since, end.full_history],
    );
    await this.settle();
  }

  /**
   * After a run that wrote much (a first sync), the planner's statistics are still those of a table nearly
   * empty, and each read of 500 would scan and sort the whole account until autovacuum gets round to it: they
   * are taken again at once when this store has inserted a tenth of the table (and at least `STATISTICS_AFTER`
   * rows) since. Counted here, not from the server's counters, which lag behind the last second's writes. (A
   * user that does not own the table is only warned by the server, and skipped.)
   */
  async settle(): Promise<void> {
    if (this.#inserted < STATISTICS_AFTER) return;
    const { rows } = await this.db.query(
      "SELECT reltuples FROM pg_class WHERE oid = 'transactions'::regclass",
    );
    if (this.#inserted < Number(rows[0]?.reltuples ?? 0) / 10) return;
    this.#inserted = 0;
    await this.db.query('ANALYZE transactions');
  }

  async recordGap(gap: StoredGap): Promise<void> {
    await this.db.query(
      `INSERT INTO gaps (account_id, user_id, gap_from, gap_to, noticed_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (account_id, gap_from) DO UPDATE SET gap_to = excluded.gap_to,
         noticed_at = excluded.noticed_at, user_id = excluded.user_id`,
      [gap.account_id, gap.user_id, gap.from, gap.to, gap.noticed_at],
    );
  }

  async changeGaps(change: GapChange): Promise<void> {
    await this.db.transaction(async (client) => {
      if (change.lease)
        await this.#leases.fence(client, change.account_id, change.lease.owner, change.lease.ttlMs);
      await applyGapChange(client, change);
    }, 'BEGIN; SET LOCAL synchronous_commit = off');
  }

  async clearGaps(accountId: string, since: string | null): Promise<void> {
    await this.db.query(
      'DELETE FROM gaps WHERE account_id = $1 AND ($2::timestamptz IS NULL OR gap_from >= $2)',
      [accountId, since],
    );
  }

  async saveAccounts(userId: string, accounts: readonly Account[], at: string): Promise<void> {
    await this.db.transaction(async (client) => {
      for (const account of accounts) {
        const row = accountColumns(account, userId, at);
        await client.query(
          `INSERT INTO accounts (user_id, id, type, description, currency, created, closed, json, synced_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (user_id, id) DO UPDATE SET type = excluded.type, description = excluded.description,
             currency = excluded.currency, created = excluded.created, closed = excluded.closed,
             json = excluded.json, synced_at = excluded.synced_at`,
          [
            row.user_id,
            row.id,
            row.type,
            row.description,
            row.currency,
            row.created,
            row.closed === 1,
            row.json,
            row.synced_at,
          ],
        );
      }
      if (userId !== '')
        await claim(
          client,
          userId,
          accounts.map((account) => account.id),
        );
    });
  }

  async saveAccountState(
    userId: string,
    accountId: string,
    pots: readonly Pot[],
    balance: Balance,
    at: string,
  ): Promise<void> {
    await this.db.transaction(async (client) => {
      for (const pot of pots) {
        const row = potColumns(pot, userId, accountId, at);
        await client.query(
          `INSERT INTO pots (id, user_id, account_id, name, balance, currency, deleted, updated, json, synced_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           ON CONFLICT (id) DO UPDATE SET account_id = excluded.account_id, name = excluded.name,
             balance = excluded.balance, currency = excluded.currency, deleted = excluded.deleted,
             updated = excluded.updated, json = excluded.json, synced_at = excluded.synced_at`,
          [
            row.id,
            row.user_id,
            row.account_id,
            row.name,
            row.balance,
            row.currency,
            row.deleted === 1,
            row.updated,
            row.json,
            row.synced_at,
          ],
        );
      }
      const row = balanceColumns(balance, userId, accountId, at);
      await client.query(
        `INSERT INTO balances (account_id, user_id, taken_at, balance, total_balance, currency, spend_today,
           json)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (account_id, taken_at) DO UPDATE SET user_id = excluded.user_id,
           balance = excluded.balance, total_balance = excluded.total_balance, currency = excluded.currency,
           spend_today = excluded.spend_today, json = excluded.json`,
        [
          row.account_id,
          row.user_id,
          row.taken_at,
          row.balance,
          row.total_balance,
          row.currency,
          row.spend_today,
          row.json,
        ],
      );
    });
  }

  async takeLease(accountId: string, owner: string, ttlMs: number, replacing?: string): Promise<LeaseHolder> {
    return this.#leases.take(accountId, owner, ttlMs, replacing);
  }

  async renewLease(accountId: string, owner: string, ttlMs: number): Promise<boolean> {
    return this.#leases.renew(accountId, owner, ttlMs);
  }

  async releaseLease(accountId: string, owner: string): Promise<void> {
    await this.#leases.release(accountId, owner);
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

/** Rows inserted since the statistics were taken that make them worth taking again (and a tenth of the table). */
const STATISTICS_AFTER = 1_000;

/** The tables whose rows carry `account_id` and `user_id`, claimed together from a history before users. */
const OWNED_BY_ACCOUNT = ['transactions', 'pots', 'balances', 'sync_state', 'gaps'] as const;

/**
 * Rows stored without a user (`user_id` ''), of accounts this user's login sees, become this user's, as on
 * SQLite (where a history of schema 1 holds them; a PostgreSQL history has them only if written so).
 */
async function claim(client: Queryable, userId: string, accountIds: string[]): Promise<void> {
  const { rowCount } = await client.query("SELECT 1 FROM accounts WHERE user_id = '' LIMIT 1");
  if (rowCount === 0) return;
  await client.query("DELETE FROM accounts WHERE user_id = '' AND id = ANY($1::text[])", [accountIds]);
  for (const table of OWNED_BY_ACCOUNT) {
    // The table's name is one of the constants above, never input.
    await client.query(
      `UPDATE ${table} SET user_id = $1 WHERE user_id = '' AND account_id = ANY($2::text[])`,
      [userId, accountIds],
    );
  }
}
