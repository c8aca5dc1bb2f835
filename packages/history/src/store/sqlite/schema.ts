import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { HistoryError } from '../../errors.js';
import { type Database, type Driver, openDatabase } from './database.js';
import { migrateTo3 } from './schema-3.js';

/**
 * The history's schema on SQLite, one migration per version. `PRAGMA user_version` says how many have run (it is
 * what the CLI before this package checked, so that one refuses a newer file), and `schema_migrations` records
 * each with when it ran. Each runs once, in a transaction with the version bump, so a database is always at
 * exactly one version. Append new migrations; never edit one that shipped: version 1 is the schema the `monzo`
 * CLI wrote before the history became a package, and files it made are brought up from there.
 *
 * Nothing Monzo sends is lost: accounts, pots and balances keep the JSON the API returned (`json`) beside the
 * columns the queries need, their times as RFC 3339 UTC with milliseconds (`2026-01-31T09:30:00.000Z`), which
 * sort as text in time order. Transactions, by far the most rows, are kept compact since version 3 (see
 * `schema-3.ts`): their columns, times in milliseconds, and the rest of their JSON split into a shape kept once
 * and the values no column holds; their merchants once per version. Reads give them back exactly as returned.
 */
interface Migration {
  name: string;
  /** Its SQL, or its steps when rows must be rewritten. */
  sql?: string;
  up?: (db: Database) => void;
  /** It leaves the file's old pages free: the file is rebuilt after it (VACUUM), to give the space back. */
  frees?: boolean;
}

const MIGRATIONS: readonly Migration[] = [
  {
    name: 'the CLI history',
    sql: `
  CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    type TEXT,
    description TEXT,
    currency TEXT,
    created TEXT NOT NULL,
    closed INTEGER NOT NULL DEFAULT 0,
    json TEXT NOT NULL,
    synced_at TEXT NOT NULL
  );
  CREATE TABLE pots (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    name TEXT,
    balance INTEGER,
    currency TEXT,
    deleted INTEGER NOT NULL DEFAULT 0,
    updated TEXT,
    json TEXT NOT NULL,
    synced_at TEXT NOT NULL
  );
  -- One snapshot per account per sync: how the balance went, as far back as syncs go.
  CREATE TABLE balances (
    account_id TEXT NOT NULL,
    taken_at TEXT NOT NULL,
    balance INTEGER NOT NULL,
    total_balance INTEGER,
    currency TEXT NOT NULL,
    spend_today INTEGER,
    json TEXT NOT NULL,
    PRIMARY KEY (account_id, taken_at)
  );
  CREATE TABLE transactions (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    created TEXT NOT NULL,
    -- NULL while pending (Monzo sends "").
    settled TEXT,
    updated TEXT,
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    description TEXT,
    category TEXT,
    declined INTEGER NOT NULL DEFAULT 0,
    -- The transaction as the API returned it, merchant expanded.
    json TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_changed TEXT NOT NULL
  );
  CREATE INDEX transactions_by_account ON transactions (account_id, created, id);
  CREATE INDEX transactions_pending ON transactions (account_id, created) WHERE settled IS NULL AND declined = 0;
  CREATE TABLE sync_state (
    account_id TEXT PRIMARY KEY,
    -- The newest transaction stored by the run under way or the last one.
    last_id TEXT,
    last_created TEXT,
    -- Every transaction from complete_since (NULL: from the account's first one) up to covered_until is held:
    -- the next run continues from there.
    complete_since TEXT,
    covered_until TEXT,
    -- When a run last finished for this account.
    last_sync TEXT,
    -- Whether the whole history (from the first transaction) was ever taken.
    full_history INTEGER NOT NULL DEFAULT 0
  );
  -- Stretches that could not be read (Monzo shows only 90 days outside the 5 minutes after a login).
  CREATE TABLE gaps (
    account_id TEXT NOT NULL,
    gap_from TEXT NOT NULL,
    gap_to TEXT NOT NULL,
    noticed_at TEXT NOT NULL,
    PRIMARY KEY (account_id, gap_from)
  );
  `,
  },
  {
    name: 'many logins, sync leases',
    // Every row says which Monzo user's login stored it. Rows from before (version 1, one login) hold '' until
    // the first sync after the upgrade, which gives them the user its login belongs to (see `claimAccounts`).
    // ADD COLUMN with a constant default rewrites nothing, so this is instant on a history of any size. An
    // account is one row per user who can see it (a joint account: two), hence the new key; transactions,
    // pots and balances stay keyed by Monzo's ids, held once whoever synced them.
    sql: `
  CREATE TABLE schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  );
  INSERT INTO schema_migrations (version, name, applied_at)
    VALUES (1, 'the CLI history', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
  CREATE TABLE accounts_by_user (
    user_id TEXT NOT NULL DEFAULT '',
    id TEXT NOT NULL,
    type TEXT,
    description TEXT,
    currency TEXT,
    created TEXT NOT NULL,
    closed INTEGER NOT NULL DEFAULT 0,
    json TEXT NOT NULL,
    synced_at TEXT NOT NULL,
    PRIMARY KEY (user_id, id)
  );
  INSERT INTO accounts_by_user (user_id, id, type, description, currency, created, closed, json, synced_at)
    SELECT '', id, type, description, currency, created, closed, json, synced_at FROM accounts;
  DROP TABLE accounts;
  ALTER TABLE accounts_by_user RENAME TO accounts;
  ALTER TABLE transactions ADD COLUMN user_id TEXT NOT NULL DEFAULT '';
  ALTER TABLE pots ADD COLUMN user_id TEXT NOT NULL DEFAULT '';
  ALTER TABLE balances ADD COLUMN user_id TEXT NOT NULL DEFAULT '';
  ALTER TABLE sync_state ADD COLUMN user_id TEXT NOT NULL DEFAULT '';
  ALTER TABLE gaps ADD COLUMN user_id TEXT NOT NULL DEFAULT '';
  -- One sync at a time per account, across processes: a row taken atomically, renewed while the sync runs and
  -- deleted at its end; one whose expires_at has passed (its sync was killed) may be taken by another.
  CREATE TABLE sync_leases (
    account_id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  `,
  },
  {
    name: 'compact transactions',
    // See schema-3.ts: merchants and shapes once, each transaction as its columns and the values they lack.
    up: migrateTo3,
    frees: true,
  },
];

/** The version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings a database up to `SCHEMA_VERSION`; refuses one written by a newer version of this package. */
export function migrate(db: Database): void {
  const current = userVersion(db);
  if (current > SCHEMA_VERSION) throw newerSchema(db.file, current);
  let freed = false;
  for (let version = current; version < SCHEMA_VERSION; version++) {
    db.transaction(() => {
      // Another process may have migrated while this one waited for the write lock.
      if (userVersion(db) !== version) return;
      const migration = MIGRATIONS[version] as Migration;
      if (migration.sql) db.exec(migration.sql);
      migration.up?.(db);
      freed ||= migration.frees === true && current > 0;
      if (version > 0) {
        db.prepare(
          `INSERT INTO schema_migrations (version, name, applied_at)
           VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
        ).run(version + 1, migration.name);
      }
      db.exec(`PRAGMA user_version = ${version + 1}`);
    });
  }
  if (freed) compact(db);
}

/**
 * Rebuilds the file without the pages a migration freed (a history of schema 2 is several times its size in
 * schema 3). Only a saving: if another connection keeps it from running, the free pages are reused by the
 * next syncs instead.
 */
function compact(db: Database): void {
  try {
    db.exec('VACUUM');
    // VACUUM wrote the whole file again through the write-ahead log: fold it back in, and empty it.
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  } catch {
    // Busy, or no room for the copy VACUUM makes: the history is migrated either way.
  }
}

export function userVersion(db: Database): number {
  return Number(db.prepare('PRAGMA user_version').get()?.user_version ?? 0);
}

/** Opens the history at `file` for writing (creating it and its folder) and brings its schema up to date. */
export function openHistoryDatabase(file: string, drivers?: () => Driver | undefined): Database {
  const db = openDatabase(file, { drivers });
  try {
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/**
 * Opens an existing history to read it: read-only, so that it works where this user may not write, and
 * without migrating it, unless its schema is behind this package's (then as a sync would). One that does not
 * exist is an error, not a new file.
 */
export function openHistoryForReading(file: string, drivers?: () => Driver | undefined): Database {
  if (file !== ':memory:' && !existsSync(resolve(file))) {
    throw new HistoryError(
      'NOT_FOUND',
      `there is no history at ${resolve(file)}`,
      'sync into it first, or open another file',
    );
  }
  const db = openDatabase(file, { drivers, readOnly: true });
  let version: number;
  try {
    version = userVersion(db);
  } catch (error) {
    db.close();
    throw error;
  }
  if (version === SCHEMA_VERSION) return db;
  db.close();
  if (version > SCHEMA_VERSION) throw newerSchema(db.file, version);
  return openHistoryDatabase(file, drivers);
}

function newerSchema(file: string, version: number): HistoryError {
  return new HistoryError(
    'NEWER_SCHEMA',
    `${file} was written by a newer version of @monzo-ts/history (schema ${version}; this one knows up to ${SCHEMA_VERSION})`,
    'update @monzo-ts/history (or the application that uses it) to its newest version, or open another file',
  );
}
