/** For the sync tests: an emulator on a loopback socket, a client logged in to it, and a history in a temp folder. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MockOptions, signIn, startMockServer } from '@monzo-ts/mock';
import { MonzoClient, type Transaction } from 'monzo-ts';
import type { History } from '../history.js';
import { openHistory, parseLocation } from '../open.js';
import { createPostgresStore } from '../store/postgres/index.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import type { HistoryStore } from '../store/types.js';
import type { SyncOptions } from './types.js';

const MINUTE = 60_000;

/** Which store the behaviour tests run on: each store's test files run the same tests with their own. */
export interface StoreTarget {
  /** As the test names say it: `SQLite`, `PostgreSQL`. */
  name: string;
  /** Where a new, empty history is, given a temp folder of the test's own. */
  location(dir: string): string | Promise<string>;
}

export const sqliteTarget: StoreTarget = {
  name: 'SQLite',
  location: (dir) => join(dir, 'history.sqlite'),
};

/** A second connection to the history at `location`, as another process (or machine) would have. */
export async function openStoreAt(location: string): Promise<HistoryStore> {
  const where = parseLocation(location);
  return where.kind === 'postgres' ? createPostgresStore(where.url) : openSqliteStore(where.file);
}

export interface SetupOptions extends MockOptions {
  /** Where the history is, given a fresh temp folder (default: a SQLite file in it). */
  location?: StoreTarget['location'] | undefined;
}

export async function syncSetup(options: SetupOptions = {}) {
  const { location, ...mockOptions } = options;
  // Tokens that outlive the clock moves of the tests, so that no refresh muddies the counters.
  const mock = await startMockServer({ tokenTtlSeconds: 400 * 86_400, ...mockOptions });
  const dir = mkdtempSync(join(tmpdir(), 'monzo-sync-'));
  const where = await (location ?? sqliteTarget.location)(dir);
  const history: History = await openHistory(where);
  const dataset = mock.control.dataset();
  const open = dataset.accounts.filter((account) => !account.closed).map((account) => account.id);
  let fetchImpl: typeof fetch = fetch;

  /** A client for a fresh login, approved now: the whole history is readable for 5 minutes of the emulator's clock. */
  const login = async () => {
    const tokens = await signIn(mock);
    return new MonzoClient({
      apiUrl: mock.url,
      authUrl: mock.url,
      fetch: (input, init) => watched(input, init),
      tokens,
      clientId: mock.clientId,
      clientSecret: mock.clientSecret,
      maxRetries: 0,
    });
  };
  let client = await login();
  const notices: string[] = [];
  /** The transactions the emulator sends from now on, to the clients of this setup, pages as they came. */
  let watch: ((page: Transaction[]) => void) | undefined;
  const watched: typeof fetch = async (input, init) => {
    const response = await fetchImpl(input, init);
    if (watch && String(input).includes('/transactions?') && response.ok) {
      const page = ((await response.clone().json()) as { transactions: Transaction[] }).transactions;
      watch(page);
    }
    return response;
  };

  const sync = (plan: SyncOptions = {}) =>
    history.sync(client, {
      notice: (notice) => notices.push(notice.text),
      now: () => new Date(mock.control.now()),
      ...plan,
    });

  /**
   * The ids the emulator has for an account, read through a new login (the window open). Monzo keeps one login
   * per client and user, so later syncs use this one.
   */
  const emulatorIds = async (accountId: string) => {
    const reader = await login();
    client = reader;
    const ids: string[] = [];
    for await (const tx of reader.transactions.iterate({ account_id: accountId })) ids.push(tx.id);
    return ids;
  };

  /** Every transaction held of an account, oldest first. */
  const held = async (accountId: string) => {
    const all: Transaction[] = [];
    for await (const tx of history.transactions({ account_id: accountId })) all.push(tx);
    return all;
  };

  return {
    mock,
    history,
    dir,
    /** Where the history is: to open it again beside this one. */
    location: where,
    open,
    user: dataset.user_id,
    personal: dataset.accounts.find((account) => account.type === 'uk_retail')?.id as string,
    notices,
    sync,
    emulatorIds,
    held,
    heldIds: async (accountId: string) => (await held(accountId)).map((tx) => tx.id),
    /** Transactions held over every account the emulator has. */
    count: async () => {
      let total = 0;
      for (const account of dataset.accounts) total += (await history.held(account.id)).transactions;
      return total;
    },
    client: () => client,
    /** Logs in again (a new 5-minute window); later syncs use that login. */
    relogin: async () => {
      client = await login();
    },
    /** Moves the emulator's clock past the 5 minutes of full history. */
    closeWindow: () => mock.control.advanceTime(6 * MINUTE),
    /** Counts from now on the transactions the emulator sends; the function gives them, as they came. */
    countFetched: () => {
      const seen: Transaction[] = [];
      watch = (page) => seen.push(...page);
      return () => seen;
    },
    /** Routes the client's requests through `wrap` from now on. */
    intercept: (wrap: (next: typeof fetch) => typeof fetch) => {
      fetchImpl = wrap(fetch);
    },
    close: async () => {
      await history.close();
      rmSync(dir, { recursive: true, force: true });
      await mock.close();
    },
  };
}
