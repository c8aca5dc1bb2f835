import { basename, dirname } from 'node:path';
import { CliError } from '../errors.js';

/** What went wrong with the local history's file, in the terms of what the person can do about it. */
export type DatabaseProblem = 'full' | 'read-only' | 'busy' | 'damaged' | 'cannot-open' | 'io' | 'other';

/** Whether the failing connection only reads (`--offline`) or writes (`monzo sync`): the advice differs. */
export type DatabaseUse = 'read' | 'write';

/**
 * A SQLite (or file system) failure of the local history: names the file, says what happened and what to do.
 * `code` is SQLite's own (`SQLITE_FULL`, `SQLITE_NOTADB`…) or the errno (`ENOSPC`…); the original is `cause`.
 */
export class DatabaseError extends CliError {
  override name = 'DatabaseError';
  constructor(
    readonly file: string,
    readonly problem: DatabaseProblem,
    readonly code: string,
    message: string,
    hint: string,
    cause?: unknown,
  ) {
    super(message, hint);
    // Not enumerable, as the standard `cause` is: JSON output and logs show the explanation, not the raw error.
    if (cause !== undefined) Object.defineProperty(this, 'cause', { value: cause, configurable: true });
  }
}

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
 * `error` as a `DatabaseError` naming `file` when it is a SQLite error or a file system one (`mkdir` of the
 * folder); anything else (a `CliError` thrown inside a transaction, say) is returned as it is.
 */
export function toDatabaseError(error: unknown, file: string, use: DatabaseUse): unknown {
  if (error instanceof DatabaseError) return error;
  const sqlite = sqliteCode(error);
  const errno = (error as { code?: unknown } | null)?.code;
  const code = sqlite ?? (typeof errno === 'string' && /^E[A-Z]+$/.test(errno) ? errno : undefined);
  if (!code) return error;
  const problem = PROBLEM_OF[primaryOf(code)] ?? 'other';
  const text = (error as Error).message;
  const said = text.startsWith(code) ? text : `${code}: ${text}`;
  const { message, hint } = advice(problem, file, use, said);
  return new DatabaseError(file, problem, code, message, hint, error);
}

function advice(
  problem: DatabaseProblem,
  file: string,
  use: DatabaseUse,
  said: string,
): { message: string; hint: string } {
  const again =
    use === 'write' ? 'run `monzo sync` again: it continues from the last page it saved' : 'try again';
  const name = basename(file);
  switch (problem) {
    case 'full':
      return {
        message: `the disk holding the local history ${file} is full (${said})`,
        hint: `free some space on that disk (or pass --db FILE on another one), then ${again}`,
      };
    case 'read-only':
      return {
        message: `cannot write the local history ${file}: the file or its folder is read-only to this user (${said})`,
        hint:
          `let this user write ${file}, its folder ${dirname(file)} and any ${name}-wal and ${name}-shm ` +
          `beside it (see \`ls -l\`), or pass --db FILE in a folder you can write, then ${again}`,
      };
    case 'busy':
      return {
        message: `the local history ${file} is locked by another process, most likely another \`monzo sync\` (${said})`,
        hint: `wait for the other sync to finish, then ${again}`,
      };
    case 'damaged':
      return {
        message: `${file} is not a SQLite database, or it is damaged (${said})`,
        hint:
          `if --db or MONZO_DB names the wrong file, name the right one; else move it aside with any ` +
          `-wal and -shm file beside it (mv "${file}" "${file}.damaged"), then run \`monzo sync\` to rebuild it ` +
          '(right after `monzo login` it takes the whole history)',
      };
    case 'cannot-open':
      return {
        message: `cannot open the local history ${file} (${said})`,
        hint: `check that ${file} is a file (not a folder) in a folder this user can read and write, or pass --db FILE`,
      };
    case 'io':
      return {
        message: `could not read or write the local history ${file}: the disk reported an error (${said})`,
        hint: `check the disk (free space, a removed drive or network share, errors in the system log), then ${again}`,
      };
    default:
      return {
        message: `the local history ${file} failed (${said})`,
        hint: `${again}; if it fails the same way, move ${file} aside and run \`monzo sync\` to rebuild it`,
      };
  }
}

/** A row whose JSON does not parse: the file was changed by something other than `monzo sync`. */
export function damagedRow(file: string, table: string, error: unknown): DatabaseError {
  const said = `${table}.json: ${error instanceof Error ? error.message : String(error)}`;
  const { message, hint } = advice('damaged', file, 'read', said);
  return new DatabaseError(file, 'damaged', 'BAD_JSON', message, hint, error);
}

/**
 * A WAL database whose -wal holds commits, in a folder this user cannot write: SQLite cannot make the -shm it
 * needs to read them, and reading the file without them would show an older history.
 */
export function unreadableWal(file: string, error: unknown): DatabaseError {
  const code = sqliteCode(error) ?? 'SQLITE_CANTOPEN';
  const name = basename(file);
  return new DatabaseError(
    file,
    'read-only',
    code,
    `cannot read the local history ${file}: its last commits are in ${name}-wal, and SQLite needs to create ` +
      `${name}-shm beside it to read them, in a folder this user cannot write (${code})`,
    `let this user write ${dirname(file)}, or run \`monzo sync\` once as the user who owns it (closing folds ` +
      'the -wal into the file), or copy the file with its -wal elsewhere and pass --db',
    error,
  );
}
