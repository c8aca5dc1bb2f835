import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signIn, startMockServer } from '@monzo-ts/mock';
import { type Merchant, MonzoClient, type Transaction } from 'monzo-ts';
import { afterAll, describe, expect, it } from 'vitest';
import { openHistory } from '../../open.js';
import { openDatabase } from './database.js';
import { SCHEMA_VERSION } from './schema.js';

const dir = mkdtempSync(join(tmpdir(), 'monzo-history-migrate-2-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A history as this package wrote it at schema 2 (every transaction's whole JSON in `json`, times as text), kept
 * here word for word rather than taken from schema.ts, so that a change to the migrations cannot change what
 * they are tested against.
 */
const SCHEMA_2 = `
  CREATE TABLE pots (id TEXT PRIMARY KEY, account_id TEXT NOT NULL, name TEXT, balance INTEGER, currency TEXT,
    deleted INTEGER NOT NULL DEFAULT 0, updated TEXT, json TEXT NOT NULL, synced_at TEXT NOT NULL,
    user_id TEXT NOT NULL DEFAULT '');
  CREATE TABLE balances (account_id TEXT NOT NULL, taken_at TEXT NOT NULL, balance INTEGER NOT NULL,
    total_balance INTEGER, currency TEXT NOT NULL, spend_today INTEGER, json TEXT NOT NULL,
    user_id TEXT NOT NULL DEFAULT '', PRIMARY KEY (account_id, taken_at));
  CREATE TABLE transactions (id TEXT PRIMARY KEY, account_id TEXT NOT NULL, created TEXT NOT NULL, settled TEXT,
    updated TEXT, amount INTEGER NOT NULL, currency TEXT NOT NULL, description TEXT, category TEXT,
    declined INTEGER NOT NULL DEFAULT 0, json TEXT NOT NULL, first_seen TEXT NOT NULL, last_changed TEXT NOT NULL,
    user_id TEXT NOT NULL DEFAULT '');
  CREATE INDEX transactions_by_account ON transactions (account_id, created, id);
  CREATE INDEX transactions_pending ON transactions (account_id, created) WHERE settled IS NULL AND declined = 0;
  CREATE TABLE sync_state (account_id TEXT PRIMARY KEY, last_id TEXT, last_created TEXT, complete_since TEXT,
    covered_until TEXT, last_sync TEXT, full_history INTEGER NOT NULL DEFAULT 0, user_id TEXT NOT NULL DEFAULT '');
  CREATE TABLE gaps (account_id TEXT NOT NULL, gap_from TEXT NOT NULL, gap_to TEXT NOT NULL,
    noticed_at TEXT NOT NULL, user_id TEXT NOT NULL DEFAULT '', PRIMARY KEY (account_id, gap_from));
  CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
  INSERT INTO schema_migrations VALUES (1, 'the CLI history', '2026-01-01T00:00:00.000Z'),
    (2, 'many logins, sync leases', '2026-01-01T00:00:00.000Z');
  CREATE TABLE accounts (user_id TEXT NOT NULL DEFAULT '', id TEXT NOT NULL, type TEXT, description TEXT,
    currency TEXT, created TEXT NOT NULL, closed INTEGER NOT NULL DEFAULT 0, json TEXT NOT NULL,
    synced_at TEXT NOT NULL, PRIMARY KEY (user_id, id));
  CREATE TABLE sync_leases (account_id TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at TEXT NOT NULL);
  PRAGMA user_version = 2;
`;

const FIRST_SEEN = '2026-01-01T00:00:00.000Z';
const LAST_CHANGED = '2026-01-02T00:00:00.000Z';

/** A time as schema 2's columns held it: RFC 3339 UTC with milliseconds; `""` and absent as NULL. */
const textTime = (value: unknown) =>
  typeof value === 'string' && value !== '' ? new Date(Date.parse(value)).toISOString() : null;

describe('a history of schema 2', () => {
  it('is migrated in place: every row kept as it was, each transaction read back exactly, and a sync after it finds nothing changed', async () => {
    const mock = await startMockServer({ transactions: 600, autoApprove: true });
    try {
      const tokens = await signIn(mock);
      const client = new MonzoClient({ apiUrl: mock.url, accessToken: tokens.access_token, maxRetries: 0 });
      const { user_id } = mock.control.dataset();
      const listed = await client.accounts.list();
      const personal = listed.find((item) => item.type === 'uk_retail')?.id as string;
      const fetched: Transaction<Merchant>[] = [];
      for await (const tx of client.transactions.iterate({ account_id: personal, expand: ['merchant'] })) {
        fetched.push(tx);
      }
      expect(fetched.some((tx) => tx.settled === '')).toBe(true);

      // What schema 2 held after a whole sync: every transaction, the cursor at the last one, and one row
      // something else damaged.
      const file = join(dir, 'history.sqlite');
      const old = openDatabase(file);
      old.exec(SCHEMA_2);
      old.transaction(() => {
        for (const account of listed) {
          old
            .prepare('INSERT INTO accounts VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)')
            .run(
              user_id,
              account.id,
              account.type ?? null,
              account.description,
              'GBP',
              account.created,
              JSON.stringify(account),
              FIRST_SEEN,
            );
        }
        const insert = old.prepare(
          `INSERT INTO transactions (id, account_id, created, settled, updated, amount, currency, description,
             category, declined, json, first_seen, last_changed, user_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        for (const tx of fetched) {
          insert.run(
            tx.id,
            personal,
            textTime(tx.created) ?? tx.created,
            textTime(tx.settled),
            textTime(tx.updated),
            tx.amount,
            tx.currency,
            tx.description ?? null,
            tx.category ?? null,
            tx.decline_reason ? 1 : 0,
            JSON.stringify(tx),
            FIRST_SEEN,
            LAST_CHANGED,
            user_id,
          );
        }
        insert.run(
          'tx_damaged',
          'acc_damaged',
          FIRST_SEEN,
          null,
          null,
          -1,
          'GBP',
          null,
          null,
          0,
          '{"id": "tx_da',
          FIRST_SEEN,
          FIRST_SEEN,
          user_id,
        );
        const last = fetched.at(-1) as Transaction<Merchant>;
        old
          .prepare(
            `INSERT INTO sync_state (account_id, user_id, last_id, last_created, covered_until, last_sync, full_history)
             VALUES (?, ?, ?, ?, ?, ?, 1)`,
          )
          .run(personal, user_id, last.id, textTime(last.created), textTime(last.created), LAST_CHANGED);
      });
      // As schema 2 read them: each row's JSON, in time order.
      const before = old
        .prepare('SELECT json FROM transactions WHERE account_id = ? ORDER BY created, id')
        .all(personal)
        .map((row) => row.json);
      const pendingBefore = old
        .prepare(
          'SELECT MIN(created) AS created FROM transactions WHERE account_id = ? AND settled IS NULL AND declined = 0',
        )
        .get(personal)?.created;
      old.close();
      const bytes = () =>
        statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0);
      const sizeBefore = bytes();

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
        // Every transaction, byte for byte the JSON it was, in the same order.
        const after: string[] = [];
        for await (const tx of history.transactions({ account_id: personal })) after.push(JSON.stringify(tx));
        expect(after).toEqual(before);
        expect(after.map((json) => JSON.parse(json))).toEqual(fetched);
        // Who stored each, and when it was first seen and last changed, kept.
        const kept = rows
          .prepare(
            'SELECT COUNT(*) AS n FROM transactions WHERE user_id = ? AND first_seen = ? AND last_changed = ?',
          )
          .get(user_id, Date.parse(FIRST_SEEN), Date.parse(LAST_CHANGED));
        expect(Number(kept?.n)).toBe(fetched.length);
        expect(await history.held(personal)).toEqual({
          transactions: fetched.length,
          first: textTime(fetched[0]?.created),
          last: textTime(fetched.at(-1)?.created),
        });
        // The oldest payment still pending, from which a sync reads again, is the same one.
        const pending = rows
          .prepare(
            'SELECT MIN(created) AS created FROM transactions WHERE account_id = ? AND settled IS NULL AND declined = 0',
          )
          .get(personal)?.created;
        expect(pending).toBe(Date.parse(pendingBefore as string));
        // The damaged row is kept, and still reads as damaged.
        expect((await history.held('acc_damaged')).transactions).toBe(1);
        await expect(history.transactions({ account_id: 'acc_damaged' }).next()).rejects.toMatchObject({
          problem: 'damaged',
        });
        // The space the old rows took is given back.
        expect(bytes()).toBeLessThan(sizeBefore / 2);

        // A sync reads the last days again: it finds each transaction as held, so rewrites none.
        const summary = await history.sync(client, {
          accounts: listed.filter((item) => item.id === personal),
        });
        expect(summary.accounts[0]).toMatchObject({ inserted: 0, updated: 0, held: fetched.length });
      } finally {
        rows.close();
        await history.close();
      }
    } finally {
      await mock.close();
    }
  });
});
