import type { Account, Balance, Merchant, Pot, Transaction } from 'monzo-ts';

/**
 * Where a history is kept: every read and write of a sync goes through this, so that SQLite and PostgreSQL
 * give the same answers. Each store keeps its SQL in its own files (`store/sqlite/`, `store/postgres/`), and
 * `store/contract.ts` is the behaviour each must show (its tests run it on both).
 *
 * Times are RFC 3339 UTC strings with milliseconds, as `toColumnTime` writes them (`2026-01-31T09:30:00.000Z`),
 * in and out, whatever the store holds them as.
 */
export interface HistoryStore {
  readonly kind: 'sqlite' | 'postgres';
  /** What was opened, to name in messages: the file's absolute path, or the URL without its password. */
  readonly location: string;
  /** Opened only to read: every write fails. */
  readonly readOnly: boolean;

  // ---- The writes of a sync -----------------------------------------------------------------------------

  /**
   * Upserts the accounts one login sees, as that login's rows (an account has a row per user who sees it). Rows
   * from before the schema knew users (`user_id` '') of these accounts become this user's, in every table.
   */
  saveAccounts(userId: string, accounts: readonly Account[], at: string): Promise<void>;
  /** The account's pots as they are now (upserted by id) and a balance snapshot taken `at`, in one transaction. */
  saveAccountState(
    userId: string,
    accountId: string,
    pots: readonly Pot[],
    balance: Balance,
    at: string,
  ): Promise<void>;
  /**
   * Upserts a page of transactions by id and, with `cursor`, moves the account's cursor, atomically: a process
   * killed at any point leaves both as of the last page committed. A transaction already held is rewritten only
   * when its JSON changed (and counted as updated); its `user_id` stays the one that first stored it. With
   * `lease`, the page goes in only while that owner still holds the account's lease, which it renews once half
   * of it is gone; else nothing is written and it throws `HistoryError` `LEASE_LOST`.
   */
  savePage(page: PageWrite): Promise<PageResult>;
  /**
   * Ends an account's run: `covered_until` becomes the later of what it was and `until`, `last_sync` becomes
   * `until`, `complete_since` is set, and `full_history` once true stays true.
   */
  finish(end: RunEnd): Promise<void>;
  /** Remembers a stretch that could not be read; the same account and start replace the end and the time. */
  recordGap(gap: StoredGap): Promise<void>;
  /**
   * Changes an account's gaps, in one transaction: what a sync that reads in windows has still to read (see
   * `GapChange`). With `lease`, only while that owner holds the account's lease, as for `savePage`.
   */
  changeGaps(change: GapChange): Promise<void>;
  /** Forgets the gaps a run that read from `since` (`null`: from the first transaction) has filled. */
  clearGaps(accountId: string, since: string | null): Promise<void>;

  // ---- Leases: one sync of an account at a time, across processes and machines ----------------------------

  /**
   * Takes the account's lease for `owner` until `ttlMs` from now, atomically, if it is free, expired, already
   * this owner's, or held by `replacing` (a sync known to be dead); resolves to whoever holds it afterwards
   * (`owner` itself when taken).
   */
  takeLease(accountId: string, owner: string, ttlMs: number, replacing?: string): Promise<LeaseHolder>;
  /** Extends `owner`'s lease to `ttlMs` from now; `false` when another owner has taken it meanwhile. */
  renewLease(accountId: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up, if `owner` still holds it. */
  releaseLease(accountId: string, owner: string): Promise<void>;

  // ---- Reads ----------------------------------------------------------------------------------------------

  state(accountId: string): Promise<SyncState | undefined>;
  /** When the oldest payment held as pending was made: a sync reads again from there, to see it settle. */
  oldestPending(accountId: string): Promise<string | undefined>;
  held(accountId: string): Promise<Held>;
  /** The accounts recorded, oldest first: a user's, or with no user every account once (its latest row). */
  accounts(filter: UserFilter): Promise<Account[]>;
  /**
   * One page of an account's transactions, exactly as the API returned them (merchant expanded): oldest
   * first from just after `after`, or with `newest` the most recent first.
   */
  readTransactions(query: TransactionPageQuery): Promise<StoredTransaction[]>;
  countTransactions(query: TransactionFilter): Promise<number>;
  /** The account's last balance snapshot, and when it was taken. */
  lastBalance(accountId: string): Promise<{ balance: Balance; taken_at: string } | undefined>;
  /** Every balance snapshot of the account, one per sync, oldest first: how the balance went. */
  balances(accountId: string): Promise<{ balance: Balance; taken_at: string }[]>;
  /** The account's pots as the last sync saw them (deleted ones too, marked), by id. */
  pots(accountId: string): Promise<Pot[]>;
  /** Stretches out of reach, oldest first. */
  gaps(filter: UserFilter & { account_id?: string | undefined }): Promise<StoredGap[]>;
  /** When a run last finished, for any account (of `user_id`'s, if given). */
  lastSync(filter: UserFilter): Promise<string | undefined>;

  /** Closes the connection (or pool). Every write was committed by its own transaction. */
  /**
   * After a run's writes, on a connection that wrote much (a first sync): on PostgreSQL the planner's statistics
   * are taken again, as `finish` does for the pages written on its own connection.
   */
  settle?(): Promise<void>;
  close(): Promise<void>;
}

/** Where an account's sync stands (`sync_state`). */
export interface SyncState {
  /** The user whose login last moved it. */
  user_id: string;
  last_id: string | null;
  last_created: string | null;
  /**
   * Every transaction is held from `complete_since` (`null`: from the first) up to this time, but for the
   * account's gaps (`HistoryStore.gaps`).
   */
  covered_until: string | null;
  complete_since: string | null;
  last_sync: string | null;
  full_history: boolean;
}

/** Where an account's cursor moves with a page: its last transaction, and what is now held. */
export interface PageCursor {
  last_id: string;
  last_created: string;
  covered_until: string;
  complete_since: string | null;
}

export interface PageWrite {
  user_id: string;
  account_id: string;
  transactions: readonly Transaction<Merchant>[];
  /** Absent: the cursor stays where it is (a page from a walk that does not go in time order). */
  cursor?: PageCursor | undefined;
  /** When: `first_seen` of new rows, `last_changed` of changed ones, `noticed_at` of gaps added. */
  at: string;
  lease?: LeaseClaim | undefined;
  /**
   * The account's gaps changed with the page, in its transaction: the stretch its window still had to read
   * removed, and what is left of it added (see `GapChange`), so that a sync killed at any point resumes each
   * window from its last page committed.
   */
  gaps?: Pick<GapChange, 'remove' | 'add'> | undefined;
}

/** A stretch of an account's history, RFC 3339 UTC with milliseconds, `from` inclusive, `to` exclusive. */
export interface GapSpan {
  from: string;
  to: string;
}

/**
 * How a sync that reads in windows changes an account's gaps: each window still to read is a gap from when
 * the walk begins, moves its start forward with each page committed, and goes once read to its end, so that
 * the gaps always hold every stretch not yet read. Applied in this order: `clear`, `remove`, `add`.
 */
export interface GapChange {
  user_id: string;
  account_id: string;
  /** `noticed_at` of the gaps added. */
  at: string;
  /** Every gap of the account is removed first. */
  clear?: boolean | undefined;
  /**
   * Gaps removed, each only while its start and end are still these: one that a gap added at the same start
   * has lengthened since stays (it still holds a stretch not yet read).
   */
  remove?: readonly GapSpan[] | undefined;
  /** Gaps added; where the account already has a gap with the same start, the later of the two ends is kept. */
  add?: readonly GapSpan[] | undefined;
  /**
   * For an account with no sync state yet: starts it as held up to this time but for its gaps
   * (`covered_until`; `complete_since` null, `full_history` false). A state that exists is left as it is.
   */
  startCovered?: string | undefined;
  lease?: LeaseClaim | undefined;
}

export interface LeaseClaim {
  owner: string;
  ttlMs: number;
}

export interface LeaseHolder {
  owner: string;
  expires_at: string;
}

export interface RunEnd {
  user_id: string;
  account_id: string;
  until: string;
  complete_since: string | null;
  full_history: boolean;
}

/** How a page changed the store. */
export interface PageResult {
  inserted: number;
  updated: number;
}

/** What the store holds of an account. */
export interface Held {
  transactions: number;
  first: string | null;
  last: string | null;
}

export interface StoredGap {
  user_id: string;
  account_id: string;
  from: string;
  to: string;
  noticed_at: string;
}

export interface UserFilter {
  user_id?: string | undefined;
}

export interface TransactionFilter {
  account_id: string;
  /** From this time, inclusive. */
  since?: string | undefined;
  /** Up to this time, exclusive. */
  before?: string | undefined;
}

export interface TransactionPageQuery extends TransactionFilter {
  /** Continue after this row (in the order asked for). */
  after?: { created: string; id: string } | undefined;
  limit: number;
  /** Most recent first. */
  newest?: boolean | undefined;
}

export interface StoredTransaction {
  /** The `created` column (RFC 3339 UTC, milliseconds) and id: where the next page starts. */
  created: string;
  id: string;
  transaction: Transaction<Merchant>;
}
