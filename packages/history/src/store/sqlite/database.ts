import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DatabaseUse } from '../../errors.js';
import { type Driver, findDriver, missingDriver, type RawDatabase } from './drivers.js';
import { isSqlite, toDatabaseError, unreadableWal } from './errors.js';

export { builtinDriver, type Driver, findDriver, packageDriver } from './drivers.js';

/** A value SQLite takes or gives: no booleans and no `undefined` (both drivers refuse them). */
export type SqlValue = string | number | bigint | null | Uint8Array;
export type Row = Record<string, SqlValue>;
type Params = SqlValue[] | [Record<string, SqlValue>];

/** A prepared statement: the part of the API that `node:sqlite` and `better-sqlite3` share. */
export interface Statement {
  run(...params: Params): { changes: number | bigint };
  get(...params: Params): Row | undefined;
  all(...params: Params): Row[];
  /** Rows one at a time, for reading any number of them in constant memory. */
  iterate(...params: Params): IterableIterator<Row>;
}

/**
 * A SQLite database, whichever driver opened it. Synchronous, as both drivers are. Every failure of SQLite
 * comes out as a `HistoryDatabaseError` that names the file and says what to do.
 */
export interface Database {
  /** Which binding is in use: `node:sqlite` (Node 22.13+) or `better-sqlite3`. */
  readonly driver: Driver['name'];
  readonly file: string;
  /** Opened for reading only. */
  readonly readOnly: boolean;
  exec(sql: string): void;
  prepare(sql: string): Statement;
  /** Runs `fn` in one write transaction (`BEGIN IMMEDIATE`): committed when it returns, rolled back if it throws. */
  transaction<T>(fn: () => T): T;
  /** Never throws: every write was committed by its transaction, and a checkpoint left undone waits in the WAL. */
  close(): void;
}

export interface OpenOptions {
  /**
   * Only reads: opened with SQLite's read-only flag, creating nothing and changing no setting, so that it works
   * in a folder this user cannot write. The file must exist.
   */
  readOnly?: boolean | undefined;
  /** Where the driver comes from (tests). */
  drivers?: (() => Driver | undefined) | undefined;
}

/**
 * How long a writer waits for another before giving up: SQLite has one writer at a time, and two syncs of one
 * file take turns, a page each, rather than one failing with SQLITE_BUSY.
 */
const BUSY_TIMEOUT_MS = 10_000;
/**
 * SQLite's own default. A page commits with a dozen pages written to the WAL besides its rows (the last leaf of
 * the table and of each index, the cursor, the lease, the header): small pages keep that small. (Files of
 * schema 2, whose rows were ~2 KB of JSON, were made with 16 KB pages, and keep them.)
 */
const PAGE_SIZE = 4_096;
/**
 * The WAL is folded into the file (a checkpoint, with two fsyncs) once it holds this much: 16 MB, rather than
 * SQLite's 1,000 pages, whatever the page size, so that a long sync waits on the disk a few times, not dozens.
 */
const CHECKPOINT_BYTES = 16 * 1024 * 1024;

/**
 * Opens (creating it and its folder if need be) a SQLite database in WAL mode: readers never wait for the
 * writer, and a process killed mid-write leaves the last committed state. With `readOnly`, opens an existing
 * one as it is.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Database {
  const driver = (options.drivers ?? findDriver)();
  if (!driver) throw missingDriver();
  const readOnly = options.readOnly === true;
  const path = file === ':memory:' ? file : resolve(file);
  const use: DatabaseUse = readOnly ? 'read' : 'write';
  const guard = <T>(action: () => T): T => {
    try {
      return action();
    } catch (error) {
      throw toDatabaseError(error, path, use);
    }
  };
  const raw = readOnly ? openForReading(driver, path, guard) : openForWriting(driver, path, guard);
  return wrap(raw, driver.name, path, readOnly, guard);
}

type Guard = <T>(action: () => T) => T;

function openForWriting(driver: Driver, path: string, guard: Guard): RawDatabase {
  if (path !== ':memory:') guard(() => mkdirSync(dirname(path), { recursive: true }));
  const raw = guard(() => driver.open(path, { readOnly: false }));
  try {
    guard(() => {
      raw.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
      // Before WAL, as it can be chosen only then (a no-op on an existing database).
      raw.exec(`PRAGMA page_size = ${PAGE_SIZE}`);
      raw.exec('PRAGMA journal_mode = WAL');
      // With WAL, NORMAL loses nothing when the process dies; only a power cut can undo the last commits.
      raw.exec('PRAGMA synchronous = NORMAL');
      const pageSize = Number(raw.prepare('PRAGMA page_size').get()?.page_size) || PAGE_SIZE;
      raw.exec(`PRAGMA wal_autocheckpoint = ${Math.max(1_000, Math.round(CHECKPOINT_BYTES / pageSize))}`);
    });
  } catch (error) {
    quietly(() => raw.close());
    throw error;
  }
  return raw;
}

/**
 * Read-only. A WAL database needs its `-shm` file, which SQLite creates beside it; in a folder this user
 * cannot write, and with no `-wal` left to read (the last writer closed cleanly), it is opened `immutable`
 * instead, which needs no `-shm`.
 */
function openForReading(driver: Driver, path: string, guard: Guard): RawDatabase {
  const probe = (raw: RawDatabase) => {
    try {
      raw.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
      // The first read is what opens the WAL, and so what fails in a read-only folder.
      raw.prepare('SELECT COUNT(*) AS n FROM sqlite_master').get();
    } catch (error) {
      quietly(() => raw.close());
      throw error;
    }
    return raw;
  };
  try {
    return probe(driver.open(path, { readOnly: true }));
  } catch (error) {
    if (!isSqlite(error, 'READONLY', 'CANTOPEN')) throw toDatabaseError(error, path, 'read');
    if (walHolds(path)) throw unreadableWal(path, error);
  }
  return guard(() => probe(driver.open(path, { readOnly: true, immutable: true })));
}

/** Whether commits wait in the `-wal` file, which an `immutable` connection would not see. */
function walHolds(path: string): boolean {
  try {
    return statSync(`${path}-wal`).size > 0;
  } catch {
    return false;
  }
}

function wrap(
  raw: RawDatabase,
  driver: Driver['name'],
  file: string,
  readOnly: boolean,
  guard: Guard,
): Database {
  let depth = 0;
  return {
    driver,
    file,
    readOnly,
    exec: (sql) => guard(() => void raw.exec(sql)),
    prepare: (sql) =>
      statement(
        guard(() => raw.prepare(sql)),
        guard,
      ),
    transaction<T>(fn: () => T): T {
      if (depth > 0) return fn();
      guard(() => raw.exec('BEGIN IMMEDIATE'));
      depth++;
      try {
        const result = fn();
        guard(() => raw.exec('COMMIT'));
        return result;
      } catch (error) {
        // SQLite rolls back on its own after some failures (a full disk, say); a ROLLBACK then fails with
        // "cannot rollback - no transaction is active", which must not take the place of the real error.
        quietly(() => raw.exec('ROLLBACK'));
        throw error;
      } finally {
        depth--;
      }
    },
    close: () => quietly(() => raw.close()),
  };
}

function statement(raw: Statement, guard: Guard): Statement {
  return {
    run: (...params) => guard(() => raw.run(...params)),
    get: (...params) => guard(() => raw.get(...params)),
    all: (...params) => guard(() => raw.all(...params)),
    iterate(...params) {
      const rows = guard(() => raw.iterate(...params));
      const iterator: IterableIterator<Row> = {
        next: () => guard(() => rows.next()),
        return: (value?: unknown) => guard(() => rows.return?.(value) ?? { done: true, value: undefined }),
        [Symbol.iterator]: () => iterator,
      };
      return iterator;
    },
  };
}

/** Runs a clean-up whose failure must not hide the error already on its way. */
function quietly(action: () => unknown): void {
  try {
    action();
  } catch {
    // The error that led here is the one to report.
  }
}
