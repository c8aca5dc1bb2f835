import { HistoryError } from '../../errors.js';
import { parseLocation } from '../../open.js';
import { loadPg, PostgresDatabase } from './database.js';
import { checkForReading, migrate } from './schema.js';
import { PostgresStore } from './store.js';

export interface PostgresStoreOptions {
  /** Only to read: the history must be there (`HistoryError` `NOT_FOUND` otherwise), and every write fails. */
  readOnly?: boolean | undefined;
}

/**
 * The history in the PostgreSQL database at `url` (`postgres://` or `postgresql://`, as `pg` reads them:
 * `?sslmode=require` and the rest), on a small pool, its schema brought up to date (once, whatever the number
 * of workers opening it at the same moment). The database must exist; the tables are created in it. Failures
 * name the database by its URL without the password.
 */
export async function createPostgresStore(
  url: string,
  options: PostgresStoreOptions = {},
): Promise<PostgresStore> {
  const readOnly = options.readOnly === true;
  // Checked as openHistory checks it, for a caller that comes here directly: a URL that does not parse is
  // refused without repeating it.
  const where = parseLocation(url);
  if (where.kind !== 'postgres') {
    throw new HistoryError('BAD_LOCATION', 'not a postgres:// URL', 'pass postgres://user@host/database');
  }
  const db = new PostgresDatabase(await loadPg(), url, where.shown, readOnly);
  try {
    if (readOnly) await checkForReading(db);
    else await migrate(db);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return new PostgresStore(db);
}

export type { PostgresStore };
