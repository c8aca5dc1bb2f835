import { HistoryError } from '../../errors.js';
import type { PostgresDatabase, Queryable } from './database.js';
import { migrateTo3 } from './schema-3.js';

/**
 * The history's schema on PostgreSQL: the same tables, columns and versions as on SQLite (`../sqlite/schema.ts`),
 * so that `schema_migrations` reads the same on both, in PostgreSQL's own types:
 * - times are `timestamptz` (the store gives them back as RFC 3339 UTC strings with milliseconds);
 * - amounts and balances `bigint` (minor units), flags `boolean`;
 * - transactions are kept compact from version 3 (`schema-3.ts`), as on SQLite;
 * - the other objects Monzo returned are `json`, not `jsonb`: `json` keeps the text exactly as it came (key order,
 *   numbers as written), so a read gives back byte for byte what the API sent, and it costs only a check on
 *   write, where `jsonb` would reorder the keys, take longer to write and, for objects this small, more room;
 *   `->>` works on both for ad hoc queries;
 * - ids are `COLLATE "C"`: they sort byte by byte, as on SQLite, whatever the database's locale.
 *
 * Append new migrations, never edit one that shipped. Version 1 is the CLI's history as it was on SQLite; a
 * PostgreSQL history never stood at it, but going through it keeps each version the same on both stores.
 */
interface Migration {
  name: string;
  /** Its SQL, or its steps when rows must be rewritten (inside the migration's transaction). */
  sql?: string;
  up?: (client: Queryable) => Promise<void>;
}

const MIGRATIONS: readonly Migration[] = [
  {
    name: 'the CLI history',
    sql: `
  CREATE TABLE accounts (
    id text COLLATE "C" PRIMARY KEY,
    type text,
    description text,
    currency text,
    created timestamptz NOT NULL,
    closed boolean NOT NULL DEFAULT false,
    json json NOT NULL,
    synced_at timestamptz NOT NULL
  );
  CREATE TABLE pots (
    id text COLLATE "C" PRIMARY KEY,
    account_id text NOT NULL,
    name text,
    balance bigint,
    currency text,
    deleted boolean NOT NULL DEFAULT false,
    updated timestamptz,
    json json NOT NULL,
    synced_at timestamptz NOT NULL
  );
  CREATE TABLE balances (
    account_id text NOT NULL,
    taken_at timestamptz NOT NULL,
    balance bigint NOT NULL,
    total_balance bigint,
    currency text NOT NULL,
    spend_today bigint,
    json json NOT NULL,
    PRIMARY KEY (account_id, taken_at)
  );
  CREATE TABLE transactions (
    id text COLLATE "C" PRIMARY KEY,
    account_id text NOT NULL,
    created timestamptz NOT NULL,
    settled timestamptz,
    updated timestamptz,
    amount bigint NOT NULL,
    currency text NOT NULL,
    description text,
    category text,
    declined boolean NOT NULL DEFAULT false,
    json json NOT NULL,
    first_seen timestamptz NOT NULL,
    last_changed timestamptz NOT NULL
  );
  CREATE INDEX transactions_by_account ON transactions (account_id, created, id);
  CREATE INDEX transactions_pending ON transactions (account_id, created) WHERE settled IS NULL AND NOT declined;
  CREATE TABLE sync_state (
    account_id text PRIMARY KEY,
    last_id text,
    last_created timestamptz,
    complete_since timestamptz,
    covered_until timestamptz,
    last_sync timestamptz,
    full_history boolean NOT NULL DEFAULT false
  );
  CREATE TABLE gaps (
    account_id text NOT NULL,
    gap_from timestamptz NOT NULL,
    gap_to timestamptz NOT NULL,
    noticed_at timestamptz NOT NULL,
    PRIMARY KEY (account_id, gap_from)
  );
  `,
  },
  {
    name: 'many logins, sync leases',
    // As on SQLite: every row says which Monzo user's login stored it, an account is a row per user who sees
    // it, and a lease row per account being synced. ADD COLUMN with a constant default rewrites no rows.
    sql: `
  ALTER TABLE accounts ADD COLUMN user_id text NOT NULL DEFAULT '';
  ALTER TABLE accounts DROP CONSTRAINT accounts_pkey, ADD PRIMARY KEY (user_id, id);
  ALTER TABLE transactions ADD COLUMN user_id text NOT NULL DEFAULT '';
  ALTER TABLE pots ADD COLUMN user_id text NOT NULL DEFAULT '';
  ALTER TABLE balances ADD COLUMN user_id text NOT NULL DEFAULT '';
  ALTER TABLE sync_state ADD COLUMN user_id text NOT NULL DEFAULT '';
  ALTER TABLE gaps ADD COLUMN user_id text NOT NULL DEFAULT '';
  CREATE TABLE sync_leases (
    account_id text PRIMARY KEY,
    owner text NOT NULL,
    expires_at timestamptz NOT NULL
  );
  `,
  },
  {
    name: 'compact transactions',
    // See schema-3.ts: merchants and shapes once, each transaction as its columns and the values they lack.
    up: migrateTo3,
  },
];

/** The version this code writes: the same number as SQLite's for the same schema. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** The version of the history in the database, or `undefined` when it holds none. */
export async function schemaVersion(db: Queryable): Promise<number | undefined> {
  const { rows } = await db.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
  if (!rows[0]?.present) return undefined;
  const current = await db.query('SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations');
  return Number(current.rows[0]?.version ?? 0);
}

/**
 * Brings the database up to `SCHEMA_VERSION`, in one transaction that holds an advisory lock for its length:
 * of many workers starting at once on a new database, one migrates and the others, let in after its commit,
 * find nothing left to do. Refuses a database written by a newer version of this package.
 */
export async function migrate(db: PostgresDatabase): Promise<void> {
  const current = await schemaVersion(db);
  if (current === SCHEMA_VERSION) return;
  if (current !== undefined && current > SCHEMA_VERSION) throw newerSchema(db.shown, current);
  // READ WRITE: a history opened to read is migrated as a sync would, if it is behind.
  await db.transaction(async (client) => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('@monzo-ts/history schema'))");
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY,
         name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const at = (await schemaVersion(client)) ?? 0;
    if (at > SCHEMA_VERSION) throw newerSchema(db.shown, at);
    for (let version = at; version < SCHEMA_VERSION; version++) {
      const migration = MIGRATIONS[version] as Migration;
      if (migration.sql) await client.query(migration.sql);
      await migration.up?.(client);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        version + 1,
        migration.name,
      ]);
    }
  }, 'BEGIN READ WRITE');
}

/**
 * Makes sure a history opened to read is there and readable by this version: one that is not is an error, not
 * a new schema; one that is behind is migrated, as on SQLite.
 */
export async function checkForReading(db: PostgresDatabase): Promise<void> {
  const current = await schemaVersion(db);
  if (current === undefined) {
    throw new HistoryError(
      'NOT_FOUND',
      `there is no history in ${db.shown}`,
      'sync into it first, or open another database',
    );
  }
  if (current > SCHEMA_VERSION) throw newerSchema(db.shown, current);
  if (current < SCHEMA_VERSION) await migrate(db);
}

function newerSchema(shown: string, version: number): HistoryError {
  return new HistoryError(
    'NEWER_SCHEMA',
    `${shown} was written by a newer version of @monzo-ts/history (schema ${version}; this one knows up to ${SCHEMA_VERSION})`,
    'update @monzo-ts/history (or the application that uses it) to its newest version, or open another database',
  );
}
