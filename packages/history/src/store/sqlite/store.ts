import type { Account, Balance, Pot } from 'monzo-ts';
import { accountColumns, balanceColumns, potColumns } from '../columns.js';
import type {
  GapChange,
  HistoryStore,
  LeaseHolder,
  PageResult,
  PageWrite,
  RunEnd,
  StoredGap,
  SyncState,
} from '../types.js';
import type { Database, Statement } from './database.js';
import { SqliteGaps } from './gaps.js';
import { SqliteLeases } from './leases.js';
import { PageBatch } from './page-batch.js';
import { SqliteReads } from './reads.js';

/** The tables whose rows carry `account_id` and `user_id`, claimed together from a history before users. */
const OWNED_BY_ACCOUNT = ['transactions', 'pots', 'balances', 'sync_state', 'gaps'] as const;

/**
 * The history on SQLite. The drivers are synchronous, so each method does its work at once and resolves (but for
 * pages, committed together with those of the same turn of the event loop); the writes of one call are one
 * transaction, or for a page one part of one, that goes in whole or not at all. Reads and leases are in `reads.ts` and `leases.ts`.
 */
export class SqliteStore extends SqliteReads implements HistoryStore {
  readonly kind = 'sqlite';
  readonly #leases: SqliteLeases;
  readonly #gaps: SqliteGaps;
  readonly #cursor: Statement;
  /** Pages are committed together when several come in one turn of the event loop (see `PageBatch`). */
  readonly #pages: PageBatch;

  constructor(db: Database) {
    super(db);
    this.#leases = new SqliteLeases(db);
    this.#gaps = new SqliteGaps(db);
    this.#pages = new PageBatch(db, this.transactions);
    this.#cursor = db.prepare(
      `INSERT INTO sync_state (account_id, user_id, last_id, last_created, covered_until, complete_since)
       VALUES (:account_id, :user_id, :last_id, :last_created, :covered_until, :complete_since)
       ON CONFLICT (account_id) DO UPDATE SET user_id = excluded.user_id, last_id = excluded.last_id,
         last_created = excluded.last_created, covered_until = excluded.covered_until,
         complete_since = excluded.complete_since`,
    );
  }

  get location(): string {
    return this.db.file;
  }

  get readOnly(): boolean {
    return this.db.readOnly;
  }

  async savePage(page: PageWrite): Promise<PageResult> {
    if (page.transactions.length === 0 && !page.cursor && !page.gaps) return { inserted: 0, updated: 0 };
    const rows = page.transactions.map((transaction) =>
      this.transactions.codec.encode(transaction, page.account_id),
    );
    const at = Date.parse(page.at);
    return this.#pages.add(() => {
      if (page.lease) this.#leases.fence(page.account_id, page.lease.owner, page.lease.ttlMs);
      const result = this.transactions.saveAll(rows, page.user_id, at);
      if (page.cursor) {
        this.#cursor.run({ account_id: page.account_id, user_id: page.user_id, ...page.cursor });
      }
      if (page.gaps)
        this.#gaps.apply({ ...page.gaps, account_id: page.account_id, user_id: page.user_id, at: page.at });
      return result;
    });
  }

  async finish(end: RunEnd): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO sync_state (account_id, user_id, covered_until, complete_since, last_sync, full_history)
         VALUES (:account_id, :user_id, :until, :complete_since, :until, :full)
         ON CONFLICT (account_id) DO UPDATE SET user_id = :user_id,
           covered_until = MAX(COALESCE(covered_until, ''), :until), complete_since = :complete_since,
           last_sync = :until, full_history = MAX(full_history, :full)`,
      )
      .run({
        account_id: end.account_id,
        user_id: end.user_id,
        until: end.until,
        complete_since: end.complete_since,
        full: end.full_history ? 1 : 0,
      });
  }

  async recordGap(gap: StoredGap): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO gaps (account_id, user_id, gap_from, gap_to, noticed_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (account_id, gap_from) DO UPDATE SET gap_to = excluded.gap_to,
           noticed_at = excluded.noticed_at, user_id = excluded.user_id`,
      )
      .run(gap.account_id, gap.user_id, gap.from, gap.to, gap.noticed_at);
  }

  async changeGaps(change: GapChange): Promise<void> {
    this.db.transaction(() => {
      if (change.lease) this.#leases.fence(change.account_id, change.lease.owner, change.lease.ttlMs);
      this.#gaps.apply(change);
    });
  }

  async clearGaps(accountId: string, since: string | null): Promise<void> {
    this.db.prepare('DELETE FROM gaps WHERE account_id = ? AND gap_from >= ?').run(accountId, since ?? '');
  }

  async saveAccounts(userId: string, accounts: readonly Account[], at: string): Promise<void> {
    const statement = this.db.prepare(
      `INSERT INTO accounts (user_id, id, type, description, currency, created, closed, json, synced_at)
       VALUES (:user_id, :id, :type, :description, :currency, :created, :closed, :json, :synced_at)
       ON CONFLICT (user_id, id) DO UPDATE SET type = excluded.type, description = excluded.description,
         currency = excluded.currency, created = excluded.created, closed = excluded.closed,
         json = excluded.json, synced_at = excluded.synced_at`,
    );
    this.db.transaction(() => {
      for (const account of accounts) statement.run(accountColumns(account, userId, at));
      this.#claim(
        userId,
        accounts.map((account) => account.id),
      );
    });
  }

  /**
   * Rows written before the schema knew users (`user_id` ''), of accounts this user's login sees, become this
   * user's: a history of version 1 held one login's accounts, and the first sync after the upgrade names it.
   */
  #claim(userId: string, accountIds: string[]): void {
    if (userId === '' || !this.db.prepare("SELECT 1 AS one FROM accounts WHERE user_id = '' LIMIT 1").get())
      return;
    const forget = this.db.prepare("DELETE FROM accounts WHERE user_id = '' AND id = ?");
    const claims = OWNED_BY_ACCOUNT.map((table) =>
      this.db.prepare(`UPDATE ${table} SET user_id = ? WHERE user_id = '' AND account_id = ?`),
    );
    for (const id of accountIds) {
      forget.run(id);
      for (const claim of claims) claim.run(userId, id);
    }
  }

  async saveAccountState(
    userId: string,
    accountId: string,
    pots: readonly Pot[],
    balance: Balance,
    at: string,
  ): Promise<void> {
    const pot = this.db.prepare(
      `INSERT INTO pots (id, user_id, account_id, name, balance, currency, deleted, updated, json, synced_at)
       VALUES (:id, :user_id, :account_id, :name, :balance, :currency, :deleted, :updated, :json, :synced_at)
       ON CONFLICT (id) DO UPDATE SET account_id = excluded.account_id, name = excluded.name,
         balance = excluded.balance, currency = excluded.currency, deleted = excluded.deleted,
         updated = excluded.updated, json = excluded.json, synced_at = excluded.synced_at`,
    );
    this.db.transaction(() => {
      for (const item of pots) pot.run(potColumns(item, userId, accountId, at));
      this.db
        .prepare(
          `INSERT OR REPLACE INTO balances (account_id, user_id, taken_at, balance, total_balance, currency,
             spend_today, json)
           VALUES (:account_id, :user_id, :taken_at, :balance, :total_balance, :currency, :spend_today, :json)`,
        )
        .run(balanceColumns(balance, userId, accountId, at));
    });
  }

  async takeLease(accountId: string, owner: string, ttlMs: number, replacing?: string): Promise<LeaseHolder> {
    return this.#leases.take(accountId, owner, ttlMs, replacing);
  }

  async renewLease(accountId: string, owner: string, ttlMs: number): Promise<boolean> {
    return this.#leases.renew(accountId, owner, ttlMs);
  }

  async releaseLease(accountId: string, owner: string): Promise<void> {
    this.#leases.release(accountId, owner);
  }

  async state(accountId: string): Promise<SyncState | undefined> {
    const row = this.db.prepare('SELECT * FROM sync_state WHERE account_id = ?').get(accountId);
    if (!row) return undefined;
    return {
      user_id: String(row.user_id ?? ''),
      last_id: text(row.last_id),
      last_created: text(row.last_created),
      covered_until: text(row.covered_until),
      complete_since: text(row.complete_since),
      last_sync: text(row.last_sync),
      full_history: Number(row.full_history) === 1,
    };
  }

  async close(): Promise<void> {
    this.#pages.flush();
    this.db.close();
  }
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
