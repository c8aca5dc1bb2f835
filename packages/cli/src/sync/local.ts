import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Balance, ListTransactionsParams, Merchant, Pot, Transaction } from 'monzo-ts';
import type { CliContext } from '../context.js';
import { CliError, UsageError } from '../errors.js';
import type { HistorySource } from '../export/history.js';
import type { AccountSource } from '../support/client.js';
import type { Database } from './database.js';
import { heldAccounts, lastBalance, readTransactions, rowJson } from './read.js';
import { openHistoryForReading } from './schema.js';

/**
 * The local history's file: `--db`, else `MONZO_DB`, else `history.sqlite` in the data directory
 * (`$XDG_DATA_HOME/monzo`, by default `~/.local/share/monzo`).
 */
export function historyFile(context: CliContext, flag: string | undefined): string {
  const chosen = flag ?? (context.terminal.env.MONZO_DB || undefined);
  return chosen ? resolve(context.terminal.cwd, chosen) : join(context.paths.data, 'history.sqlite');
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
export function openLocalHistory(context: CliContext, flag: string | undefined): Database {
  const file = historyFile(context, flag);
  if (!existsSync(file)) {
    throw new CliError(
      `there is no local history at ${file}`,
      flag ? 'check --db, or run `monzo sync --db FILE` first' : 'run `monzo sync` first (or pass --db FILE)',
    );
  }
  return openHistoryForReading(file);
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
export function localClient(db: Database): ReadClient {
  return {
    accounts: { list: async () => heldAccounts(db) },
    transactions: {
      async *iterate(params: ListTransactionsParams): AsyncGenerator<Transaction<Merchant>, void, undefined> {
        yield* readTransactions(db, {
          account_id: params.account_id,
          since: time(params.since, 'since'),
          before: time(params.before, 'before'),
        });
      },
    },
    balance: {
      get: async (accountId: string): Promise<Balance> => {
        const last = lastBalance(db, accountId);
        if (!last) throw new CliError(`the local history has no balance of ${accountId}`, 'run `monzo sync`');
        return last.balance;
      },
    },
    pots: {
      list: async (accountId: string) =>
        db
          .prepare('SELECT json FROM pots WHERE account_id = ? ORDER BY id')
          .all(accountId)
          .map((row) => rowJson<Pot>(db, 'pots', row.json)),
    },
  };
}

function time(value: Date | string | undefined, name: string): Date | undefined {
  if (value === undefined || value instanceof Date) return value;
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) throw new CliError(`the local history reads --${name} as a time only`);
  return parsed;
}
