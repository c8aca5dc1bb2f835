import type { Account, Balance, Merchant, Pot, Transaction } from 'monzo-ts';
import { HistoryError } from './errors.js';
import type { SyncClient } from './monzo.js';
import type { Held, HistoryStore, StoredGap, SyncState, TransactionFilter } from './store/types.js';
import { syncHistory } from './sync/sync.js';
import type { SyncOptions, SyncSummary } from './sync/types.js';

/** Rows read per query while iterating: memory stays flat at any length of history. */
const CHUNK = 500;

/** Which transactions of an account to read. */
export interface TransactionQuery {
  account_id: string;
  /** From this time, inclusive (a `Date`, or an RFC 3339 string). */
  since?: Date | string | undefined;
  /** Up to this time, exclusive. */
  before?: Date | string | undefined;
  /** At most this many: the oldest ones, or with `newest` the most recent ones (still given oldest first). */
  limit?: number | undefined;
  newest?: boolean | undefined;
}

/**
 * A Monzo history, on SQLite or PostgreSQL (`openHistory` opens one): `sync` brings it up to date from a
 * login, the reads give back exactly what the API returned, and `close` lets it go. Every method is async
 * and works the same on both stores.
 */
export class History {
  readonly #store: HistoryStore;
  /** Where another connection can open the same history, for a sync's page writer thread. */
  readonly #shared: string | undefined;
  #closed = false;

  /** @internal Use `openHistory`. */
  constructor(store: HistoryStore, shared?: string) {
    this.#store = store;
    this.#shared = shared;
  }

  /** Which database: `sqlite` or `postgres`. */
  get kind(): HistoryStore['kind'] {
    return this.#store.kind;
  }

  /** What was opened: the SQLite file's absolute path, or the PostgreSQL URL without its password. */
  get location(): string {
    return this.#store.location;
  }

  /** Opened only to read (`openHistory(location, { readOnly: true })`). */
  get readOnly(): boolean {
    return this.#store.readOnly;
  }

  /**
   * Brings the history up to date for the login behind `client`: its accounts, pots, a balance snapshot and
   * every transaction, the accounts at once, each under its lease. What is missing (the whole history, in the 5
   * minutes after a login; gaps) is fetched in time windows walked at once, as many requests in flight as Monzo
   * allows (`concurrency` fixes it); later, what is new and the last 14 days again, in order. Each page is
   * committed with what is left to read: safe to run from many processes at once, and to kill at any moment
   * (nothing is lost or doubled, and a rerun fetches only what is missing).
   */
  async sync(client: SyncClient, options: SyncOptions = {}): Promise<SyncSummary> {
    this.#open();
    if (this.readOnly) {
      throw new HistoryError(
        'BAD_OPTION',
        `${this.location} was opened read-only: open it without readOnly to sync`,
      );
    }
    const shared = this.#shared;
    // Loaded only by a sync that writes pages, and only then starting its thread (see `syncHistory`).
    const pageWriter = shared
      ? async () => (await import('./store/worker/page-writer.js')).PageWriter.start(shared)
      : undefined;
    return syncHistory(this.#store, client, options, pageWriter);
  }

  /** The accounts recorded, oldest first, as the API returned them: one user's, or every account once. */
  async accounts(filter: { user_id?: string | undefined } = {}): Promise<Account[]> {
    this.#open();
    return this.#store.accounts(filter);
  }

  /**
   * An account's transactions, oldest first, exactly as the API returned them (merchant expanded), read a
   * few hundred at a time, so memory stays flat at any length of history.
   */
  async *transactions(query: TransactionQuery): AsyncGenerator<Transaction<Merchant>, void, undefined> {
    this.#open();
    const filter = filterOf(query);
    const limit = query.limit;
    if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 0)) {
      throw new HistoryError('BAD_OPTION', `limit: ${limit} is not a whole number of 0 or more`);
    }
    if (query.newest && limit !== undefined) {
      const newest = await this.#store.readTransactions({ ...filter, limit, newest: true });
      for (const row of newest.reverse()) yield row.transaction;
      return;
    }
    let left = limit ?? Number.POSITIVE_INFINITY;
    let after: { created: string; id: string } | undefined;
    while (left > 0) {
      const size = Math.min(CHUNK, left);
      const rows = await this.#store.readTransactions({ ...filter, after, limit: size });
      for (const row of rows) yield row.transaction;
      const last = rows.at(-1);
      if (!last || rows.length < size) return;
      after = { created: last.created, id: last.id };
      left -= rows.length;
    }
  }

  /** How many transactions of an account fall in a window (for "showing the last 50 of 1,234"). */
  async countTransactions(query: Omit<TransactionQuery, 'limit' | 'newest'>): Promise<number> {
    this.#open();
    return this.#store.countTransactions(filterOf(query));
  }

  /** What is held of an account: how many transactions, the first and the last dates. */
  async held(accountId: string): Promise<Held> {
    this.#open();
    return this.#store.held(accountId);
  }

  /** An account's balance as the last sync saw it, and when. */
  async lastBalance(accountId: string): Promise<{ balance: Balance; taken_at: string } | undefined> {
    this.#open();
    return this.#store.lastBalance(accountId);
  }

  /** Every balance snapshot of an account, one per sync, oldest first: how its balance went. */
  async balances(accountId: string): Promise<{ balance: Balance; taken_at: string }[]> {
    this.#open();
    return this.#store.balances(accountId);
  }

  /** An account's pots as the last sync saw them (deleted ones too, marked). */
  async pots(accountId: string): Promise<Pot[]> {
    this.#open();
    return this.#store.pots(accountId);
  }

  /** Stretches of history that could not be read: what a sync right after a new login would fill. */
  async gaps(
    filter: { user_id?: string | undefined; account_id?: string | undefined } = {},
  ): Promise<StoredGap[]> {
    this.#open();
    return this.#store.gaps(filter);
  }

  /** Where an account's sync stands: what is covered, since when it is complete, when it last ran. */
  async syncState(accountId: string): Promise<SyncState | undefined> {
    this.#open();
    return this.#store.state(accountId);
  }

  /** When a sync last finished (of `user_id`'s accounts, if given), or `undefined` if none ever did. */
  async lastSync(filter: { user_id?: string | undefined } = {}): Promise<Date | undefined> {
    this.#open();
    const at = await this.#store.lastSync(filter);
    return at === undefined ? undefined : new Date(at);
  }

  /** Closes the database. Every write was already committed; closing twice does nothing. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#store.close();
  }

  #open(): void {
    if (this.#closed) throw new HistoryError('BAD_OPTION', `the history ${this.location} is closed`);
  }
}

function filterOf(query: Omit<TransactionQuery, 'limit' | 'newest'>): TransactionFilter {
  return {
    account_id: query.account_id,
    since: timeOf(query.since, 'since'),
    before: timeOf(query.before, 'before'),
  };
}

function timeOf(value: Date | string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  const time = value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(time)) throw new HistoryError('BAD_OPTION', `${name}: ${String(value)} is not a time`);
  return new Date(time).toISOString();
}
