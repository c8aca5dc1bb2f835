import { HistoryError } from '../../errors.js';
import type { HistoryStore } from '../types.js';

export interface PostgresStoreOptions {
  /** Only to read: every write fails. */
  readOnly?: boolean | undefined;
}

/**
 * The history in a PostgreSQL database (`postgres://` or `postgresql://` URL). The PostgreSQL store (its pool,
 * migrations and SQL, implementing `HistoryStore` as `store/sqlite/` does) plugs in here.
 */
export async function createPostgresStore(
  _url: string,
  _options: PostgresStoreOptions = {},
): Promise<HistoryStore> {
  // The URL is not repeated: it may hold a password.
  throw new HistoryError(
    'BAD_LOCATION',
    'cannot open a PostgreSQL history: this build of @monzo-ts/history has no PostgreSQL store yet ' +
      '(createPostgresStore in src/store/postgres/index.ts is still the placeholder)',
    'keep the history in a SQLite file (a path) until the PostgreSQL store lands',
  );
}
