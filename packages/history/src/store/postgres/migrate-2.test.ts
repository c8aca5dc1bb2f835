import { signIn, startMockServer } from '@monzo-ts/mock';
import { type Merchant, MonzoClient, type Transaction } from 'monzo-ts';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openHistory } from '../../open.js';
import { SCHEMA_VERSION } from './schema.js';
import { postgresForFile } from './test-cluster.js';

const postgres = postgresForFile();

/**
 * A history as this package wrote it on PostgreSQL at schema 2 (every transaction's whole JSON in `json`), kept
 * here word for word rather than taken from schema.ts, so that a change to the migrations cannot change what
 * they are tested against.
 */
const SCHEMA_2 = `
  CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now());
  INSERT INTO schema_migrations (version, name) VALUES (1, 'the CLI history'), (2, 'many logins, sync leases');
  CREATE TABLE accounts (id text COLLATE "C" NOT NULL, type text, description text, currency text,
    created timestamptz NOT NULL, closed boolean NOT NULL DEFAULT false, json json NOT NULL,
    synced_at timestamptz NOT NULL, user_id text NOT NULL DEFAULT '', PRIMARY KEY (user_id, id));
  CREATE TABLE pots (id text COLLATE "C" PRIMARY KEY, account_id text NOT NULL, name text, balance bigint,
    currency text, deleted boolean NOT NULL DEFAULT false, updated timestamptz, json json NOT NULL,
    synced_at timestamptz NOT NULL, user_id text NOT NULL DEFAULT '');
  CREATE TABLE balances (account_id text NOT NULL, taken_at timestamptz NOT NULL, balance bigint NOT NULL,
    total_balance bigint, currency text NOT NULL, spend_today bigint, json json NOT NULL,
    user_id text NOT NULL DEFAULT '', PRIMARY KEY (account_id, taken_at));
  CREATE TABLE transactions (id text COLLATE "C" PRIMARY KEY, account_id text NOT NULL,
    created timestamptz NOT NULL, settled timestamptz, updated timestamptz, amount bigint NOT NULL,
    currency text NOT NULL, description text, category text, declined boolean NOT NULL DEFAULT false,
    json json NOT NULL, first_seen timestamptz NOT NULL, last_changed timestamptz NOT NULL,
    user_id text NOT NULL DEFAULT '');
  CREATE INDEX transactions_by_account ON transactions (account_id, created, id);
  CREATE INDEX transactions_pending ON transactions (account_id, created) WHERE settled IS NULL AND NOT declined;
  CREATE TABLE sync_state (account_id text PRIMARY KEY, last_id text, last_created timestamptz,
    complete_since timestamptz, covered_until timestamptz, last_sync timestamptz,
    full_history boolean NOT NULL DEFAULT false, user_id text NOT NULL DEFAULT '');
  CREATE TABLE gaps (account_id text NOT NULL, gap_from timestamptz NOT NULL, gap_to timestamptz NOT NULL,
    noticed_at timestamptz NOT NULL, user_id text NOT NULL DEFAULT '', PRIMARY KEY (account_id, gap_from));
  CREATE TABLE sync_leases (account_id text PRIMARY KEY, owner text NOT NULL, expires_at timestamptz NOT NULL);
`;

const FIRST_SEEN = '2026-01-01T00:00:00.000Z';
const LAST_CHANGED = '2026-01-02T00:00:00.000Z';

describe('a PostgreSQL history of schema 2', () => {
  it('is migrated in place: every row kept, each transaction read back exactly, and a sync after it finds nothing changed', async () => {
    const url = await postgres.database();
    const mock = await startMockServer({ transactions: 600, autoApprove: true });
    const db = new pg.Client({ connectionString: url });
    await db.connect();
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

      // What schema 2 held after a whole sync: the accounts, every transaction, the cursor at the last one.
      await db.query(SCHEMA_2);
      for (const account of listed) {
        await db.query(
          `INSERT INTO accounts (user_id, id, type, description, currency, created, json, synced_at)
           VALUES ($1, $2, $3, $4, 'GBP', $5, $6, $7)`,
          [
            user_id,
            account.id,
            account.type,
            account.description,
            account.created,
            JSON.stringify(account),
            FIRST_SEEN,
          ],
        );
      }
      for (const tx of fetched) {
        await db.query(
          `INSERT INTO transactions (id, account_id, created, settled, updated, amount, currency, description,
             category, declined, json, first_seen, last_changed, user_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
          [
            tx.id,
            personal,
            tx.created,
            tx.settled || null,
            tx.updated || null,
            tx.amount,
            tx.currency,
            tx.description ?? null,
            tx.category ?? null,
            Boolean(tx.decline_reason),
            JSON.stringify(tx),
            FIRST_SEEN,
            LAST_CHANGED,
            user_id,
          ],
        );
      }
      const last = fetched.at(-1) as Transaction<Merchant>;
      await db.query(
        `INSERT INTO sync_state (account_id, user_id, last_id, last_created, covered_until, last_sync, full_history)
         VALUES ($1, $2, $3, $4, $4, $5, true)`,
        [personal, user_id, last.id, last.created, LAST_CHANGED],
      );
      // As schema 2 read them: each row's JSON, in time order.
      const before = (
        await db.query(
          'SELECT json::text AS json FROM transactions WHERE account_id = $1 ORDER BY created, id',
          [personal],
        )
      ).rows.map((row) => row.json);

      const history = await openHistory(url);
      try {
        const versions = await db.query('SELECT version FROM schema_migrations ORDER BY version');
        expect(versions.rows.map((row) => row.version)).toEqual([1, 2, 3]);
        expect(SCHEMA_VERSION).toBe(3);
        const after: string[] = [];
        for await (const tx of history.transactions({ account_id: personal })) after.push(JSON.stringify(tx));
        expect(after).toEqual(before);
        expect(after.map((json) => JSON.parse(json))).toEqual(fetched);
        const kept = await db.query(
          'SELECT COUNT(*)::int AS n FROM transactions WHERE user_id = $1 AND first_seen = $2 AND last_changed = $3',
          [user_id, FIRST_SEEN, LAST_CHANGED],
        );
        expect(kept.rows[0]?.n).toBe(fetched.length);
        // The indexes the reads use are there again, under their names.
        const indexes = await db.query(
          "SELECT indexname FROM pg_indexes WHERE tablename = 'transactions' ORDER BY indexname",
        );
        expect(indexes.rows.map((row) => row.indexname)).toEqual([
          'transactions_by_account',
          'transactions_pending',
          'transactions_pkey',
        ]);

        // A sync reads the last days again: it finds each transaction as held, so rewrites none.
        const summary = await history.sync(client, {
          accounts: listed.filter((item) => item.id === personal),
        });
        expect(summary.accounts[0]).toMatchObject({ inserted: 0, updated: 0, held: fetched.length });
      } finally {
        await history.close();
      }
    } finally {
      await db.end();
      await mock.close();
    }
  });
});
