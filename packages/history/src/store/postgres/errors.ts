import { type DatabaseProblem, type DatabaseUse, HistoryDatabaseError } from '../../errors.js';

/**
 * PostgreSQL's failures as `HistoryDatabaseError`s that name the database by its URL without the password and
 * say what to do. Codes are SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html), by
 * their class where the class says enough; connection failures come from Node as errnos (`ECONNREFUSED`).
 */
const PROBLEM_OF: Record<string, DatabaseProblem> = {
  // No connection made: the server refused it or was not found (08001, 08004, 57P03: starting up), the login
  // was refused (class 28: a wrong user or password), or there is no such database (3D000).
  '08001': 'cannot-open',
  '08004': 'cannot-open',
  '57P03': 'cannot-open',
  '28': 'cannot-open',
  '3D000': 'cannot-open',
  ECONNREFUSED: 'cannot-open',
  ENOTFOUND: 'cannot-open',
  EAI_AGAIN: 'cannot-open',
  ETIMEDOUT: 'cannot-open',
  EHOSTUNREACH: 'cannot-open',
  ENETUNREACH: 'cannot-open',
  // A connection lost on the way (the rest of class 08; 57P01 and 57P02, ended by the server or an
  // administrator), or an I/O error of the server's own (58030).
  '08': 'io',
  '57P01': 'io',
  '57P02': 'io',
  ECONNRESET: 'io',
  EPIPE: 'io',
  '58030': 'io',
  // Disk full; out of memory; too many connections.
  '53100': 'full',
  '53200': 'busy',
  '53300': 'busy',
  // A read-only transaction (a replica, or a history opened to read); a missing privilege.
  '25006': 'read-only',
  '42501': 'read-only',
  // Serialization failure, deadlock, lock not available, statement timeout.
  '40001': 'busy',
  '40P01': 'busy',
  '55P03': 'busy',
  '57014': 'busy',
  // Data corrupted, index corrupted.
  XX001: 'damaged',
  XX002: 'damaged',
};

/** The SQLSTATE of a server error (five characters), or the errno of a socket one; `undefined` otherwise. */
export function postgresCode(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code } = error as { code?: unknown };
  if (typeof code !== 'string') return undefined;
  return /^[0-9A-Z]{5}$/.test(code) || /^E[A-Z_]+$/.test(code) ? code : undefined;
}

/** Whether a transaction that failed with `error` may simply run again (a deadlock, a serialization failure). */
export function isRetryable(error: unknown): boolean {
  const code = postgresCode(error);
  return code === '40001' || code === '40P01';
}

/**
 * `error` as a `HistoryDatabaseError` naming `shown` (the URL without its password) when it is PostgreSQL's or
 * the connection's; anything else (a `HistoryError` thrown inside a transaction) is returned as it is. Should
 * the driver's text ever repeat the password, it is masked.
 */
export function toDatabaseError(error: unknown, shown: string, use: DatabaseUse, password?: string): unknown {
  if (error instanceof HistoryDatabaseError) return error;
  const message = error instanceof Error ? error.message : '';
  const code = postgresCode(error) ?? ownCode(message);
  if (!code) return error;
  const problem = PROBLEM_OF[code] ?? PROBLEM_OF[code.slice(0, 2)] ?? 'other';
  let said = message.startsWith(code) ? message : `${code}: ${message}`;
  if (password) said = said.replaceAll(password, '***');
  const { text, hint } = advice(problem, code, shown, use, said);
  return new HistoryDatabaseError(shown, problem, code, use, said, text, hint, error);
}

/**
 * pg's own errors about the connection carry no code, only words: a connect that timed out, or a connection
 * that ended (`Connection terminated unexpectedly`, `Client has encountered a connection error and is not
 * queryable`); named here as the errno they amount to.
 */
function ownCode(message: string): string | undefined {
  if (/timeout/i.test(message)) return 'ETIMEDOUT';
  if (/^Connection terminated|connection error|not queryable/i.test(message)) return 'ECONNRESET';
  return undefined;
}

function advice(
  problem: DatabaseProblem,
  code: string,
  shown: string,
  use: DatabaseUse,
  said: string,
): { text: string; hint: string } {
  const again = use === 'write' ? 'sync again: it continues from the last page it saved' : 'try again';
  switch (problem) {
    case 'cannot-open':
      return { text: `cannot connect to the PostgreSQL history ${shown} (${said})`, hint: connectHint(code) };
    case 'full':
      return {
        text: `the PostgreSQL server of the history ${shown} is out of disk space (${said})`,
        hint: `free some space on the database server, then ${again}`,
      };
    case 'read-only':
      return {
        text: `cannot write the PostgreSQL history ${shown}: this user or this server only reads (${said})`,
        hint:
          'connect as a user that may create tables and write rows in that database (GRANT CREATE, INSERT, ' +
          `UPDATE, DELETE), to the primary rather than a replica, then ${again}`,
      };
    case 'busy':
      return {
        text: `the PostgreSQL history ${shown} is busy (${said})`,
        hint: `${again}; if it keeps happening, look for long transactions in pg_stat_activity`,
      };
    case 'damaged':
      return {
        text: `the PostgreSQL server reports damaged data in the history ${shown} (${said})`,
        hint: "check the server's log and restore the database from a backup, or sync into a new database",
      };
    case 'io':
      return code === '58030'
        ? {
            text: `the PostgreSQL server of the history ${shown} could not read or write its disk (${said})`,
            hint: `check the database server's disk and log, then ${again}`,
          }
        : {
            text: `lost the connection to the PostgreSQL history ${shown} (${said})`,
            hint: `check that the server still runs and can be reached, then ${again}`,
          };
    default:
      return { text: `the PostgreSQL history ${shown} failed (${said})`, hint: again };
  }
}

/** What to check when the server cannot be reached or refuses the login. */
function connectHint(code: string): string {
  if (code === '3D000') {
    return 'create the database first (createdb NAME, or CREATE DATABASE name; as a user that may), or fix its name in the URL';
  }
  if (code.startsWith('28')) {
    return 'check the user and password in the URL (postgres://user:password@host/database), and that pg_hba.conf lets this user in from here';
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'check the host name in the URL';
  return 'check that the server runs and listens on the host and port of the URL (default 5432), and that no firewall is in the way';
}

/**
 * A row that does not decode (its values do not fit its shape, its shape or merchant is missing): the database
 * was changed by something other than this package. `column` names where (`transactions.body`).
 */
export function damagedRow(shown: string, column: string, error: unknown): HistoryDatabaseError {
  const said = `${column}: ${error instanceof Error ? error.message : String(error)}`;
  return new HistoryDatabaseError(
    shown,
    'damaged',
    'BAD_JSON',
    'read',
    said,
    `a row of the PostgreSQL history ${shown} is damaged (${said})`,
    'restore the database from a backup, or sync into a new database',
    error,
  );
}
