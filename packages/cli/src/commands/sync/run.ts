import {
  type AccountSync,
  DEFAULT_RECHECK_DAYS,
  describeProgress,
  MAX_CONCURRENCY,
  openHistory,
  type SyncNotice,
  sqliteDriverName,
} from '@monzo-ts/history';
import { type Command, Option } from 'commander';
import type { Account, MonzoClient } from 'monzo-ts';
import type { CliContext } from '../../context.js';
import { CliError, explain, UsageError } from '../../errors.js';
import { createProgress } from '../../export/progress.js';
import { colorsFor, output } from '../../output/output.js';
import { count, counted } from '../../output/wording.js';
import { chooseAccount } from '../../support/account.js';
import { connect } from '../../support/client.js';
import { type GlobalOptions, globalsOf } from '../../support/globals.js';
import { asCli, DatabaseError } from '../../sync/errors.js';
import { historyLocation, isDatabaseUrl, shownLocation } from '../../sync/local.js';

const HELP = `
Monzo shows the whole history only in the 5 minutes after a login is approved, and then only the last 90 days.
monzo sync keeps every transaction in a SQLite database on this computer (or a PostgreSQL one, with
--db postgres://…), so that it outlives that window:
the first sync after a login takes everything (monzo login runs it at once), later ones what is new, reading
the last ${DEFAULT_RECHECK_DAYS} days again so that pending payments that settled are updated. The first sync
reads an account's life in time windows, many requests at once (a few to start with, more while Monzo answers
fast, fewer when it says to slow down; --concurrency N fixes the number), every account at once, so that even a
long history fits in the 5 minutes; what the window's close leaves unread is kept as gaps, filled by a sync
right after the next login. Each page is committed as it comes: an interrupted sync fetches only what it had not.
Accounts, pots and a balance per sync are kept too; every object reads back exactly as Monzo sent it.
On a terminal, a line shows the accounts done, the transactions so far, the rate and the time left.

The database: --db, else MONZO_HISTORY_DB (MONZO_DB, its old name, still works), else
$XDG_DATA_HOME/monzo/history.sqlite (~/.local/share/monzo/…). Every open account is synced, or only --account.
Two syncs of one database take turns: an account another sync is taking waits for it to finish.

Examples:
  $ monzo login                                   # approve in the app: the whole history is synced at once
  $ monzo sync                                    # later, as often as you like
  $ monzo transactions --offline --since 2024-01-01 --limit 20
  $ monzo transactions export --offline --format csv --out everything.csv
  $ monzo sync --json | jq '.inserted'
  $ sqlite3 ~/.local/share/monzo/history.sqlite 'SELECT category, SUM(amount) FROM transactions GROUP BY 1'`;

export interface SyncCommandOptions {
  db?: string | undefined;
  recheckDays?: string | undefined;
  concurrency?: string | undefined;
}

/** `monzo sync`: brings the local history up to date. */
export function registerSync(program: Command, context: CliContext): void {
  program
    .command('sync')
    .description('keep your whole history in a local SQLite database, past the 90 days Monzo shows')
    .option('--db <file>', 'the database file (default: MONZO_HISTORY_DB, else in the data directory)')
    .addOption(
      // The default as commander shows it: `(default: 14)`, not the string `"14"` it is read as.
      new Option(
        '--recheck-days <days>',
        'days read again before the last transaction held, to see payments settle',
      ).default(String(DEFAULT_RECHECK_DAYS), String(DEFAULT_RECHECK_DAYS)),
    )
    .option(
      '--concurrency <n>',
      `requests to Monzo at once, 1 to ${MAX_CONCURRENCY} (default: a few, adapting to how fast Monzo answers)`,
    )
    .addHelpText('after', HELP)
    .action(async (options: SyncCommandOptions, command: Command) => {
      const globals = globalsOf(command);
      const recheckDays = parseDays(options.recheckDays);
      const concurrency = parseConcurrency(options.concurrency);
      const client = await connect(context, globals);
      const accounts = await accountsFor(client, globals.account);
      const summary = await runSync(context, globals, client, {
        db: options.db,
        recheckDays,
        concurrency,
        accounts,
      });
      printSummary(context, globals, summary);
    });
}

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
  const whoami = client.whoami();
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

/** Every open account, or the one `--account` names (`all` is every open one too). */
async function accountsFor(client: MonzoClient, flag: string | undefined): Promise<Account[] | undefined> {
  if (flag === undefined || flag.toLowerCase() === 'all') return undefined;
  return [await chooseAccount(client, flag)];
}

function parseDays(text: string | undefined): number {
  const days = Number(text ?? DEFAULT_RECHECK_DAYS);
  if (!/^\d+$/.test(text ?? '0') || days > 90) {
    throw new UsageError(
      `--recheck-days: ${JSON.stringify(text)} is not a whole number of days from 0 to 90`,
    );
  }
  return days;
}

function parseConcurrency(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const requests = Number(text);
  if (!/^\d+$/.test(text) || requests < 1 || requests > MAX_CONCURRENCY) {
    throw new UsageError(
      `--concurrency: ${JSON.stringify(text)} is not a whole number from 1 to ${MAX_CONCURRENCY}`,
    );
  }
  return requests;
}

function day(time: string | null): string {
  return time ? time.slice(0, 10) : '-';
}
