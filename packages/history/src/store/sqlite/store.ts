import type { Account, Balance, Merchant, Pot, Transaction } from 'monzo-ts';
import type { Database, Row, Statement } from './database.js';
import { toColumnTime } from './schema.js';

/** Where an account's sync stands (`sync_state`). Times are RFC 3339. */
export interface SyncState {
  last_id: string | null;
  last_created: string | null;
  /** Every transaction is held from `complete_since` (`null`: from the first) up to this time. */
  covered_until: string | null;
  complete_since: string | null;
  last_sync: string | null;
  full_history: boolean;
}

/** How a page changed the database. */
export interface PageResult {
  inserted: number;
  updated: number;
}

/** What the database holds of an account. */
export interface Held {
  transactions: number;
  first: string | null;
  last: string | null;
}

/**
 * The writes and reads of a sync, as prepared statements. Each page of transactions goes in with the cursor in
 * one database transaction, so a process killed at any point leaves both as of the last page committed.
 */
export class HistoryStore {
  readonly #db: Database;
  readonly #insert: Statement;
  readonly #update: Statement;
  readonly #cursor: Statement;

  constructor(db: Database) {
    this.#db = db;
    this.#insert = db.prepare(
      `INSERT INTO transactions (id, account_id, created, settled, updated, amount, currency, description,
         category, declined, json, first_seen, last_changed)
       VALUES (:id, :account_id, :created, :settled, :updated, :amount, :currency, :description, :category,
         :declined, :json, :at, :at)
       ON CONFLICT (id) DO NOTHING`,
    );
    // Only when something changed, so that `changes` counts real updates (a pending payment settling, say).
    this.#update = db.prepare(
      `UPDATE transactions SET account_id = :account_id, created = :created, settled = :settled,
         updated = :updated, amount = :amount, currency = :currency, description = :description,
         category = :category, declined = :declined, json = :json, last_changed = :at
       WHERE id = :id AND json IS NOT :json`,
    );
    this.#cursor = db.prepare(
      `INSERT INTO sync_state (account_id, last_id, last_created, covered_until, complete_since)
       VALUES (:account_id, :last_id, :last_created, :covered_until, :complete_since)
       ON CONFLICT (account_id) DO UPDATE SET last_id = excluded.last_id, last_created = excluded.last_created,
         covered_until = excluded.covered_until, complete_since = excluded.complete_since`,
    );
  }

  state(accountId: string): SyncState | undefined {
    const row = this.#db.prepare('SELECT * FROM sync_state WHERE account_id = ?').get(accountId);
    if (!row) return undefined;
    return {
      last_id: text(row.last_id),
      last_created: text(row.last_created),
      covered_until: text(row.covered_until),
      complete_since: text(row.complete_since),
      last_sync: text(row.last_sync),
      full_history: Number(row.full_history) === 1,
    };
  }

  /**
   * Upserts a page of transactions (oldest first) and moves the cursor to its last one, atomically. A
   * transaction already held is rewritten only when its JSON changed.
   */
  savePage(
    accountId: string,
    page: readonly Transaction<Merchant>[],
    completeSince: string | null,
    at: string,
  ): PageResult {
    const last = page.at(-1);
    if (!last) return { inserted: 0, updated: 0 };
    return this.#db.transaction(() => {
      let inserted = 0;
      let updated = 0;
      for (const transaction of page) {
        const values = columns(transaction, accountId, at);
        if (Number(this.#insert.run(values).changes) > 0) inserted++;
        else if (Number(this.#update.run(values).changes) > 0) updated++;
      }
      const created = toColumnTime(last.created);
      this.#cursor.run({
        account_id: accountId,
        last_id: last.id,
        last_created: created,
        covered_until: created,
        complete_since: completeSince,
      });
      return { inserted, updated };
    });
  }

  /** Ends an account's run: everything up to `until` is held from `completeSince`. */
  finish(accountId: string, until: string, completeSince: string | null, fullHistory: boolean): void {
    this.#db
      .prepare(
        `INSERT INTO sync_state (account_id, covered_until, complete_since, last_sync, full_history)
         VALUES (:account_id, :until, :complete_since, :until, :full)
         ON CONFLICT (account_id) DO UPDATE SET covered_until = MAX(COALESCE(covered_until, ''), :until),
           complete_since = :complete_since, last_sync = :until, full_history = MAX(full_history, :full)`,
      )
      .run({ account_id: accountId, until, complete_since: completeSince, full: fullHistory ? 1 : 0 });
  }

  /** Remembers a stretch of history that could not be read. */
  recordGap(accountId: string, from: string, to: string, at: string): void {
    this.#db
      .prepare(
        `INSERT INTO gaps (account_id, gap_from, gap_to, noticed_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (account_id, gap_from) DO UPDATE SET gap_to = excluded.gap_to, noticed_at = excluded.noticed_at`,
      )
      .run(accountId, from, to, at);
  }

  /** Gaps that a run reading from `since` (`null`: from the first) has now filled. */
  clearGaps(accountId: string, since: string | null): void {
    this.#db.prepare('DELETE FROM gaps WHERE account_id = ? AND gap_from >= ?').run(accountId, since ?? '');
  }

  /** When the oldest payment held as pending was made: a sync re-reads from there, so it sees it settle. */
  oldestPending(accountId: string): string | undefined {
    const row = this.#db
      .prepare(
        'SELECT MIN(created) AS created FROM transactions WHERE account_id = ? AND settled IS NULL AND declined = 0',
      )
      .get(accountId);
    return text(row?.created) ?? undefined;
  }

  saveAccounts(accounts: readonly Account[], at: string): void {
    const statement = this.#db.prepare(
      `INSERT INTO accounts (id, type, description, currency, created, closed, json, synced_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET type = excluded.type, description = excluded.description,
         currency = excluded.currency, created = excluded.created, closed = excluded.closed,
         json = excluded.json, synced_at = excluded.synced_at`,
    );
    this.#db.transaction(() => {
      for (const account of accounts) {
        statement.run(
          account.id,
          account.type ?? null,
          account.description ?? null,
          account.currency ?? null,
          toColumnTime(account.created) ?? account.created,
          account.closed ? 1 : 0,
          JSON.stringify(account),
          at,
        );
      }
    });
  }

  /** The account's pots as they are now, and its balance as a new snapshot. */
  saveAccountState(accountId: string, pots: readonly Pot[], balance: Balance, at: string): void {
    const pot = this.#db.prepare(
      `INSERT INTO pots (id, account_id, name, balance, currency, deleted, updated, json, synced_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET account_id = excluded.account_id, name = excluded.name,
         balance = excluded.balance, currency = excluded.currency, deleted = excluded.deleted,
         updated = excluded.updated, json = excluded.json, synced_at = excluded.synced_at`,
    );
    this.#db.transaction(() => {
      for (const item of pots) {
        pot.run(
          item.id,
          accountId,
          item.name ?? null,
          item.balance ?? null,
          item.currency ?? null,
          item.deleted ? 1 : 0,
          toColumnTime(item.updated),
          JSON.stringify(item),
          at,
        );
      }
      this.#db
        .prepare(
          `INSERT OR REPLACE INTO balances (account_id, taken_at, balance, total_balance, currency, spend_today, json)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          accountId,
          at,
          balance.balance,
          balance.total_balance ?? null,
          balance.currency,
          balance.spend_today ?? null,
          JSON.stringify(balance),
        );
    });
  }

  held(accountId: string): Held {
    const row = this.#db
      .prepare(
        'SELECT COUNT(*) AS n, MIN(created) AS first, MAX(created) AS last FROM transactions WHERE account_id = ?',
      )
      .get(accountId) as Row;
    return { transactions: Number(row.n), first: text(row.first), last: text(row.last) };
  }
}

function columns(transaction: Transaction<Merchant>, accountId: string, at: string) {
  return {
    id: transaction.id,
    account_id: transaction.account_id || accountId,
    created: toColumnTime(transaction.created) ?? transaction.created,
    settled: toColumnTime(transaction.settled),
    updated: toColumnTime(transaction.updated),
    amount: transaction.amount,
    currency: transaction.currency,
    description: transaction.description ?? null,
    category: transaction.category ?? null,
    declined: transaction.decline_reason ? 1 : 0,
    json: JSON.stringify(transaction),
    at,
  };
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
