import type Pg from 'pg';
import type { DatabaseUse } from '../../errors.js';
import { isRetryable, toDatabaseError } from './errors.js';

/** A value bound to a `$n` placeholder. */
export type SqlValue = string | number | boolean | null | readonly (string | number | boolean | null)[];
export type Row = Record<string, unknown>;

/**
 * What runs a query: the pool (each query on whichever connection is free) or one transaction's client. With
 * `name`, the statement is prepared once per connection and planned from then on without being parsed again
 * (for the statements every page runs).
 */
export interface Queryable {
  query(sql: string, params?: readonly SqlValue[], name?: string): Promise<{ rows: Row[]; rowCount: number }>;
}

/** Few connections: a sync commits one page at a time, and many workers share one server's connection slots. */
const POOL_SIZE = 4;
const CONNECT_TIMEOUT_MS = 10_000;
/** Tries of a transaction that PostgreSQL aborted for a deadlock or a serialization failure. */
const RETRIES = 3;

const TIMESTAMPTZ = 1184;
const INT8 = 20;

let pgModule: typeof Pg | undefined;

/**
 * The `pg` driver, loaded on the first PostgreSQL open rather than with the package: a SQLite history (and the
 * `monzo` CLI's every start) never pays the ~40 ms it takes to load.
 */
export async function loadPg(): Promise<typeof Pg> {
  pgModule ??= (await import('pg')).default;
  return pgModule;
}

/**
 * How columns come back: times as the interface's RFC 3339 UTC strings with milliseconds (`toISOString`), and
 * bigints (amounts in minor units, counts) as numbers, which hold them exactly up to 2^53.
 */
function typesOf(pg: typeof Pg) {
  const parseTimestamp = pg.types.getTypeParser(TIMESTAMPTZ);
  return {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === TIMESTAMPTZ) return (text: string) => (parseTimestamp(text) as Date).toISOString();
      if (oid === INT8) return (text: string) => Number(text);
      return pg.types.getTypeParser(oid, format ?? 'text');
    },
  };
}

/**
 * A PostgreSQL history's pool. Every failure comes out as a `HistoryDatabaseError` that names the database by
 * `shown`, the URL without its password.
 */
export class PostgresDatabase implements Queryable {
  readonly #pool: Pg.Pool;
  readonly #password: string | undefined;

  constructor(
    pg: typeof Pg,
    url: string,
    readonly shown: string,
    readonly readOnly: boolean,
  ) {
    this.#password = passwordOf(url);
    this.#pool = new pg.Pool({
      // Read-only from the server's side too: every transaction of every connection is, unless it says otherwise.
      // Writing, a commit does not wait for the disk, as SQLite's WAL with synchronous NORMAL: a killed worker
      // loses nothing (the server has every commit), and only a crash of the server itself can undo the last
      // few, a page with its cursor, which the next sync fetches again. A flush per page would cost more than
      // the page.
      connectionString: withOption(
        url,
        readOnly
          ? '-c default_transaction_read_only=on'
          : '-c synchronous_commit=off -c plan_cache_mode=force_custom_plan',
      ),
      max: POOL_SIZE,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      application_name: 'monzo-ts history',
      types: typesOf(pg),
    });
    // An idle connection the server dropped (a restart): the pool replaces it; the next query says if it cannot.
    this.#pool.on('error', () => undefined);
  }

  async query(
    sql: string,
    params: readonly SqlValue[] = [],
    name?: string,
  ): Promise<{ rows: Row[]; rowCount: number }> {
    try {
      const result = await this.#pool.query(statement(sql, params, name));
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    } catch (error) {
      throw this.failure(error, this.readOnly ? 'read' : 'write');
    }
  }

  /**
   * Runs one statement (which commits by itself), again, whole, when PostgreSQL aborts it for a deadlock or a
   * serialization failure, as `transaction` does.
   */
  async statement(
    sql: string,
    params: readonly SqlValue[],
    name?: string,
  ): Promise<{ rows: Row[]; rowCount: number }> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.#pool.query(statement(sql, params, name));
        return { rows: result.rows, rowCount: result.rowCount ?? 0 };
      } catch (error) {
        if (attempt < RETRIES && isRetryable(error)) continue;
        throw this.failure(error, 'write');
      }
    }
  }

  /**
   * Runs `body` in one transaction on one connection: committed when it resolves, rolled back if it throws.
   * Tried again, whole, when PostgreSQL aborts it for a deadlock or a serialization failure. `begin` opens it
   * (`BEGIN READ WRITE`, or with `SET LOCAL` settings after it).
   */
  async transaction<T>(body: (client: Queryable) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let client: Pg.PoolClient;
      try {
        client = await this.#pool.connect();
      } catch (error) {
        throw this.failure(error, 'write');
      }
      // Lost between two queries (the server restarted): the next query fails and says so; unheard, the
      // connection's error event would end the process.
      const lost = () => undefined;
      client.on('error', lost);
      const queryable: Queryable = {
        query: async (sql, params = [], name) => {
          const result = await client.query(statement(sql, params, name));
          return { rows: result.rows, rowCount: result.rowCount ?? 0 };
        },
      };
      let broken: unknown;
      try {
        await client.query(begin);
        const result = await body(queryable);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((gone: unknown) => {
          // The connection is gone: it must not go back to the pool.
          broken = gone;
        });
        if (attempt < RETRIES && isRetryable(error)) continue;
        throw this.failure(error, 'write');
      } finally {
        client.off('error', lost);
        client.release(broken instanceof Error ? broken : undefined);
      }
    }
  }

  /** `error` in this package's terms, naming the database without its password. */
  failure(error: unknown, use: DatabaseUse): unknown {
    return toDatabaseError(error, this.shown, use, this.#password);
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}

/** A query as `pg` takes it: named (prepared once per connection) when `name` is given. */
function statement(text: string, params: readonly SqlValue[], name: string | undefined): Pg.QueryConfig {
  return name ? { name, text, values: params as unknown[] } : { text, values: params as unknown[] };
}

/** The password in `url`, where `pg` finds it: after the user name, or as `?password=`. */
function passwordOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    const password = parsed.searchParams.get('password') || decodeURIComponent(parsed.password);
    return password === '' ? undefined : password;
  } catch {
    return undefined;
  }
}

/** `url` with a server setting added to its `options` (`-c name=value`), after any it already has. */
function withOption(url: string, setting: string): string {
  const parsed = new URL(url);
  const own = parsed.searchParams.get('options');
  parsed.searchParams.set('options', own ? `${own} ${setting}` : setting);
  return parsed.href;
}
