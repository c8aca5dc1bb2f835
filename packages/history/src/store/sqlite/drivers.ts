import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { HistoryError } from '../../errors.js';
import type { Statement } from './database.js';

/** A connection as a driver gives it: the part of the API that `node:sqlite` and `better-sqlite3` share. */
export interface RawDatabase {
  exec(sql: string): unknown;
  prepare(sql: string): Statement;
  close(): unknown;
}

export interface RawOpenOptions {
  /** Opened with SQLite's read-only flag: nothing can be written, not even a new file. */
  readOnly: boolean;
  /**
   * Read-only, and the file promised not to change while open (SQLite's `immutable=1`): no lock and no `-shm`
   * file, which is how a WAL database in a folder this user cannot write can still be read.
   */
  immutable?: boolean;
}

/** A way to open a SQLite file: Node's own module, or the `better-sqlite3` package. */
export interface Driver {
  name: 'node:sqlite' | 'better-sqlite3';
  open(file: string, options: RawOpenOptions): RawDatabase;
}

/** `node:sqlite` where this Node has it (with `iterate`, 22.13+), else `better-sqlite3` if it installed. */
export function findDriver(): Driver | undefined {
  return builtinDriver() ?? packageDriver();
}

interface NodeSqlite {
  DatabaseSync: new (path: string, options?: { readOnly?: boolean }) => RawDatabase;
  StatementSync: { prototype: { iterate?: unknown } };
}

export function builtinDriver(): Driver | undefined {
  const load = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  if (!load) return undefined;
  const sqlite = quietly(() => load('node:sqlite')) as NodeSqlite | undefined;
  if (!sqlite || typeof sqlite.StatementSync?.prototype.iterate !== 'function') return undefined;
  return {
    name: 'node:sqlite',
    open: (path, options) => new sqlite.DatabaseSync(target(path, options), { readOnly: options.readOnly }),
  };
}

type BetterSqliteClass = new (
  path: string,
  options?: { readonly?: boolean; fileMustExist?: boolean },
) => RawDatabase;

export function packageDriver(): Driver | undefined {
  let BetterSqlite: BetterSqliteClass;
  try {
    BetterSqlite = withUris(() => {
      const loaded = createRequire(import.meta.url)('better-sqlite3') as BetterSqliteClass;
      // `require` succeeds without the native part; opening a database is what loads it.
      new loaded(':memory:').close();
      return loaded;
    });
  } catch {
    return undefined;
  }
  return {
    name: 'better-sqlite3',
    open: (path, options) =>
      new BetterSqlite(target(path, options), {
        readonly: options.readOnly,
        fileMustExist: options.readOnly,
      }),
  };
}

/** The name to open: the path itself, or for `immutable` a `file:` URI (both drivers read URIs then). */
function target(path: string, options: RawOpenOptions): string {
  return options.immutable ? `${pathToFileURL(path).href}?immutable=1` : path;
}

/**
 * better-sqlite3 reads `file:` URIs only if `SQLITE_USE_URI=1` is in the environment when its native part
 * loads (at the first database opened), which happens once; set just for that moment, so that no child process inherits it. Every path this
 * package opens otherwise is absolute, so none is mistaken for a URI.
 */
function withUris<T>(load: () => T): T {
  const before = process.env.SQLITE_USE_URI;
  process.env.SQLITE_USE_URI = '1';
  try {
    return load();
  } finally {
    if (before === undefined) delete process.env.SQLITE_USE_URI;
    else process.env.SQLITE_USE_URI = before;
  }
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

/** Neither binding: what to install, or which Node has SQLite built in. */
export function missingDriver(): HistoryError {
  return new HistoryError(
    'NO_SQLITE',
    `the local history needs SQLite: Node ${process.version} has no node:sqlite (22.13 and later do), and the ` +
      'optional better-sqlite3 package is not installed (it is built from source when no prebuilt binary fits, ' +
      'which needs python3, make and a C++ compiler)',
    'install better-sqlite3 beside @monzo-ts/history (`npm install better-sqlite3`), or use Node 22.13 or later',
  );
}

/**
 * Which SQLite binding this process would use, `undefined` when there is none (then a SQLite history cannot
 * be opened, and `openHistory` says what to install): for an application that syncs only where it can.
 */
export function sqliteDriverName(): Driver['name'] | undefined {
  return findDriver()?.name;
}
