import type { Driver } from './drivers.js';
import { openHistoryDatabase, openHistoryForReading } from './schema.js';
import { SqliteStore } from './store.js';

export interface SqliteStoreOptions {
  /** Only to read: the file must exist, and nothing is created or changed (unless its schema is behind). */
  readOnly?: boolean | undefined;
  /** Where the SQLite binding comes from (tests). */
  drivers?: (() => Driver | undefined) | undefined;
}

/**
 * The history in the SQLite file `file`: created with its folder if need be and migrated to the current
 * schema, or with `readOnly` opened as it is. WAL mode: readers never wait for the writer; two writers (two
 * syncs) take turns, each waiting up to `busy_timeout` for the other's page to commit.
 */
export async function openSqliteStore(file: string, options: SqliteStoreOptions = {}): Promise<SqliteStore> {
  const db = options.readOnly
    ? openHistoryForReading(file, options.drivers)
    : openHistoryDatabase(file, options.drivers);
  return new SqliteStore(db);
}
