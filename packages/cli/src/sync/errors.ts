import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DatabaseProblem, HistoryDatabaseError, HistoryError } from '@monzo-ts/history';
import { CliError } from '../errors.js';

/**
 * A failure of the local history's database, in the CLI's words: names the file, says what happened and which
 * `monzo` command to run next. `code` is the driver's own (`SQLITE_FULL`, `SQLITE_NOTADB`…) or the errno.
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

/**
 * `error` as the CLI says it: a `HistoryError` of `@monzo-ts/history` becomes a `CliError` (a
 * `DatabaseError` for the database's own failures) whose advice names `monzo` commands and `--db`; anything
 * else is returned as it is.
 */
export function toCliError(error: unknown): unknown {
  if (error instanceof HistoryDatabaseError) {
    // A PostgreSQL server's advice is about the server and its URL, which no file advice fits.
    const hint = /^postgres(ql)?:\/\//i.test(error.location)
      ? (error.hint ?? 'try again')
      : databaseHint(error.problem, error.location, error.use);
    return new DatabaseError(error.location, error.problem, error.driverCode, error.message, hint, error);
  }
  if (!(error instanceof HistoryError)) return error;
  switch (error.code) {
    case 'NO_SQLITE':
      return new CliError(
        error.message,
        `run \`npm install --prefix "${packageRoot()}" --no-save better-sqlite3\`, or use Node 22.13 or later`,
      );
    case 'NEWER_SCHEMA':
      return new CliError(
        error.message,
        'update the CLI to the newest version (see its README, "Installing"), or pass another --db FILE',
      );
    case 'RECENT_REFUSED':
      return new CliError(
        error.message,
        "check this computer's clock, or run `monzo login`: it syncs at once",
      );
    case 'LEASED':
      return new CliError(
        error.message,
        'wait for the other `monzo sync` to finish, then run it again (a killed one frees the account within 30 s)',
      );
    case 'LEASE_LOST':
      return new CliError(error.message, 'nothing was doubled: run `monzo sync` again');
    case 'PAGINATION':
      return new CliError(
        error.message,
        'check --api-url (or MONZO_API_URL): it does not answer as Monzo’s API does',
      );
    default:
      return new CliError(error.message, error.hint);
  }
}

/** Runs `action`, turning a `HistoryError` it throws into the CLI's own. */
export async function asCli<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw toCliError(error);
  }
}

/** What to do about a database failure, in `monzo` commands. */
function databaseHint(problem: DatabaseProblem, file: string, use: 'read' | 'write'): string {
  const again =
    use === 'write' ? 'run `monzo sync` again: it continues from the last page it saved' : 'try again';
  const name = basename(file);
  switch (problem) {
    case 'full':
      return `free some space on that disk (or pass --db FILE on another one), then ${again}`;
    case 'read-only':
      return (
        `let this user write ${file}, its folder ${dirname(file)} and any ${name}-wal and ${name}-shm ` +
        `beside it (see \`ls -l\`), or pass --db FILE in a folder you can write, then ${again}`
      );
    case 'unreadable-wal':
      return (
        `let this user write ${dirname(file)}, or run \`monzo sync\` once as the user who owns it (closing folds ` +
        'the -wal into the file), or copy the file with its -wal elsewhere and pass --db'
      );
    case 'busy':
      return `wait for the other sync to finish, then ${again}`;
    case 'damaged':
      return (
        'if --db or MONZO_DB names the wrong file, name the right one; else move it aside with any ' +
        `-wal and -shm file beside it (mv "${file}" "${file}.damaged"), then run \`monzo sync\` to rebuild it ` +
        '(right after `monzo login` it takes the whole history)'
      );
    case 'cannot-open':
      return `check that ${file} is a file (not a folder) in a folder this user can read and write, or pass --db FILE`;
    case 'io':
      return `check the disk (free space, a removed drive or network share, errors in the system log), then ${again}`;
    default:
      return `${again}; if it fails the same way, move ${file} aside and run \`monzo sync\` to rebuild it`;
  }
}

/** The folder of this package, where `better-sqlite3` must be for `@monzo-ts/history` under it to find it. */
function packageRoot(): string {
  // src/sync/errors.ts in development, dist/<chunk>.js once built: the package is the folder above either.
  const here = dirname(fileURLToPath(import.meta.url));
  return here.endsWith('sync') ? resolve(here, '../..') : resolve(here, '..');
}
