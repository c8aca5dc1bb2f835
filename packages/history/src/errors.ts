/**
 * What went wrong, as a code a program can act on: the message says it in words, `hint` what to do, in terms of
 * this package (an application such as the `monzo` CLI maps the code to its own wording).
 */
export type HistoryErrorCode =
  /** No SQLite binding: Node before 22.13 and no `better-sqlite3` installed. */
  | 'NO_SQLITE'
  /** A read-only open of a history that does not exist. */
  | 'NOT_FOUND'
  /** The database was written by a newer version of this package. */
  | 'NEWER_SCHEMA'
  /** The database (or the file system under it) failed: `HistoryDatabaseError.problem` says how. */
  | 'DATABASE'
  /** Another sync holds the account's lease, and the wait for it ran out. */
  | 'LEASED'
  /** This sync's lease on an account expired and another sync took it: this one stopped writing. */
  | 'LEASE_LOST'
  /** Monzo refused even the last 90 days: the clocks disagree, or the login is gone. */
  | 'RECENT_REFUSED'
  /** Monzo's pages of transactions did not move on (a server that ignores `since`). */
  | 'PAGINATION'
  /** A location that is neither a file path nor a `postgres://` URL, or a store this build cannot open. */
  | 'BAD_LOCATION'
  /** An option out of range. */
  | 'BAD_OPTION';

/** Every failure of this package that is not Monzo's own (those come through as the SDK's errors). */
export class HistoryError extends Error {
  override name = 'HistoryError';
  constructor(
    readonly code: HistoryErrorCode,
    message: string,
    /** What to do about it. */
    readonly hint?: string,
    cause?: unknown,
  ) {
    super(message);
    // Not enumerable, as the standard `cause` is: JSON output and logs show the explanation, not the raw error.
    if (cause !== undefined) Object.defineProperty(this, 'cause', { value: cause, configurable: true });
  }
}

/** What went wrong with the database, in the terms of what the person can do about it. */
export type DatabaseProblem =
  | 'full'
  | 'read-only'
  /** A WAL database whose `-wal` holds commits, in a folder where this user cannot create its `-shm`. */
  | 'unreadable-wal'
  | 'busy'
  | 'damaged'
  | 'cannot-open'
  | 'io'
  | 'other';

/** Whether the failing connection only reads or writes: the advice differs. */
export type DatabaseUse = 'read' | 'write';

/**
 * The database failed: names it (`location`: the file, or the URL without its password), says what happened
 * (`problem`) and what to do. `driverCode` is the driver's own code (`SQLITE_FULL`, `SQLITE_NOTADB`, a
 * PostgreSQL SQLSTATE) or the errno (`ENOSPC`…); `detail` is that code with the driver's message, and the
 * original error is `cause`.
 */
export class HistoryDatabaseError extends HistoryError {
  override name = 'HistoryDatabaseError';
  constructor(
    readonly location: string,
    readonly problem: DatabaseProblem,
    readonly driverCode: string,
    readonly use: DatabaseUse,
    readonly detail: string,
    message: string,
    hint: string,
    cause?: unknown,
  ) {
    super('DATABASE', message, hint, cause);
  }
}

/** Whether `error` is a `HistoryError`, with this `code` if given. */
export function isHistoryError(error: unknown, code?: HistoryErrorCode): error is HistoryError {
  return error instanceof HistoryError && (code === undefined || error.code === code);
}

/** A sync's lease ran out and another sync took the account over: the first must stop writing it (any store). */
export function leaseLost(accountId: string, owner: string): HistoryError {
  return new HistoryError(
    'LEASE_LOST',
    `the sync of ${accountId} by ${owner} lost its lease: it was held up longer than the lease lasts, and another sync took the account over`,
    'nothing was doubled: sync again (or leave it to the other sync); if this recurs, give leases a longer ttl',
  );
}
