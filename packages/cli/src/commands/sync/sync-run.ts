import {
  type AccountSync,
  describeProgress,
  openHistory,
  type SyncNotice,
  sqliteDriverName,
} from '@monzo-ts/history';
import type { Account, MonzoClient } from 'monzo-ts';
import type { CliContext } from '../../context.js';
import { CliError, explain } from '../../errors.js';
import { createProgress } from '../../export/progress.js';
import { colorsFor, output } from '../../output/output.js';
import { count, counted } from '../../output/wording.js';
import type { GlobalOptions } from '../../support/globals.js';
import { asCli, DatabaseError } from '../../sync/errors.js';
import { historyLocation, isDatabaseUrl, shownLocation } from '../../sync/local.js';

/** What `monzo sync` reports: the summary of `@monzo-ts/history`'s sync, and where it went. */
export interface SyncRun {
  db: string;
  accounts: AccountSync[];
  inserted: number;
  updated: number;
  held: number;
  first: string | null;
  last: string | null;
}

/** What the CLI says for the notices of a sync whose wording is the CLI's own. */
const RELOGIN =
  'For the whole history, run `monzo login` and approve it in the Monzo app: it syncs at once, while Monzo allows.';

/** What a sync is asked for besides the database: the options of `monzo sync`, and what a login knows. */
export interface RunSyncOptions {
  db?: string | undefined;
  recheckDays?: number | undefined;
  accounts?: Account[] | undefined;
  concurrency?: number | undefined;
  /** When the login was approved in the Monzo app (`monzo login`): the 5-minute window's end is known. */
  approvedAt?: Date | undefined;
  /** `client.whoami()`, when the caller asked it already (`monzo sync` does, before loading this module). */
  whoami?: Promise<{ user_id: string }> | undefined;
}

/**
 * Syncs into the database chosen by `--db`: on a terminal a progress line (accounts, transactions, rate, time
 * left in the 5-minute window), notices on stderr.
 */
export async function runSync(
  context: CliContext,
  globals: GlobalOptions,
  client: MonzoClient,
  options: RunSyncOptions,
): Promise<SyncRun> {
  const out = output(context);
  const location = historyLocation(context, options.db);
  // Whose login this is, asked first: the request travels while the database opens (its driver, its schema),
  // rather than after. Its failure is the sync's, below; until then it is only held.
  const whoami = options.whoami ?? client.whoami();
  whoami.catch(() => undefined);
  const history = await asCli(() => openHistory(location));
  const progress = createProgress(context.terminal, { json: globals.json, verb: 'syncing', lines: true });
  try {
    const { user_id } = await whoami;
    const summary = await asCli(() =>
      history.sync(client, {
        user_id,
        accounts: options.accounts,
        recheckDays: options.recheckDays,
        concurrency: options.concurrency,
        approvedAt: options.approvedAt,
        progress: {
          update: (fetched, share, detail) => progress.update(fetched, share, describeProgress(detail)),
        },
        notice: (notice: SyncNotice) => out.message(notice.kind === 'incomplete' ? RELOGIN : notice.text),
      }),
    );
    const { accounts, inserted, updated, held, first, last } = summary;
    return { db: shownLocation(location), accounts, inserted, updated, held, first, last };
  } finally {
    progress.stop();
    await history.close();
  }
}

/**
 * Right after `monzo login`: the whole history into the default database while Monzo allows. Skipped, with a
 * note, where there is no SQLite binding; a failure keeps the login and says how to retry.
 */
export async function syncAfterLogin(
  context: CliContext,
  globals: GlobalOptions,
  client: MonzoClient,
  approvedAt: Date,
): Promise<SyncRun | undefined> {
  const out = output(context);
  const colors = colorsFor(context, 'stderr');
  const location = historyLocation(context, undefined);
  if (!isDatabaseUrl(location) && !sqliteDriverName()) {
    out.message(
      colors.dim('Not syncing the local history: there is no SQLite here (`monzo sync` says how to add it).'),
    );
    return undefined;
  }
  out.message(
    `Syncing your whole history into ${shownLocation(location)} while Monzo allows (--no-sync skips this)…`,
  );
  let summary: SyncRun;
  try {
    summary = await runSync(context, globals, client, { approvedAt });
  } catch (error) {
    const { reason, hint } = explain(error);
    // The database's own advice (free space, permissions…) is what makes the retry work.
    throw new CliError(
      `logged in, but the sync of the local history failed: ${reason}`,
      error instanceof DatabaseError
        ? `the login is saved; ${hint}`
        : 'the login is saved: run `monzo sync` to try again',
    );
  }
  out.message(
    `${colors.green('✔')} Synced: ${count(summary.inserted)} new, ${count(summary.updated)} updated; ` +
      `${counted(summary.held, 'transaction')} held. Read them with \`monzo transactions --offline\`.`,
  );
  return summary;
}

/** The summary: a table of accounts and a total on stdout, or one JSON document with `--json`. */
export function printSummary(context: CliContext, globals: GlobalOptions, summary: SyncRun): void {
  const out = output(context);
  if (globals.json) {
    out.json(summary);
    return;
  }
  out.table(
    ['account', 'new', 'updated', 'held', 'from', 'to', 'complete'],
    summary.accounts.map((account) => [
      `${account.id} (${account.type ?? 'account'})`,
      count(account.inserted),
      count(account.updated),
      count(account.held),
      day(account.first),
      day(account.last),
      account.complete_since === null ? 'whole history' : `since ${day(account.complete_since)}`,
    ]),
    [1, 2, 3],
  );
  out.text(
    `${count(summary.inserted)} new, ${count(summary.updated)} updated: ${counted(summary.held, 'transaction')} held` +
      `${summary.first ? ` from ${day(summary.first)} to ${day(summary.last)}` : ''}, in ${summary.db}`,
  );
}

function day(time: string | null): string {
  return time ? time.slice(0, 10) : '-';
}
