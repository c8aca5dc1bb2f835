import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError } from '../errors.js';

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

/** A SQLite database, whichever driver opened it. Synchronous, as both drivers are. */
export interface Database {
  /** Which binding is in use: `node:sqlite` (Node 22.13+) or `better-sqlite3`. */
  readonly driver: Driver['name'];
  readonly file: string;
  exec(sql: string): void;
  prepare(sql: string): Statement;
  /** Runs `fn` in one write transaction (`BEGIN IMMEDIATE`): committed when it returns, rolled back if it throws. */
  transaction<T>(fn: () => T): T;
  close(): void;
}

interface RawDatabase {
  exec(sql: string): unknown;
  prepare(sql: string): Statement;
  close(): unknown;
}

/** A way to open a SQLite file: Node's own module, or the `better-sqlite3` package. */
export interface Driver {
  name: 'node:sqlite' | 'better-sqlite3';
  open(file: string): RawDatabase;
}

/** How long a writer waits for another (two `monzo sync` at once) before giving up. */
const BUSY_TIMEOUT_MS = 10_000;
const PAGE_SIZE = 16_384;

/**
 * Opens (creating it and its folder if need be) a SQLite database in WAL mode: readers never wait for the
 * writer, and a process killed mid-write leaves the last committed state. `drivers` is for tests.
 */
export function openDatabase(file: string, drivers: () => Driver | undefined = findDriver): Database {
  const driver = drivers();
  if (!driver) throw missingDriver();
  const path = file === ':memory:' ? file : resolve(file);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let raw: RawDatabase;
  try {
    raw = driver.open(path);
  } catch (error) {
    throw new CliError(
      `could not open the database ${path}: ${(error as Error).message}`,
      'check the path and its permissions, or pass another --db FILE',
    );
  }
  raw.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // Before WAL, as it can be chosen only then (a no-op on an existing database): a transaction's JSON is ~2 KB,
  // and 4 KB pages, which hold one or two, leave a third of the file empty.
  raw.exec(`PRAGMA page_size = ${PAGE_SIZE}`);
  raw.exec('PRAGMA journal_mode = WAL');
  // With WAL, NORMAL loses nothing when the process dies; only a power cut can undo the last commits.
  raw.exec('PRAGMA synchronous = NORMAL');
  let depth = 0;
  return {
    driver: driver.name,
    file: path,
    exec: (sql) => void raw.exec(sql),
    prepare: (sql) => raw.prepare(sql),
    transaction<T>(fn: () => T): T {
      if (depth > 0) return fn();
      raw.exec('BEGIN IMMEDIATE');
      depth++;
      try {
        const result = fn();
        raw.exec('COMMIT');
        return result;
      } catch (error) {
        raw.exec('ROLLBACK');
        throw error;
      } finally {
        depth--;
      }
    },
    close: () => void raw.close(),
  };
}

/** `node:sqlite` where this Node has it (with `iterate`, 22.13+), else `better-sqlite3` if it installed. */
export function findDriver(): Driver | undefined {
  return builtinDriver() ?? packageDriver();
}

interface NodeSqlite {
  DatabaseSync: new (path: string) => RawDatabase;
  StatementSync: { prototype: { iterate?: unknown } };
}

export function builtinDriver(): Driver | undefined {
  const load = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  if (!load) return undefined;
  const sqlite = quietly(() => load('node:sqlite')) as NodeSqlite | undefined;
  if (!sqlite || typeof sqlite.StatementSync?.prototype.iterate !== 'function') return undefined;
  return { name: 'node:sqlite', open: (path) => new sqlite.DatabaseSync(path) };
}

export function packageDriver(): Driver | undefined {
  let BetterSqlite: new (path: string) => RawDatabase;
  try {
    BetterSqlite = createRequire(import.meta.url)('better-sqlite3');
    // `require` succeeds without the native part; opening a database is what loads it.
    new BetterSqlite(':memory:').close();
  } catch {
    return undefined;
  }
  return { name: 'better-sqlite3', open: (path) => new BetterSqlite(path) };
}

/** Loads without Node's "SQLite is an experimental feature" warning, which would land on every command's stderr. */
function quietly<T>(load: () => T): T | undefined {
  const emit = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (/sqlite/i.test(text)) return;
    (emit as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return load();
  } catch {
    return undefined;
  } finally {
    process.emitWarning = emit;
  }
}

/** The folder of this package, where `better-sqlite3` must be for `require` to find it. */
function packageRoot(): string {
  // src/sync/database.ts in development, dist/bin.js once built: the package is the folder above either.
  const here = dirname(fileURLToPath(import.meta.url));
  return here.endsWith('sync') ? resolve(here, '../..') : resolve(here, '..');
}

function missingDriver(): CliError {
  return new CliError(
    `the local history needs SQLite: Node ${process.version} has no node:sqlite (22.13 and later do), and the ` +
      'optional better-sqlite3 package is not installed (it is built from source when no prebuilt binary fits, ' +
      'which needs python3, make and a C++ compiler)',
    `run \`npm install --prefix "${packageRoot()}" --no-save better-sqlite3\`, or use Node 22.13 or later`,
  );
}
