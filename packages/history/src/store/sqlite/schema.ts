import { CliError } from '../errors.js';
import { type Database, type Driver, openDatabase } from './database.js';

/**
 * The local history's schema, one migration per version: `PRAGMA user_version` says how many have run, and each
 * runs once, in a transaction with the version bump, so a database is always at exactly one version. Append new
 * migrations; never edit one that shipped.
 *
 * Every object keeps the JSON the API returned (`json`), so nothing Monzo sends is lost, beside the columns the
 * queries need. Times are stored as RFC 3339 UTC with milliseconds (`2026-01-31T09:30:00.000Z`), which sort as
 * text in time order; the JSON keeps them as Monzo wrote them.
 */
const MIGRATIONS: readonly string[] = [
  `
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
];

/** The version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings a database up to `SCHEMA_VERSION`; refuses one written by a newer version of the CLI. */
export function migrate(db: Database): void {
  const current = userVersion(db);
  if (current > SCHEMA_VERSION) throw newerSchema(db.file, current);
  for (let version = current; version < SCHEMA_VERSION; version++) {
    db.transaction(() => {
      // Another process may have migrated while this one waited for the write lock.
      if (userVersion(db) !== version) return;
      db.exec(MIGRATIONS[version] as string);
      db.exec(`PRAGMA user_version = ${version + 1}`);
    });
  }
}

export function userVersion(db: Database): number {
  return Number(db.prepare('PRAGMA user_version').get()?.user_version ?? 0);
}

/** A time as the columns hold it: RFC 3339 UTC with milliseconds; `""` (pending) and absent become NULL. */
export function toColumnTime(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : new Date(time).toISOString();
}

/** Opens the local history at `file` and brings its schema up to date. */
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
 * Opens an existing local history to read it (`--offline`): read-only, so that it works where this user may
 * not write, and without migrating it, unless its schema is behind this CLI's (then as `monzo sync` would).
 */
export function openHistoryForReading(file: string, drivers?: () => Driver | undefined): Database {
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
  if (version > SCHEMA_VERSION) throw newerSchema(file, version);
  return openHistoryDatabase(file, drivers);
}

function newerSchema(file: string, version: number): CliError {
  return new CliError(
    `${file} was written by a newer monzo (schema ${version}; this one knows up to ${SCHEMA_VERSION})`,
    'update the CLI to the newest version (see its README, "Installing"), or pass another --db FILE',
  );
}
