/** For the sync tests: an emulator on a loopback socket, a client logged in to it, and a local history in a temp folder. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MockOptions, signIn, startMockServer } from '@monzo-ts/mock';
import { MonzoClient } from 'monzo-ts';
import type { Database } from './database.js';
import { openHistoryDatabase } from './schema.js';
import { type SyncPlan, syncHistory } from './sync.js';

const MINUTE = 60_000;

export async function syncSetup(options: MockOptions = {}) {
  // Tokens that outlive the clock moves of the tests, so that no refresh muddies the counters.
  const mock = await startMockServer({ tokenTtlSeconds: 400 * 86_400, ...options });
  const dir = mkdtempSync(join(tmpdir(), 'monzo-sync-'));
  const db: Database = openHistoryDatabase(join(dir, 'history.sqlite'));
  const dataset = mock.control.dataset();
  const open = dataset.accounts.filter((account) => !account.closed).map((account) => account.id);
  let fetchImpl: typeof fetch = fetch;

  /** A client for a fresh login, approved now: the whole history is readable for 5 minutes of the emulator's clock. */
  const login = async () => {
    const tokens = await signIn(mock);
    return new MonzoClient({
      apiUrl: mock.url,
      authUrl: mock.url,
      fetch: (input, init) => fetchImpl(input, init),
      tokens,
      clientId: mock.clientId,
      clientSecret: mock.clientSecret,
      maxRetries: 0,
    });
  };
  let client = await login();
  const notices: string[] = [];

  const sync = (plan: Partial<SyncPlan> = {}) =>
    syncHistory({
      client,
      db,
      notice: (text) => notices.push(text),
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

  const heldIds = (accountId: string) =>
    db
      .prepare('SELECT id FROM transactions WHERE account_id = ? ORDER BY created, id')
      .all(accountId)
      .map((row) => row.id as string);

  const count = () => Number(db.prepare('SELECT COUNT(*) AS n FROM transactions').get()?.n);

  return {
    mock,
    db,
    dir,
    open,
    personal: dataset.accounts.find((account) => account.type === 'uk_retail')?.id as string,
    notices,
    sync,
    emulatorIds,
    heldIds,
    count,
    /** Logs in again (a new 5-minute window); later syncs use that login. */
    relogin: async () => {
      client = await login();
    },
    /** Moves the emulator's clock past the 5 minutes of full history. */
    closeWindow: () => mock.control.advanceTime(6 * MINUTE),
    /** Routes the client's requests through `wrap` from now on. */
    intercept: (wrap: (next: typeof fetch) => typeof fetch) => {
      fetchImpl = wrap(fetch);
    },
    close: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
      await mock.close();
    },
  };
}
