import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signIn, startMockServer } from '@monzo-ts/mock';
import { type Merchant, MonzoClient, type Transaction } from 'monzo-ts';
import { afterAll, describe, expect, it } from 'vitest';
import { openHistory } from '../../open.js';
import { openDatabase } from './database.js';
import { SCHEMA_VERSION } from './schema.js';

const dir = mkdtempSync(join(tmpdir(), 'monzo-history-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The schema the `monzo` CLI wrote before the history became a package (its `PRAGMA user_version` 1), as it
 * shipped: a file made by that CLI, kept here word for word rather than taken from schema.ts, so that a change
 * to the migrations cannot change what they are tested against.
 */
const CLI_SCHEMA_1 = `
  CREATE TABLE accounts (id TEXT PRIMARY KEY, type TEXT, description TEXT, currency TEXT, created TEXT NOT NULL,
    closed INTEGER NOT NULL DEFAULT 0, json TEXT NOT NULL, synced_at TEXT NOT NULL);
  CREATE TABLE pots (id TEXT PRIMARY KEY, account_id TEXT NOT NULL, name TEXT, balance INTEGER, currency TEXT,
    deleted INTEGER NOT NULL DEFAULT 0, updated TEXT, json TEXT NOT NULL, synced_at TEXT NOT NULL);
  CREATE TABLE balances (account_id TEXT NOT NULL, taken_at TEXT NOT NULL, balance INTEGER NOT NULL,
    total_balance INTEGER, currency TEXT NOT NULL, spend_today INTEGER, json TEXT NOT NULL,
    PRIMARY KEY (account_id, taken_at));
  CREATE TABLE transactions (id TEXT PRIMARY KEY, account_id TEXT NOT NULL, created TEXT NOT NULL, settled TEXT,
    updated TEXT, amount INTEGER NOT NULL, currency TEXT NOT NULL, description TEXT, category TEXT,
    declined INTEGER NOT NULL DEFAULT 0, json TEXT NOT NULL, first_seen TEXT NOT NULL, last_changed TEXT NOT NULL);
  CREATE INDEX transactions_by_account ON transactions (account_id, created, id);
  CREATE INDEX transactions_pending ON transactions (account_id, created) WHERE settled IS NULL AND declined = 0;
  CREATE TABLE sync_state (account_id TEXT PRIMARY KEY, last_id TEXT, last_created TEXT, complete_since TEXT,
    covered_until TEXT, last_sync TEXT, full_history INTEGER NOT NULL DEFAULT 0);
  CREATE TABLE gaps (account_id TEXT NOT NULL, gap_from TEXT NOT NULL, gap_to TEXT NOT NULL,
    noticed_at TEXT NOT NULL, PRIMARY KEY (account_id, gap_from));
  PRAGMA user_version = 1;
`;

const FIRST_SEEN = '2020-01-01T00:00:00.000Z';

describe('a history the CLI wrote before this package (schema 1)', () => {
  it('is migrated in place: every row kept, and given its user by the first sync after', async () => {
    const mock = await startMockServer({ transactions: 250, autoApprove: true });
    try {
      const tokens = await signIn(mock);
      const client = new MonzoClient({ apiUrl: mock.url, accessToken: tokens.access_token, maxRetries: 0 });
      const { user_id, accounts } = mock.control.dataset();
      const personal = accounts.find((item) => item.type === 'uk_retail')?.id as string;

      // What the old CLI left: its accounts, the first 120 transactions of the personal account (interrupted
      // after its second page), the cursor there, a balance, a pot, and a gap.
      const listed = await client.accounts.list();
      const early: Transaction<Merchant>[] = [];
      for await (const tx of client.transactions.iterate({ account_id: personal, expand: ['merchant'] })) {
        early.push(tx);
        if (early.length === 120) break;
      }
      const file = join(dir, 'history.sqlite');
      const old = openDatabase(file);
      old.exec(CLI_SCHEMA_1);
      old.transaction(() => {
        for (const account of listed) {
          old
            .prepare('INSERT INTO accounts VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
            .run(
              account.id,
              account.type ?? null,
              account.description,
              'GBP',
              account.created,
              0,
              JSON.stringify(account),
              FIRST_SEEN,
            );
        }
        for (const tx of early) {
          old
            .prepare(
              `INSERT INTO transactions (id, account_id, created, settled, amount, currency, json, first_seen, last_changed)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              tx.id,
              personal,
              new Date(tx.created).toISOString(),
              tx.settled || null,
              tx.amount,
              tx.currency,
              JSON.stringify(tx),
              FIRST_SEEN,
              FIRST_SEEN,
            );
        }
        const last = early.at(-1) as Transaction<Merchant>;
        const lastCreated = new Date(last.created).toISOString();
        old
          .prepare(
            'INSERT INTO sync_state (account_id, last_id, last_created, covered_until) VALUES (?, ?, ?, ?)',
          )
          .run(personal, last.id, lastCreated, lastCreated);
        old
          .prepare("INSERT INTO balances VALUES (?, ?, 100, 100, 'GBP', 0, ?)")
          .run(
            personal,
            FIRST_SEEN,
            JSON.stringify({ balance: 100, total_balance: 100, currency: 'GBP', spend_today: 0 }),
          );
        old
          .prepare(
            "INSERT INTO pots VALUES ('pot_old', ?, 'Old pot', 5, 'GBP', 1, NULL, '{\"id\":\"pot_old\"}', ?)",
          )
          .run(personal, FIRST_SEEN);
        old
          .prepare("INSERT INTO gaps VALUES (?, '2019-01-01T00:00:00.000Z', '2019-02-01T00:00:00.000Z', ?)")
          .run(personal, FIRST_SEEN);
      });
      old.close();

      // Opened by this package: migrated at once, nothing lost, the user not known yet.
      const history = await openHistory(file);
      const rows = openDatabase(file);
      try {
        expect(rows.prepare('PRAGMA user_version').get()?.user_version).toBe(SCHEMA_VERSION);
        expect(
          rows
            .prepare('SELECT version FROM schema_migrations ORDER BY version')
            .all()
            .map((row) => row.version),
        ).toEqual([1, 2, 3]);
        expect((await history.held(personal)).transactions).toBe(120);
        expect((await history.accounts()).map((item) => item.id).sort()).toEqual(
          listed.map((item) => item.id).sort(),
        );
        expect(await history.accounts({ user_id })).toEqual([]);
        expect((await history.pots(personal)).map((pot) => pot.id)).toEqual(['pot_old']);
        expect(await history.gaps({ user_id: '' })).toHaveLength(1);

        // The first sync names the user, and carries on from the old cursor without doubling a row.
        const summary = await history.sync(client);
        expect(summary.user_id).toBe(user_id);
        const ids: string[] = [];
        for await (const tx of client.transactions.iterate({ account_id: personal })) ids.push(tx.id);
        const held: string[] = [];
        for await (const tx of history.transactions({ account_id: personal })) held.push(tx.id);
        expect(held).toEqual(ids);
        expect((await history.accounts({ user_id })).map((item) => item.id).sort()).toEqual(
          listed.map((item) => item.id).sort(),
        );
        const unclaimed = ['accounts', 'transactions', 'pots', 'balances', 'sync_state', 'gaps'].map(
          (table) => [
            table,
            Number(rows.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE user_id <> ?`).get(user_id)?.n),
          ],
        );
        expect(unclaimed).toEqual(unclaimed.map(([table]) => [table, 0]));
        // The old rows are the same rows: first seen when the old CLI saw them.
        const kept = rows
          .prepare('SELECT COUNT(*) AS n FROM transactions WHERE first_seen = ?')
          .get(Date.parse(FIRST_SEEN));
        expect(Number(kept?.n)).toBe(120);
        expect(await history.balances(personal)).toHaveLength(2);
      } finally {
        rows.close();
        await history.close();
      }
    } finally {
      await mock.close();
    }
  });
});
