import { basename, dirname } from 'node:path';
import { type DatabaseProblem, type DatabaseUse, HistoryDatabaseError } from '../../errors.js';

/** SQLite's primary result codes (the low byte of an extended code), by number, as node:sqlite gives them. */
const PRIMARY: Record<number, string> = {
  1: 'ERROR',
  3: 'PERM',
  5: 'BUSY',
  6: 'LOCKED',
  7: 'NOMEM',
  8: 'READONLY',
  10: 'IOERR',
  11: 'CORRUPT',
  13: 'FULL',
  14: 'CANTOPEN',
  23: 'AUTH',
  26: 'NOTADB',
};

const PROBLEM_OF: Record<string, DatabaseProblem> = {
  FULL: 'full',
  READONLY: 'read-only',
  PERM: 'read-only',
  AUTH: 'read-only',
  BUSY: 'busy',
  LOCKED: 'busy',
  CORRUPT: 'damaged',
  NOTADB: 'damaged',
  CANTOPEN: 'cannot-open',
  IOERR: 'io',
  ENOSPC: 'full',
  EDQUOT: 'full',
  EACCES: 'read-only',
  EPERM: 'read-only',
  EROFS: 'read-only',
  ENOTDIR: 'cannot-open',
  EEXIST: 'cannot-open',
  EISDIR: 'cannot-open',
  ENOENT: 'cannot-open',
  EIO: 'io',
};

/**
 * The code of a SQLite error from either driver (`SQLITE_READONLY_DIRECTORY`), or `undefined` for anything
 * else: better-sqlite3 throws a `SqliteError` whose `code` is the extended name, node:sqlite an `Error` with
 * `code: 'ERR_SQLITE_ERROR'` and the extended number in `errcode`.
 */
export function sqliteCode(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, errcode } = error as { code?: unknown; errcode?: unknown };
  if (typeof code === 'string' && code.startsWith('SQLITE_')) return code;
  if (code === 'ERR_SQLITE_ERROR' && typeof errcode === 'number') {
    const primary = PRIMARY[errcode & 0xff];
    return primary ? `SQLITE_${primary}` : `SQLITE_${errcode}`;
  }
  return undefined;
}

/** `SQLITE_READONLY_DIRECTORY` → `READONLY`; `ENOSPC` stays `ENOSPC`. */
function primaryOf(code: string): string {
  return code.startsWith('SQLITE_') ? (code.slice('SQLITE_'.length).split('_')[0] ?? '') : code;
}

/** Whether `error` is a SQLite error whose primary code is one of `names` (`'READONLY'`, `'CANTOPEN'`…). */
export function isSqlite(error: unknown, ...names: string[]): boolean {
  const code = sqliteCode(error);
  return code !== undefined && names.includes(primaryOf(code));
}

/**
 * `error` as a `HistoryDatabaseError` naming `file` when it is a SQLite error or a file system one (`mkdir` of
 * the folder); anything else (a `HistoryError` thrown inside a transaction, say) is returned as it is.
 */
export function toDatabaseError(error: unknown, file: string, use: DatabaseUse): unknown {
  if (error instanceof HistoryDatabaseError) return error;
  const sqlite = sqliteCode(error);
  const errno = (error as { code?: unknown } | null)?.code;
  const code = sqlite ?? (typeof errno === 'string' && /^E[A-Z]+$/.test(errno) ? errno : undefined);
  if (!code) return error;
  const problem = PROBLEM_OF[primaryOf(code)] ?? 'other';
  const text = (error as Error).message;
  const said = text.startsWith(code) ? text : `${code}: ${text}`;
  return databaseError(file, problem, code, use, said, error);
}

/**
 * The error for a problem, in this package's words. The messages say what happened to the file; the hints say
 * what to do in terms of this package (an application maps `problem` to its own commands).
 */
export function databaseError(
  file: string,
  problem: DatabaseProblem,
  code: string,
  use: DatabaseUse,
  said: string,
  cause?: unknown,
): HistoryDatabaseError {
  const { message, hint } = advice(problem, file, use, said);
  return new HistoryDatabaseError(file, problem, code, use, said, message, hint, cause);
}

function advice(
  problem: DatabaseProblem,
  file: string,
  use: DatabaseUse,
  said: string,
): { message: string; hint: string } {
  const again = use === 'write' ? 'sync again: it continues from the last page it saved' : 'try again';
  const name = basename(file);
  switch (problem) {
    case 'full':
      return {
        message: `the disk holding the local history ${file} is full (${said})`,
        hint: `free some space on that disk (or keep the history on another one), then ${again}`,
      };
    case 'read-only':
      return {
        message: `cannot write the local history ${file}: the file or its folder is read-only to this user (${said})`,
        hint:
          `let this user write ${file}, its folder ${dirname(file)} and any ${name}-wal and ${name}-shm ` +
          `beside it (see \`ls -l\`), or keep the history in a folder this user can write, then ${again}`,
      };
    case 'unreadable-wal':
      return {
        message:
          `cannot read the local history ${file}: its last commits are in ${name}-wal, and SQLite needs to create ` +
          `${name}-shm beside it to read them, in a folder this user cannot write (${said})`,
        hint:
          `let this user write ${dirname(file)}, or open it once for writing as the user who owns it (closing ` +
          'folds the -wal into the file), or copy the file with its -wal elsewhere and read that',
      };
    case 'busy':
      return {
        message: `the local history ${file} is locked by another process, most likely another sync (${said})`,
        hint: `wait for the other sync to finish, then ${again}`,
      };
    case 'damaged':
      return {
        message: `${file} is not a SQLite database, or it is damaged (${said})`,
        hint:
          `if that is the wrong file, open the right one; else move it aside with any -wal and -shm file beside ` +
          `it (mv "${file}" "${file}.damaged"), then sync to rebuild it (right after a login it takes the whole ` +
          'history)',
      };
    case 'cannot-open':
      return {
        message: `cannot open the local history ${file} (${said})`,
        hint: `check that ${file} is a file (not a folder) in a folder this user can read and write`,
      };
    case 'io':
      return {
        message: `could not read or write the local history ${file}: the disk reported an error (${said})`,
        hint: `check the disk (free space, a removed drive or network share, errors in the system log), then ${again}`,
      };
    default:
      return {
        message: `the local history ${file} failed (${said})`,
        hint: `${again}; if it fails the same way, move ${file} aside and sync again to rebuild it`,
      };
  }
}

/**
 * A row whose JSON does not parse, or does not fit its shape: the file was changed by something other than this
 * package. `column` names where (`transactions.body`).
 */
export function damagedRow(file: string, column: string, error: unknown): HistoryDatabaseError {
  const said = `${column}: ${error instanceof Error ? error.message : String(error)}`;
  return databaseError(file, 'damaged', 'BAD_JSON', 'read', said, error);
}

/**
 * A WAL database whose -wal holds commits, in a folder this user cannot write: SQLite cannot make the -shm it
 * needs to read them, and reading the file without them would show an older history.
 */
export function unreadableWal(file: string, error: unknown): HistoryDatabaseError {
  const code = sqliteCode(error) ?? 'SQLITE_CANTOPEN';
  return databaseError(file, 'unreadable-wal', code, 'read', code, error);
}
