import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type History, openHistory } from '@monzo-ts/history';
import type { Balance, ListTransactionsParams, Merchant, Pot, Transaction } from 'monzo-ts';
import type { CliContext } from '../context.js';
import { CliError, UsageError } from '../errors.js';
import type { HistorySource } from '../export/history.js';
import type { AccountSource } from '../support/client.js';
import { asCli, toCliError } from './errors.js';

/** A PostgreSQL URL: `--db` takes one as it is, where a file name is taken from the working directory. */
const DATABASE_URL = /^postgres(ql)?:\/\//i;

/**
 * The local history: `--db`, else `MONZO_HISTORY_DB`, else `MONZO_DB` (its old name), else `history.sqlite` in
 * the data directory (`$XDG_DATA_HOME/monzo`, by default `~/.local/share/monzo`). A file path (SQLite) or a
 * `postgres://` URL.
 */
export function historyLocation(context: CliContext, flag: string | undefined): string {
  const { env } = context.terminal;
  const chosen = flag ?? (env.MONZO_HISTORY_DB || env.MONZO_DB || undefined);
  if (!chosen) return join(context.paths.data, 'history.sqlite');
  return DATABASE_URL.test(chosen) ? chosen : resolve(context.terminal.cwd, chosen);
}

/** Whether the location is a database server rather than a file of this computer. */
export function isDatabaseUrl(location: string): boolean {
  return DATABASE_URL.test(location);
}

/** The location as it may be shown: a URL without its password. */
export function shownLocation(location: string): string {
  if (!isDatabaseUrl(location)) return location;
  try {
    const url = new URL(location);
    if (url.password) url.password = '***';
    return url.href;
  } catch {
    return location.replace(/\/\/[^@/]*@/, '//…@');
  }
}

/** Whether to read the local history: `--offline`; `--db` alone is refused rather than silently ignored. */
export function wantsOffline(offline: boolean | undefined, db: string | undefined): boolean {
  if (db !== undefined && !offline)
    throw new UsageError('--db is the local history that --offline reads: add --offline');
  return offline === true;
}

/**
 * Opens the local history for reading (`--offline`), read-only: one that does not exist yet is an error, not a
 * new file.
 */
export async function openLocalHistory(context: CliContext, flag: string | undefined): Promise<History> {
  const location = historyLocation(context, flag);
  if (!isDatabaseUrl(location) && !existsSync(location)) {
    throw new CliError(
      `there is no local history at ${location}`,
      flag ? 'check --db, or run `monzo sync --db FILE` first' : 'run `monzo sync` first (or pass --db FILE)',
    );
  }
  return asCli(() => openHistory(location, { readOnly: true }));
}

/** What the read commands ask of a client, which the local history answers too. */
export interface ReadClient extends AccountSource, HistorySource {
  pots: { list(current_account_id: string): Promise<Pot[]> };
}

/**
 * The local history dressed as the client the read commands use, so that `--offline` runs the very same code
 * as a read from Monzo: accounts, transactions (oldest first, merchants expanded), the last balance and pots
 * seen by `monzo sync`.
 */
export function localClient(history: History): ReadClient {
  return {
    accounts: { list: () => asCli(() => history.accounts()) },
    transactions: {
      async *iterate(params: ListTransactionsParams): AsyncGenerator<Transaction<Merchant>, void, undefined> {
        const query = {
          account_id: params.account_id,
          since: time(params.since, 'since'),
          before: time(params.before, 'before'),
        };
        try {
          yield* history.transactions(query);
        } catch (error) {
          throw toCliError(error);
        }
      },
    },
    balance: {
      get: async (accountId: string): Promise<Balance> => {
        const last = await asCli(() => history.lastBalance(accountId));
        if (!last) throw new CliError(`the local history has no balance of ${accountId}`, 'run `monzo sync`');
        return last.balance;
      },
    },
    pots: { list: (accountId: string) => asCli(() => history.pots(accountId)) },
  };
}

function time(value: Date | string | undefined, name: string): Date | undefined {
  if (value === undefined || value instanceof Date) return value;
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) throw new CliError(`the local history reads --${name} as a time only`);
  return parsed;
}
